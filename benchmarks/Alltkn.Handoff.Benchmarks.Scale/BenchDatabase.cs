using Alltkn.Handoff.App.Data;
using Npgsql;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>
/// Where a benchmark workspace lives: a SQLite file (the default) or a PostgreSQL database named by a connection string.
/// <see cref="Settings"/> are the app's own configuration keys for it, so the generator, the hosted app and the tests all
/// open it the way the app does.
/// </summary>
public sealed record BenchDatabase
{
    private BenchDatabase(DatabaseProvider provider, string location) => (Provider, Location) = (provider, location);

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file's full path, or the PostgreSQL connection string (which may hold a password: never printed).</summary>
    public string Location { get; }

    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSQL;

    public static BenchDatabase SqliteFile(string path) => new(DatabaseProvider.Sqlite, Path.GetFullPath(path));

    public static BenchDatabase PostgreSql(string connectionString) => new(DatabaseProvider.PostgreSQL, connectionString);

    /// <summary>
    /// From the command line's <c>--provider</c> (Sqlite or PostgreSQL; else the <c>HANDOFF_BENCH_PROVIDER</c> variable; else
    /// Sqlite), <c>--database PATH</c> for SQLite and <c>--connection</c> (else <c>HANDOFF_BENCH_CONNECTION</c>) for PostgreSQL.
    /// Returns null with <paramref name="problem"/> set when something is missing.
    /// </summary>
    public static BenchDatabase? From(string? provider, string? databasePath, string? connectionString, out string? problem)
    {
        problem = null;
        var name = provider ?? Environment.GetEnvironmentVariable("HANDOFF_BENCH_PROVIDER");
        var chosen = DatabaseProvider.Sqlite;
        if (name is { Length: > 0 } && (!Enum.TryParse(name, ignoreCase: true, out chosen) || !Enum.IsDefined(chosen)))
        {
            problem = $"--provider is '{name}': give Sqlite (the default) or PostgreSQL.";
            return null;
        }
        if (chosen == DatabaseProvider.Sqlite)
        {
            if (databasePath is not { Length: > 0 })
            {
                problem = "--database is missing: give the SQLite file, e.g. /tmp/bench/handoff.db.";
                return null;
            }
            return SqliteFile(databasePath);
        }
        var connection = connectionString ?? Environment.GetEnvironmentVariable("HANDOFF_BENCH_CONNECTION");
        if (connection is not { Length: > 0 })
        {
            problem = "--connection is missing (or HANDOFF_BENCH_CONNECTION): give the PostgreSQL database, e.g. \"Host=127.0.0.1;Database=handoff_bench;Username=postgres\".";
            return null;
        }
        return PostgreSql(connection);
    }

    /// <summary>The app's configuration for this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => IsPostgreSql
        ? new Dictionary<string, string?>
        {
            [HandoffDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
            [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = Location,
        }
        : new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = Location };

    /// <summary>For the output: the file, or the server and database without the password.</summary>
    public override string ToString()
    {
        if (!IsPostgreSql)
        {
            return Location;
        }
        var builder = new NpgsqlConnectionStringBuilder(Location);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
