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
    /// The log size (pages of 4 KB) past which a commit checkpoints by itself: 64 MB, sixteen times SQLite's default, as
    /// the bound only. <see cref="WalCheckpointer"/> checkpoints every second in the background, off the writers' path; but
    /// while people keep saving, the log cannot start over and grows past a few thousand pages within a second, and at
    /// 4,000 pages (the bound before) the commit that crossed it checkpointed inside the write turn, syncs included, with
    /// every writer in line waiting (a sync showed in the profile of the write turn's thread; see docs/benchmarks.md).
    /// </summary>
    public const int AutoCheckpointPages = 16000;

    // synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commits, never corrupt the file) and
    // spares every commit an fsync of the log. No memory mapping (mmap_size stays 0; it was 2 GB): a connection's page
    // cache starts empty after every commit elsewhere (WAL mode), so every load reads its pages again either way, and on
    // the benchmark's two-core virtual machine the page faults of the mapped reads (in each connection's own mapping, made
    // again when the file grows) cost more than the read calls they replaced: with 50 writers, 40 % of the loads'
    // processor time went to page faults and to first touches of mapped pages, against 19 % to read calls without the
    // mapping (two profiles, 3 December); see "Main after the fourteenth session's changes" in docs/benchmarks.md.
    // temp_store=MEMORY: each change of a group save runs under a savepoint (WriteGate.SaveTogetherAsync), and SQLite
    // journals the pages a savepoint changes; past 64 KB that journal went to a new temporary file for every group, in
    // /var/tmp, written page by page: more write calls than the log's own (strace of the 50-writer measure, 4 December).
    // In memory it is a copy; a group's journal holds the pages its changes touch (tens of pages a change, at most
    // WriteGate.MostTogether changes). Sorts too large for SQLite's sorter's memory stay in memory as well (the onboardings
    // list by stage or by expected go-live sorts every matching onboarding).
    private static readonly string Pragma = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; " +
                                            $"PRAGMA wal_autocheckpoint = {AutoCheckpointPages}; PRAGMA temp_store = MEMORY;";

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
