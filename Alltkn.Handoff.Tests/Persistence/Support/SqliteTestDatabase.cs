using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// A real SQLite file in its own temporary folder, started the way the app starts: the app's own
/// <see cref="DataSetup.AddHandoffData"/> and <see cref="ServicesSetup.AddHandoffServices"/> registrations, then
/// <see cref="DataSetup.MigrateHandoffDatabaseAsync"/> (the real migrations). <see cref="RestartAsync"/> stops
/// and starts again on the same file. The folder is deleted on dispose.
/// </summary>
public sealed class SqliteTestDatabase : IHandoffTestDatabase
{
    private readonly Dictionary<string, string?> _settings;
    private ServiceProvider _services;

    private SqliteTestDatabase(string folder, string databaseFile, IReadOnlyDictionary<string, string?>? settings)
    {
        Folder = folder;
        DatabaseFile = databaseFile;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [HandoffPaths.DatabasePathKey] = databaseFile,
        };
        _services = Build();
    }

    /// <summary>The temporary folder (deleted on dispose). The database sits below it, in folders start-up creates.</summary>
    public string Folder { get; }

    public string DatabaseFile { get; }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public SettableClock Clock { get; } = new(TestClock.Now);

    public IServiceProvider Services => _services;

    public IDbContextFactory<AppDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>
    /// The app's one in-process notifier (a singleton, as in the app), except that it runs each reload inline when a
    /// change is published, so a test sees what was heard when the call returns (the app queues them to the thread pool).
    /// </summary>
    public ChangeNotifier Notifier => _services.GetRequiredService<ChangeNotifier>();

    public string ConnectionString => _services.GetRequiredService<HandoffPaths>().ConnectionString;

    /// <summary>
    /// A new folder with nothing in it; the database file and its own folder do not exist until start-up creates them.
    /// </summary>
    public static async Task<SqliteTestDatabase> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "alltkn-persistence-tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}");
        var database = new SqliteTestDatabase(folder, Path.Combine(folder, "data", "handoff.db"), settings);
        await database.StartAsync();
        return database;
    }

    public AppDbContext NewContext() => Contexts.CreateDbContext();

    /// <summary>A context on the same file whose commands and saves pass through <paramref name="interceptors"/>.</summary>
    public AppDbContext NewContext(params IInterceptor[] interceptors) => new(Options(interceptors));

    /// <summary>A context factory whose contexts use <paramref name="interceptors"/>, for services under test.</summary>
    public IDbContextFactory<AppDbContext> ContextsWith(params IInterceptor[] interceptors) => new InterceptedFactory(Options(interceptors));

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

    /// <summary>The onboarding as stored now, read through a new context.</summary>
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

    /// <summary>A raw connection to the file, outside EF and outside the app's connection string settings.</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    System.Data.Common.DbConnection IHandoffTestDatabase.OpenRawConnection() => OpenRawConnection();

    /// <summary>Stops (every pooled connection closed) and starts again on the same file: the migrations run again.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _services = Build();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        for (var attempt = 1; attempt <= 5 && Directory.Exists(Folder); attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
            catch (IOException)
            {
                // A folder left in the temp directory must not fail a test.
            }
        }
    }

    private Task StartAsync() => _services.MigrateHandoffDatabaseAsync(TestContext.Current.CancellationToken);

    private async Task StopAsync()
    {
        var connectionString = ConnectionString;
        await _services.DisposeAsync();
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
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
        options.UseHandoffSqlite(_services.GetRequiredService<HandoffPaths>()).AddInterceptors(interceptors);
        return options.Options;
    }

    private sealed class InterceptedFactory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options);
    }
}
