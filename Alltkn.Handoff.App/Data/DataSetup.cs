using System.Diagnostics;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Alltkn.Handoff.App.Data;

public static class DataSetup
{
    /// <summary>
    /// The workspace's database (<see cref="HandoffDatabase"/>: the embedded SQLite file by default, or PostgreSQL): one
    /// context per operation through <see cref="IDbContextFactory{TContext}"/>.
    /// </summary>
    public static IServiceCollection AddHandoffData(this IServiceCollection services, IConfiguration configuration)
    {
        var database = HandoffDatabase.From(configuration);
        var paths = HandoffPaths.From(configuration);
        if (!database.IsPostgreSql)
        {
            paths.EnsureDirectories();
        }
        services.AddSingleton(paths);
        services.AddSingleton(database);
        // Pooled: a context per operation still, but its internal services are made once per pooled instance instead of
        // at every operation (about a twentieth of an item update's processor time when they were made each time).
        services.AddPooledDbContextFactory<AppDbContext>(options => options.UseHandoffDatabase(database, paths));
        if (!database.IsPostgreSql)
        {
            services.AddHostedService<WalCheckpointer>();
        }
        return services;
    }

    /// <summary>Points a context at the configured database: <see cref="UseHandoffSqlite"/> or <see cref="UseHandoffPostgreSql"/>.</summary>
    public static DbContextOptionsBuilder UseHandoffDatabase(this DbContextOptionsBuilder options, HandoffDatabase database, HandoffPaths paths) =>
        database.IsPostgreSql ? options.UseHandoffPostgreSql(database.ConnectionString!) : options.UseHandoffSqlite(paths);

    /// <summary>The one way every context of the app (and of the tests) is pointed at the database file.</summary>
    /// <remarks>
    /// Queries that include collections run as split queries (one query per collection) unless they say otherwise:
    /// an onboarding's items and support matrix in one query would multiply each other (EF's cartesian warning).
    /// </remarks>
    public static DbContextOptionsBuilder UseHandoffSqlite(this DbContextOptionsBuilder options, HandoffPaths paths) =>
        options.UseSqlite(paths.ConnectionString, sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseCompiledModel(DatabaseProvider.Sqlite)
            .AddInterceptors(SqliteConnectionSetup.Instance)
            .ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();

    /// <summary>
    /// A PostgreSQL server (<c>ConnectionStrings:Handoff</c>): split queries as on SQLite, its own migrations
    /// (<see cref="ProviderMigrationsAssembly.PostgreSqlNamespace"/>), none of SQLite's connection set-up.
    /// </summary>
    public static DbContextOptionsBuilder UseHandoffPostgreSql(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseCompiledModel(DatabaseProvider.PostgreSQL)
            .ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();

    /// <summary>
    /// The provider's compiled model (<c>Data/CompiledModels</c>, made by <c>dotnet ef dbcontext optimize</c>): the first use
    /// of the database then loads the model instead of building it from the configurations (about 0.5 s of processor time
    /// at start-up, measured under load).
    /// Generated code, one per provider (column types differ): <c>Data/CompiledModels/regenerate.sh</c> after a model
    /// change, which <c>CompiledModelTests</c> asks for. EF's design-time model (migrations, <c>HasPendingModelChanges</c>)
    /// is still built from the configurations.
    /// </summary>
    public static DbContextOptionsBuilder UseCompiledModel(this DbContextOptionsBuilder options, DatabaseProvider provider) =>
#if HANDOFF_NO_COMPILED_MODELS
        options;
#else
        options.UseModel(provider == DatabaseProvider.PostgreSQL
            ? CompiledModels.PostgreSQL.AppDbContextModel.Instance
            : CompiledModels.Sqlite.AppDbContextModel.Instance);
#endif

    /// <summary>
    /// Creates and migrates the database on first run (real migrations, never EnsureCreated: the active provider's,
    /// see <see cref="ProviderMigrationsAssembly"/>), and, on SQLite, sets it up for several people at once: WAL (kept in the file), so readers never wait for a writer; writers wait on a
    /// busy lock instead of failing (<see cref="SqliteConnectionSetup"/>'s busy timeout on every connection, the
    /// connection's Default Timeout, and the services' retry); foreign keys on for every connection (connection string).
    /// </summary>
    public static async Task MigrateHandoffDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var paths = services.GetRequiredService<HandoffPaths>();
        var database = services.GetService<HandoffDatabase>() ?? HandoffDatabase.Sqlite;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataSetup));
        logger.LogInformation("Database: {DatabaseFile}", database.Describe(paths));
        if (!database.IsPostgreSql && !SqliteProcessSettings.MemoryStatisticsOff)
        {
            logger.LogWarning("SQLite's memory statistics are on (SQLite was set up before the app could turn them off): " +
                              "saves of many people at once wait longer for each other");
        }

