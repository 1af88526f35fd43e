using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Sets up every connection EF opens for several writers at once (synchronous=NORMAL, as WAL allows): SQLite's own busy handler waits up to
/// <see cref="BusyTimeout"/> for the write lock, in short steps of a few milliseconds, before "database is busy"
/// is reported. (Microsoft.Data.Sqlite retries a busy command as well, until the connection's Default Timeout,
/// but sleeps 150 ms between tries, which makes writers queue far longer than they need to.)
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>One for every context: it holds no state, and one instance keeps EF from building its model again per options.</summary>
    public static SqliteConnectionSetup Instance { get; } = new();

    /// <summary>
    /// The log size (pages of 4 KB) past which a commit checkpoints by itself: 16 MB, four times SQLite's default, as the
    /// bound only; <see cref="WalCheckpointer"/> checkpoints every second in the background, off the writers' path.
    /// </summary>
    public const int AutoCheckpointPages = 4000;

    /// <summary>
    /// How much of the database file a connection reads through memory mapping (SQLite's largest on Linux, 2 GB) instead
    /// of a read system call and a copy per page: every writer's save makes the other connections drop their page caches
    /// (WAL mode), so each load read its pages again through the kernel.
    /// </summary>
    public const long MmapBytes = 2147418112;

    // synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commits, never corrupt the file) and
    // spares every commit an fsync of the log.
    private static readonly string Pragma = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; " +
                                            $"PRAGMA wal_autocheckpoint = {AutoCheckpointPages}; PRAGMA mmap_size = {MmapBytes};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // The native connections set up already: the pool hands the same one out again and again, and the settings stay
    // with it, so they are applied once per native connection rather than on every open (also inside the write turn).
    private static readonly ConditionalWeakTable<object, object> SetUp = [];

    private static void Apply(DbConnection connection)
    {
        var native = (connection as SqliteConnection)?.Handle;
        if (native is not null && SetUp.TryGetValue(native, out _))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
        if (native is not null)
        {
            SetUp.AddOrUpdate(native, native);
        }
    }
}
