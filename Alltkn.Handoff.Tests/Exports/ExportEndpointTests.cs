using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using CsvHelper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// The download endpoints over HTTP, as mapped by <see cref="ExportEndpoints.MapHandoffExports"/>, on a host with the
/// app's data, localization and services over a real SQLite file and the real <see cref="AuthenticatedActor"/>
/// (people and roles read from the database). Sign-in is a test scheme that trusts a header naming the user, standing
/// in for the cookie sign-in the identity work adds; once that is on main these requests can go through the full app.
/// </summary>
public sealed class ExportEndpointTests : IAsyncLifetime
{
    private const string UserHeader = "X-Test-User";

    private DirectoryInfo _folder = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Onboarding _onboarding = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _folder = Directory.CreateTempSubdirectory("alltkn-export-endpoints-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration[HandoffPaths.DatabasePathKey] = Path.Combine(_folder.FullName, "handoff.db");
        builder.Services.AddHandoffLocalization();
        builder.Services.AddHandoffData(builder.Configuration);
        builder.Services.AddHandoffServices();
        builder.Services.AddScoped<AuthenticationStateProvider, ServerAuthenticationStateProvider>();
        builder.Services.AddAuthentication(HeaderSignIn.Name).AddScheme<AuthenticationSchemeOptions, HeaderSignIn>(HeaderSignIn.Name, null);
        builder.Services.AddAuthorization();
        _app = builder.Build();
        await _app.Services.MigrateHandoffDatabaseAsync(cancellationToken);
        _app.UseHandoffLocalization();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapHandoffExports();
        await _app.StartAsync(cancellationToken);
        _client = _app.GetTestClient();

        var factory = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        foreach (var role in Enum.GetValues<Role>())
        {
            db.Roles.Add(new IdentityRole(role.ToString()) { NormalizedName = role.ToString().ToUpperInvariant() });
        }
        await db.SaveChangesAsync(cancellationToken);
        await AddUserAsync(db, "viewer", Role.Viewer);
        await AddUserAsync(db, "no-role");
        var admin = new Actor("admin", "Ada Admin", [Role.TeamAdmin]);
        _onboarding = Onboarding.Open(Scenario.EnterpriseTrial, new OnboardingDetails
        {
            Customer = "BIZ-Customer-Endpoint",
            ProcurementEntity = "示例采购主体",
            BaseUrl = "https://TECH-BaseUrl-Endpoint.example/v1",
            PaymentMethod = "对公转账",
        }, admin, DateTime.UtcNow);
        db.Onboardings.Add(_onboarding);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp directory.
        }
    }

    [Theory]
    [InlineData("technical.md")]
    [InlineData("business.json")]
    [InlineData("checklist.csv")]
    public async Task Downloads_need_a_signed_in_person(string file)
    {
        using var response = await _client.GetAsync($"/onboardings/{_onboarding.Id}/export/{file}", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_person_without_any_role_may_not_download()
    {
        using var response = await GetAsync($"/onboardings/{_onboarding.Id}/export/technical.md", "no-role");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Sign in with a role");
    }

    [Fact]
    public async Task A_viewer_downloads_the_technical_markdown_as_an_attachment_holding_only_that_package()
    {
        using var response = await GetAsync($"/onboardings/{_onboarding.Id}/export/technical.md", "viewer");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/markdown");
        response.Content.Headers.ContentType.CharSet.Should().Be("utf-8");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileName.Should().Be(HandoffPackageExporter.FileName(_onboarding.Id, HandoffPackage.Technical, "md"));
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var markdown = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        markdown.Should().StartWith("# Technical handoff package").And.Contain("TECH-BaseUrl-Endpoint")
            .And.NotContain("BIZ-Customer-Endpoint").And.NotContain("对公转账");
    }

    [Fact]
    public async Task The_markdown_download_is_in_the_language_the_person_chose()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/onboardings/{_onboarding.Id}/export/business.md");
        request.Headers.Add(UserHeader, "viewer");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var markdown = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        markdown.Should().StartWith("# 商务交接包").And.Contain("对公转账").And.NotContain("TECH-BaseUrl-Endpoint");
    }

    [Fact]
    public async Task A_viewer_downloads_the_business_json()
    {
        using var response = await GetAsync($"/onboardings/{_onboarding.Id}/export/Business.json", "viewer");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be(HandoffPackageExporter.FileName(_onboarding.Id, HandoffPackage.Business, "json"));
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        bytes[0].Should().Be((byte)'{', "JSON is written without a byte order mark");
        using var json = System.Text.Json.JsonDocument.Parse(bytes);
        json.RootElement.GetProperty("fields").GetProperty("customer").GetString().Should().Be("BIZ-Customer-Endpoint");
        json.RootElement.GetProperty("fields").GetProperty("paymentMethod").GetString().Should().Be("对公转账");
    }

    [Fact]
    public async Task The_checklist_csv_download_starts_with_a_byte_order_mark_and_can_be_filtered_by_package()
    {
        using var all = await GetAsync($"/onboardings/{_onboarding.Id}/export/checklist.csv", "viewer");
        using var business = await GetAsync($"/onboardings/{_onboarding.Id}/export/checklist.csv?package=business", "viewer");

        all.StatusCode.Should().Be(HttpStatusCode.OK);
        all.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        all.Content.Headers.ContentDisposition!.FileName.Should().Be(HandoffPackageExporter.ChecklistFileName(_onboarding.Id, null));
        var allBytes = await all.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        allBytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        Packages(allBytes).Should().HaveCount(_onboarding.Items.Count);

        business.Content.Headers.ContentDisposition!.FileName.Should().Be(HandoffPackageExporter.ChecklistFileName(_onboarding.Id, HandoffPackage.Business));
        Packages(await business.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken))
            .Should().HaveCount(_onboarding.Items.Count(i => i.Package == HandoffPackage.Business)).And.OnlyContain(p => p == "Business package");
    }

    [Theory]
    [InlineData("finance.md")]
    [InlineData("0.json")]
    [InlineData("checklist.csv?package=everything")]
    public async Task An_unknown_package_is_refused_with_what_to_use_instead(string file)
    {
        using var response = await GetAsync($"/onboardings/{_onboarding.Id}/export/{file}", "viewer");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Use technical or business.");
    }

    [Fact]
    public async Task An_onboarding_that_does_not_exist_is_not_found()
    {
        using var response = await GetAsync($"/onboardings/{Guid.CreateVersion7()}/export/technical.json", "viewer");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("does not exist");
    }

    private static List<string> Packages(byte[] csvBytes)
    {
        using var csv = CsvReader.Create(csvBytes);
        var packages = new List<string>();
        while (csv.Read())
        {
            packages.Add(csv.GetString("Package"));
        }
        return packages;
    }

    private Task<HttpResponseMessage> GetAsync(string url, string userId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(UserHeader, userId);
        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AddUserAsync(AppDbContext db, string id, params Role[] roles)
    {
        db.Users.Add(new HandoffUser
        {
            Id = id, UserName = $"{id}@example.com", NormalizedUserName = $"{id}@EXAMPLE.COM", Email = $"{id}@example.com",
            DisplayName = id, CreatedAtUtc = DateTime.UtcNow,
        });
        foreach (var role in roles)
        {
            var stored = await db.Roles.SingleAsync(r => r.Name == role.ToString());
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = stored.Id });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Signs in the user whose id the request names in <see cref="UserHeader"/>; anyone else is anonymous.</summary>
    private sealed class HeaderSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "TestHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var userId) || string.IsNullOrEmpty(userId))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
