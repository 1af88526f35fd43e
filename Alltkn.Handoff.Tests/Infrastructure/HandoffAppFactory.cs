using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// Hosts the whole app in memory (TestServer) on its own SQLite file in a temporary folder, with a
/// bootstrap administrator whose credentials are <see cref="AdminEmail"/> / <see cref="AdminPassword"/>.
/// Use <see cref="HandoffServer"/> instead when a real browser must reach the app over a real port.
/// </summary>
/// <example>
/// <code>
/// // As a class fixture (one app per test class): public sealed class MyTests(HandoffAppFactory app) : IClassFixture&lt;HandoffAppFactory&gt;
/// await using var app = new HandoffAppFactory { ExtraSettings = new Dictionary&lt;string, string?&gt; { ["Handoff:SampleData"] = "true" } };
/// using var client = app.CreateClient();
/// </code>
/// </example>
/// <remarks>
/// Settings are applied with <c>UseSetting</c>, which WebApplicationFactory hands to the app as command-line
/// arguments: they win over appsettings.json and environment variables and are already visible to code in
/// Program.cs that reads <c>builder.Configuration</c> before <c>builder.Build()</c>.
/// </remarks>
public class HandoffAppFactory : WebApplicationFactory<Program>
{
    /// <summary>The e-mail of the administrator the app creates on first start.</summary>
    public const string AdminEmail = "admin@alltkn.test";

    /// <summary>The password of that administrator (long and mixed, so any password policy accepts it; without the e-mail's name part).</summary>
    public const string AdminPassword = "Handoff-Test-Keeper-2026!";

    /// <summary>
    /// The hosting environment of test hosts unless <see cref="ExtraSettings"/> sets <c>["environment"]</c>.
    /// Development, like <c>dotnet run</c>: the container validates scopes on build and Blazor reports
    /// detailed circuit errors, which makes failures readable. Static web assets (MudBlazor's css/js under
    /// <c>_content/MudBlazor/</c>, <c>_framework/blazor.web.js</c>) are served in every environment, because
    /// the test host finds them through the build output's static web assets manifests (see the tests).
    /// </summary>
    public const string EnvironmentName = "Development";

    private static readonly IReadOnlyDictionary<string, string?> NoSettings = new Dictionary<string, string?>();

    private readonly Lock _databaseLock = new();
    private TestDatabase? _database;
    private bool _ownsDatabase;

    /// <summary>
    /// The temporary folder and SQLite file this host uses. Unless set (with an object initializer), a new
    /// folder is created on first use and deleted when the factory is disposed. A folder that is set is
    /// neither emptied nor deleted: start a second factory on the same <see cref="TestDatabase"/> to
    /// restart the app on the same data.
    /// </summary>
    public TestDatabase Database
    {
        get
        {
            lock (_databaseLock)
            {
                if (_database is null)
                {
                    _database = new TestDatabase();
                    _ownsDatabase = true;
                }
                return _database;
            }
        }
        init => _database = value;
    }

    /// <summary>
    /// Configuration values that override the test defaults (and appsettings.json), e.g.
    /// <c>["Handoff:SampleData"] = "true"</c>. Set with an object initializer, or in a derived class's
    /// constructor to make a class fixture with other settings.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ExtraSettings { get; init; } = NoSettings;

    /// <summary>Everything this factory gives the app's configuration: the test defaults merged with <see cref="ExtraSettings"/>.</summary>
    public IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["environment"] = EnvironmentName,
                ["Handoff:DatabasePath"] = Database.DatabasePath,
                ["Handoff:SampleData"] = "false",
                ["Handoff:BootstrapAdmin:Email"] = AdminEmail,
                ["Handoff:BootstrapAdmin:Password"] = AdminPassword,
                // Keep test output readable; warnings and errors still show.
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in ExtraSettings)
            {
                settings[key] = value;
            }
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DisposeOwnedDatabase();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DisposeOwnedDatabase();
        }
    }

    private void DisposeOwnedDatabase()
    {
        lock (_databaseLock)
        {
            if (_ownsDatabase)
            {
                _database?.Dispose();
            }
        }
    }
}
