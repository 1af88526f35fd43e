using System.Globalization;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL twin of <see cref="SqliteTestDatabase"/>: a throwaway database of one test, <c>handoff_test_&lt;guid&gt;</c>, on
/// the server of <see cref="PostgreSqlDatabase.ServerVariable"/>, started the way the app starts (its registrations with
/// <c>Handoff:Database:Provider=PostgreSQL</c>, then <see cref="DataSetup.MigrateHandoffDatabaseAsync"/>), and dropped on dispose.
/// </summary>
/// <remarks>
/// Running the PostgreSQL migrations takes about a second, so they run once per test run, into a template database
/// (<c>handoff_template_&lt;time&gt;_&lt;guid&gt;</c>, dropped when the test process ends; one left by an aborted run is dropped by
/// a later run after a day); each test's database is a copy of it (<c>CREATE DATABASE … TEMPLATE</c>, tens of milliseconds), and
/// start-up still runs on the copy (it finds no migration pending, and loads sample data when the settings ask for it).
/// </remarks>
public sealed class PostgreSqlTestDatabase : IHandoffTestDatabase
{
    private const string TemplatePrefix = "handoff_template_";
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;

    private readonly Dictionary<string, string?> _settings;
    private ServiceProvider _services;

    private PostgreSqlTestDatabase(string name, string connectionString, IReadOnlyDictionary<string, string?>? settings)
    {
        Name = name;
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [HandoffDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
            [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = connectionString,
        };
        _services = Build();
    }

    public DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The app's settings for this database (what a deployment puts in appsettings.json or the environment).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public SettableClock Clock { get; } = new(TestClock.Now);

    public IServiceProvider Services => _services;

    public IDbContextFactory<AppDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    public ChangeNotifier Notifier => _services.GetRequiredService<ChangeNotifier>();

    /// <summary>A new database copied from the migrated template; skips the calling test, saying why, when no server is configured.</summary>
    public static async Task<PostgreSqlTestDatabase> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var server = PostgreSqlDatabase.ServerConnectionString!;
        var template = await TemplateAsync(server);
        var name = $"handoff_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        var database = new PostgreSqlTestDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, settings);
        await database.StartAsync();
        return database;
    }

    public AppDbContext NewContext() => Contexts.CreateDbContext();

    public AppDbContext NewContext(params IInterceptor[] interceptors) => new(Options(interceptors));

    public IDbContextFactory<AppDbContext> ContextsWith(params IInterceptor[] interceptors) => new InterceptedFactory(Options(interceptors));

    public async Task<Onboarding> SaveAsync(Onboarding onboarding)
    {
        await using var db = NewContext();
        db.Onboardings.Add(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        onboarding.ClearPendingRevisions();
        return onboarding;
    }

    public async Task<Onboarding> LoadAsync(Guid onboardingId)
    {
        await using var db = NewContext();
        return await db.Onboardings.AsNoTracking().Include(o => o.Items)
            .SingleAsync(o => o.Id == onboardingId, TestContext.Current.CancellationToken);
    }

    public async Task<int> RevisionCountAsync(Guid? onboardingId = null)
    {
        await using var db = NewContext();
        return await db.Revisions.CountAsync(r => onboardingId == null || r.OnboardingId == onboardingId, TestContext.Current.CancellationToken);
    }

    /// <summary>A raw connection to this database, outside EF.</summary>
    public async Task<NpgsqlConnection> OpenRawConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public System.Data.Common.DbConnection OpenRawConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        _services = Build();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (PostgreSqlDatabase.ServerConnectionString is { } server)
        {
            await ExecuteOnServerAsync(server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        }
    }

    private Task StartAsync() => _services.MigrateHandoffDatabaseAsync(TestContext.Current.CancellationToken);

    private async Task StopAsync()
    {
        await _services.DisposeAsync();
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>The template of this test run, made (and migrated) by the first test that asks.</summary>
    private static async Task<string> TemplateAsync(string server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }
            await DropStaleTemplatesAsync(server);
            var name = $"{TemplatePrefix}{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}";
            await ExecuteOnServerAsync(server, $"CREATE DATABASE \"{name}\"");
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [HandoffDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
                [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = connectionString,
            }).Build();
            var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddHandoffData(configuration);
            await using (var provider = services.BuildServiceProvider())
            {
                await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
                await db.Database.MigrateAsync();
            }
            // A database is copied only while no one is connected to it.
            using (var pooled = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(server, name);
            return _template = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static void DropTemplate(string server, string name)
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server may be gone already (test.sh stops it); a later run drops what is left.
        }
    }

    /// <summary>Templates left by runs that were killed before they could drop theirs (a day old, so never a running one's).</summary>
    private static async Task DropStaleTemplatesAsync(string server)
    {
        var names = new List<string>();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{TemplatePrefix}%'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        foreach (var name in names)
        {
            var stamp = name.Substring(TemplatePrefix.Length, "yyyyMMddHHmmss".Length);
            if (DateTime.TryParseExact(stamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var made)
                && made < DateTime.UtcNow.AddDays(-1))
            {
                await ExecuteOnServerAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
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
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHandoffData(configuration);
        services.AddHandoffServices();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(sp => new ChangeNotifier(sp.GetService<ILogger<ChangeNotifier>>(), Clock, ChangeNotifier.InlineDispatch));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
    }

    private DbContextOptions<AppDbContext> Options(IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseHandoffPostgreSql(ConnectionString).AddInterceptors(interceptors);
        return options.Options;
    }

    private sealed class InterceptedFactory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options);
    }
}
