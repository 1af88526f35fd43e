using System.Diagnostics;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Data;

public static class DataSetup
{
    /// <summary>The embedded SQLite database: one context per operation through <see cref="IDbContextFactory{TContext}"/>.</summary>
    public static IServiceCollection AddHandoffData(this IServiceCollection services, IConfiguration configuration)
    {
        var paths = HandoffPaths.From(configuration);
        paths.EnsureDirectories();
        services.AddSingleton(paths);
        services.AddDbContextFactory<AppDbContext>(options => options.UseHandoffSqlite(paths));
        return services;
    }

    /// <summary>The one way every context of the app (and of the tests) is pointed at the database file.</summary>
    /// <remarks>
    /// Queries that include collections run as split queries (one query per collection) unless they say otherwise:
    /// an onboarding's items and support matrix in one query would multiply each other (EF's cartesian warning).
    /// </remarks>
    public static DbContextOptionsBuilder UseHandoffSqlite(this DbContextOptionsBuilder options, HandoffPaths paths) =>
        options.UseSqlite(paths.ConnectionString, sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .AddInterceptors(SqliteConnectionSetup.Instance);

    /// <summary>
    /// Creates and migrates the database on first run (real migrations, never EnsureCreated), and sets it up
    /// for several people at once: WAL (kept in the file), so readers never wait for a writer; writers wait on a
    /// busy lock instead of failing (<see cref="SqliteConnectionSetup"/>'s busy timeout on every connection, the
    /// connection's Default Timeout, and the services' retry); foreign keys on for every connection (connection string).
    /// </summary>
    public static async Task MigrateHandoffDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var paths = services.GetRequiredService<HandoffPaths>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataSetup));
        logger.LogInformation("Database: {DatabaseFile}", paths.DatabaseFile);

        var started = Stopwatch.GetTimestamp();
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            // Migrate only when a migration is pending: MigrateAsync on an up-to-date file still compares the model with
            // the migrations' snapshot and takes the migrations lock (seconds on a large workspace at start-up).
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var migrated = Stopwatch.GetElapsedTime(started);
        var refreshed = await RefreshGateSummariesAsync(factory, cancellationToken, services.GetRequiredService<TimeProvider>());
        logger.LogInformation("Database ready in {Elapsed} ms (migrations checked in {Migrations} ms; {Refreshed} gate summaries computed)",
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)migrated.TotalMilliseconds, refreshed);
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
            await db.SaveChangesAsync(cancellationToken);
            refreshed += batch.Count;
        }
    }

    /// <summary>True for SQLite's "database is busy / locked" errors, which are worth retrying.</summary>
    public static bool IsBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }
        || exception.InnerException is { } inner && IsBusy(inner);
}
