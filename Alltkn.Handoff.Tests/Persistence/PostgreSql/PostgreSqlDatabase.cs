using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL database for one test class (use as a class fixture): a <see cref="PostgreSqlTestDatabase"/> (a
/// copy of the test run's migrated template on the server named by <see cref="ServerVariable"/>, which test.sh starts,
/// started the way the app starts), dropped at the end. Without the variable nothing is created, and every test calls
/// <see cref="SkipUnlessAvailable"/> first, so <c>dotnet test</c> without the script still runs.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncLifetime
{
    /// <summary>An admin connection string to a PostgreSQL server, e.g. <c>Host=127.0.0.1;Port=5433;Username=postgres;Database=postgres</c>.</summary>
    public const string ServerVariable = "HANDOFF_TEST_POSTGRES";

    private PostgreSqlTestDatabase? _database;

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    private PostgreSqlTestDatabase Database => _database ?? throw new InvalidOperationException("No PostgreSQL server: call SkipUnlessAvailable first.");

    public string Name => Database.Name;

    /// <summary>The connection string of this class's database (empty when no server is configured).</summary>
    public string ConnectionString => _database?.ConnectionString ?? "";

    public SettableClock Clock => Database.Clock;

    public IServiceProvider Services => Database.Services;

    public IDbContextFactory<AppDbContext> Contexts => Database.Contexts;

    /// <summary>The app's settings for this database (what a deployment puts in appsettings.json or the environment).</summary>
    public IReadOnlyDictionary<string, string?> Settings => Database.Settings;

    /// <summary>Skips the calling test, saying why, when no PostgreSQL server is configured.</summary>
    public static void SkipUnlessAvailable()
    {
        if (ServerConnectionString is null)
        {
            Assert.Skip($"No PostgreSQL server: set {ServerVariable} to an admin connection string (test.sh starts a throwaway cluster and sets it).");
        }
    }

    public AppDbContext NewContext() => Database.NewContext();

    /// <summary>Stores an onboarding built in memory (with the builders) and its pending revision entries, as a service would.</summary>
    public Task<Onboarding> SaveAsync(Onboarding onboarding) => Database.SaveAsync(onboarding);

    /// <summary>
    /// A database of its own for one test (created, migrated; dispose it at the end), for tests that count every row of a
    /// table and so cannot share the class's database. Skips the calling test when no server is configured.
    /// </summary>
    public static async Task<PostgreSqlDatabase> CreateAsync()
    {
        SkipUnlessAvailable();
        var database = new PostgreSqlDatabase();
        await database.InitializeAsync();
        return database;
    }

    public OnboardingService OnboardingServiceFor(Actor? actor) =>
        ActivatorUtilities.CreateInstance<OnboardingService>(Services, new TestActor(actor));

    /// <summary>A raw connection to this class's database, outside EF.</summary>
    public Task<NpgsqlConnection> OpenRawConnectionAsync() => Database.OpenRawConnectionAsync();

    public async ValueTask InitializeAsync()
    {
        if (ServerConnectionString is not null)
        {
            _database = await PostgreSqlTestDatabase.CreateAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
