namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Where the workspace keeps its files. <c>Handoff:DatabasePath</c> in appsettings.json names the SQLite
/// file; a relative path is resolved against the directory the app is started from (the working
/// directory), once, at start-up, and the absolute path is logged. The data-protection keys that keep
/// sign-ins valid across restarts live in a <c>keys</c> folder beside the database.
/// </summary>
public sealed class HandoffPaths
{
    public const string DatabasePathKey = "Handoff:DatabasePath";
    public const string DefaultDatabasePath = "data/handoff.db";

    public HandoffPaths(string databaseFile)
    {
        DatabaseFile = Path.GetFullPath(databaseFile, Environment.CurrentDirectory);
        DataDirectory = Path.GetDirectoryName(DatabaseFile)!;
        KeysDirectory = Path.Combine(DataDirectory, "keys");
    }

    public string DatabaseFile { get; }

    public string DataDirectory { get; }

    public string KeysDirectory { get; }

    public string ConnectionString => $"Data Source={DatabaseFile};Foreign Keys=True;Pooling=True;Default Timeout=30";

    public static HandoffPaths From(IConfiguration configuration) =>
        new(configuration[DatabasePathKey] is { Length: > 0 } path ? path : DefaultDatabasePath);

    /// <summary>Creates the folders on first run.</summary>
    public void EnsureDirectories()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(KeysDirectory);
    }
}
