using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Alltkn.Handoff.Front;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Alltkn.Handoff.Tests.Hosting.Front;

/// <summary>
/// Two app instances (<see cref="TaggedInstance"/> A and B) on one throwaway PostgreSQL database, each on its own Kestrel
/// port, behind the sticky front of <c>deploy/Alltkn.Handoff.Front</c> started in process with its own appsettings.json
/// (only the two destination addresses are replaced) on a real HTTPS port with a self-signed certificate: the front ends
/// TLS, as in production. A class fixture; without <see cref="PostgreSqlDatabase.ServerVariable"/> nothing starts.
/// </summary>
public class FrontCluster : IAsyncLifetime
{
    /// <summary>The affinity cookie named in the front's appsettings.json.</summary>
    public const string AffinityCookie = ".Alltkn.Handoff.Instance";

    private readonly PostgreSqlDatabase _database = new();
    private WebApplication? _front;

    /// <summary>Settings of the front over its appsettings.json besides the two destinations (none here).</summary>
    protected virtual IReadOnlyDictionary<string, string?> FrontSettings { get; } = new Dictionary<string, string?>();

    public static string FrontFolder => Path.Combine(TestArtifacts.RepositoryRoot, "deploy", "Alltkn.Handoff.Front");

    public TaggedInstance A { get; private set; } = null!;

    public TaggedInstance B { get; private set; } = null!;

    /// <summary>The front's root, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public TaggedInstance Other(string name) => name == A.Name ? B : A;

    /// <summary>A browser-like client of the front: cookies in <paramref name="cookies"/>, no redirects followed, the test certificate accepted.</summary>
    public HttpClient CreateClient(CookieContainer cookies) =>
        new(new HttpClientHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        })
        { BaseAddress = Address };

    public static bool AcceptAnyCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        if (PostgreSqlDatabase.ServerConnectionString is null)
        {
            return;
        }
        // One after the other: the first creates the bootstrap admin in the shared database.
        A = new TaggedInstance("A") { ExtraSettings = _database.Settings };
        A.Start();
        B = new TaggedInstance("B") { ExtraSettings = _database.Settings };
        B.Start();
        _front = await StartFrontAsync(A.ServerAddress, B.ServerAddress, FrontSettings);
        Address = new Uri(_front.Urls.Single().TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_front is not null)
        {
            await _front.DisposeAsync();
        }
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    private static async Task<WebApplication> StartFrontAsync(Uri first, Uri second, IReadOnlyDictionary<string, string?> settings)
    {
        // The content root is the front's project folder, so the builder reads its appsettings.json as `dotnet run` there does.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = FrontFolder, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{FrontSetup.ProxySection}:Clusters:handoff:Destinations:app1:Address"] = first.ToString(),
            [$"{FrontSetup.ProxySection}:Clusters:handoff:Destinations:app2:Address"] = second.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        using var certificate = SelfSignedCertificate();
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(X509CertificateLoader.LoadPkcs12(pfx, null))));
        builder.Services.AddHandoffFront(builder.Configuration);
        var front = builder.Build();
        front.MapHandoffFront();
        await front.StartAsync(TestContext.Current.CancellationToken);
        return front;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
