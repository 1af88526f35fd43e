using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL database for one test class (use as a class fixture): <c>handoff_test_&lt;guid&gt;</c>, created on the
/// server named by <see cref="ServerVariable"/> (test.sh starts one), migrated the way the app starts (the app's own
/// <see cref="DataSetup.AddHandoffData"/> with <c>Handoff:Database:Provider=PostgreSQL</c>, then
/// <see cref="DataSetup.MigrateHandoffDatabaseAsync"/>), and dropped at the end. Without the variable nothing is created, and
/// every test calls <see cref="SkipUnlessAvailable"/> first, so <c>dotnet test</c> without the script still runs.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncLifetime
{
    /// <summary>An admin connection string to a PostgreSQL server, e.g. <c>Host=127.0.0.1;Port=5433;Username=postgres;Database=postgres</c>.</summary>
    public const string ServerVariable = "HANDOFF_TEST_POSTGRES";

    private ServiceProvider? _services;

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    public string Name { get; } = $"handoff_test_{Guid.NewGuid():N}";

    /// <summary>The connection string of this class's database (empty when no server is configured).</summary>
    public string ConnectionString { get; private set; } = "";

    public SettableClock Clock { get; } = new(TestClock.Now);

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("No PostgreSQL server: call SkipUnlessAvailable first.");

    public IDbContextFactory<AppDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>The app's settings for this database (what a deployment puts in appsettings.json or the environment).</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [HandoffDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
        [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = ConnectionString,
    };

    /// <summary>Skips the calling test, saying why, when no PostgreSQL server is configured.</summary>
    public static void SkipUnlessAvailable()
    {
        if (ServerConnectionString is null)
        {
            Assert.Skip($"No PostgreSQL server: set {ServerVariable} to an admin connection string (test.sh starts a throwaway cluster and sets it).");
        }
    }

    public AppDbContext NewContext() => Contexts.CreateDbContext();

    /// <summary>Stores an onboarding built in memory (with the builders) and its pending revision entries, as a service would.</summary>
    public async Task<Onboarding> SaveAsync(Onboarding onboarding)
    {
        await using var db = NewContext();
        db.Onboardings.Add(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        onboarding.ClearPendingRevisions();
        return onboarding;
    }

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
    public async Task<NpgsqlConnection> OpenRawConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public async ValueTask InitializeAsync()
    {
        if (ServerConnectionString is not { } server)
        {
            return;
        }
        await ExecuteOnServerAsync(server, $"CREATE DATABASE \"{Name}\"");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
        _services = Build();
        await _services.MigrateHandoffDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (ServerConnectionString is { } server && ConnectionString.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync(server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteOnServerAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHandoffData(configuration);
        services.AddHandoffServices();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(sp => new ChangeNotifier(sp.GetService<ILogger<ChangeNotifier>>(), Clock, ChangeNotifier.InlineDispatch));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
    }
}
