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
    public static DbContextOptionsBuilder UseHandoffSqlite(this DbContextOptionsBuilder options, HandoffPaths paths) =>
        options.UseSqlite(paths.ConnectionString).AddInterceptors(new SqliteConnectionSetup());

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

        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>True for SQLite's "database is busy / locked" errors, which are worth retrying.</summary>
    public static bool IsBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }
        || exception.InnerException is { } inner && IsBusy(inner);
}
