using System.Net;
using Alltkn.Handoff.Benchmarks.Scale;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// The app, hosted in this process by its own Program (WebApplicationFactory, as the browser tests do), on Kestrel at a
/// loopback port, on the benchmark database (a SQLite file or PostgreSQL, <see cref="BenchDatabase.Settings"/>): Production environment (with the build's static web assets), no sample
/// data, warnings and errors logged only (and, with <paramref name="startupLog"/>, the app's own start-up lines: where its start's time went).
/// </summary>
internal sealed class BenchServer(BenchDatabase database, bool startupLog = false) : WebApplicationFactory<Program>
{
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public BenchServer Start()
    {
        // The app's content root is its build output (Program.cs), wherever this command runs from: tell
        // WebApplicationFactory so, instead of letting it look for the solution folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ALLTKN_HANDOFF_APP", AppContext.BaseDirectory);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without reporting an address.");
        Address = new Uri(address.TrimEnd('/') + "/");
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("environment", "Production");
        foreach (var (key, value) in database.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Handoff:SampleData", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error");
        if (startupLog)
        {
            builder.UseSetting("Logging:LogLevel:Alltkn.Handoff.App", "Information");
        }
        // The build output is not a published app: serve _framework/blazor.web.js and the other static assets from the
        // build's manifest, as Development does by itself (without them no circuit starts in a browser).
        builder.UseStaticWebAssets();
    }
}