        var started = Stopwatch.GetTimestamp();
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            // Migrate only when a migration is pending: MigrateAsync on an up-to-date file still compares the model with
            // the migrations' snapshot and takes the migrations lock (seconds on a large workspace at start-up).
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                if (db.Database.IsNpgsql())
                {
                    await MigrateOneAtATimeAsync(db, cancellationToken);
                }
                else
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        var migrated = Stopwatch.GetElapsedTime(started);
        var refreshed = await RefreshGateSummariesAsync(factory, cancellationToken, services.GetRequiredService<TimeProvider>());
        logger.LogInformation("Database ready in {Elapsed} ms (migrations checked in {Migrations} ms; {Refreshed} gate summaries computed)",
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)migrated.TotalMilliseconds, refreshed);
    }

    /// <summary>The advisory lock that lets one instance at a time migrate a PostgreSQL database ("Handoff" in ASCII).</summary>
    public const long MigrationLockKey = 0x48616E646F6666;

    /// <summary>
    /// Migrates a PostgreSQL database holding a session advisory lock (<see cref="MigrationLockKey"/>), so that instances
    /// starting together migrate one after the other: the first applies what is pending, the others then find nothing
    /// pending. (EF's own migrations lock did not keep three instances starting together on an empty database from
    /// applying one migration twice, "column already exists": <c>PostgreSqlStartTests</c>.)
    /// </summary>
    private static async Task MigrateOneAtATimeAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Computes, from the domain, the gate summary of every onboarding stored before summaries existed or by older rules
    /// (<see cref="GateSummary.CurrentVersion"/>), a batch at a time. Cheap when there is none: one indexed look-up.
    /// Returns how many were refreshed. Health (<see cref="HealthSummary"/>) is refreshed with it, as of <paramref name="clock"/>'s
    /// day; rows whose stored health has gone stale with time are the health refresh's (<c>Services/HealthRefresh</c>).
    /// </summary>
    public static async Task<int> RefreshGateSummariesAsync(IDbContextFactory<AppDbContext> factory, CancellationToken cancellationToken = default,
        TimeProvider? clock = null)
    {
        var today = WorkingDays.DateOf((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        const int batchSize = 500;
        var refreshed = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // Nothing stale (every start but the first after a change of rules): one look-up in each version's index.
            if (!await db.Onboardings.AnyAsync(o => o.Summary.Version < GateSummary.CurrentVersion, cancellationToken)
                && !await db.Onboardings.AnyAsync(o => o.Health.Version < HealthSummary.CurrentVersion, cancellationToken))
            {
                return refreshed;
            }
            var batch = await db.Onboardings.Include(o => o.Items).AsSplitQuery()
                .Where(o => o.Summary.Version < GateSummary.CurrentVersion || o.Health.Version < HealthSummary.CurrentVersion)
                .OrderBy(o => o.Id).Take(batchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return refreshed;
            }
            foreach (var onboarding in batch)
            {
                onboarding.RefreshSummary();
                onboarding.RefreshHealth(today);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance (starting at the same time, on PostgreSQL) or a person changed one of them meanwhile,
                // which stores a current summary itself: read the batch again.
                continue;
            }
            refreshed += batch.Count;
        }
    }

    /// <summary>
    /// True for errors worth retrying: SQLite's "database is busy / locked", PostgreSQL's serialization failure (40001)
    /// and deadlock (40P01).
    /// </summary>
    public static bool IsBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }
            or PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
        || exception.InnerException is { } inner && IsBusy(inner);
}
