using Npgsql;

namespace Alltkn.Handoff.App.Data;

/// <summary>The database engines the workspace runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded SQLite file (<see cref="HandoffPaths"/>): one machine, the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:Handoff</c>: several app instances on one database.</summary>
    PostgreSQL,
}

/// <summary>
/// Which database the app uses: <c>Handoff:Database:Provider</c> is <c>Sqlite</c> (the default, the file of
/// <c>Handoff:DatabasePath</c>) or <c>PostgreSQL</c> (the server of <c>ConnectionStrings:Handoff</c>). One model
/// (<see cref="AppDbContext"/>) for both; each provider has its own migrations (<see cref="ProviderMigrationsAssembly"/>).
/// </summary>
public sealed record HandoffDatabase(DatabaseProvider Provider, string? ConnectionString)
{
    public const string ProviderKey = "Handoff:Database:Provider";
    public const string ConnectionStringName = "Handoff";

    public static HandoffDatabase Sqlite { get; } = new(DatabaseProvider.Sqlite, null);

    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSQL;

    public static HandoffDatabase From(IConfiguration configuration)
    {
        var provider = DatabaseProvider.Sqlite;
        if (configuration[ProviderKey] is { Length: > 0 } name
            && (!Enum.TryParse(name, ignoreCase: true, out provider) || !Enum.IsDefined(provider)))
        {
            throw new InvalidOperationException($"{ProviderKey} is '{name}': use Sqlite (the default) or PostgreSQL.");
        }
        if (provider == DatabaseProvider.Sqlite)
        {
            return Sqlite;
        }
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is PostgreSQL but ConnectionStrings:{ConnectionStringName} is not set, e.g. Host=db;Database=handoff;Username=handoff;Password=...");
        }
        return new HandoffDatabase(provider, connectionString);
    }

    /// <summary>The provider alone: the connection string may hold a password, and a record would print it.</summary>
    public override string ToString() => Provider.ToString();

    /// <summary>Where the data is, for the log: the server and database, never the password.</summary>
    public string Describe(HandoffPaths paths)
    {
        if (!IsPostgreSql)
        {
            return paths.DatabaseFile;
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
