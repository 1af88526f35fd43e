using System.Runtime.CompilerServices;
using SQLitePCL;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// SQLite's settings for the whole process, made once before its first connection opens (SQLite accepts them only
/// then): its memory statistics are turned off.
/// </summary>
/// <remarks>
/// Why: with statistics on (SQLite's default, and the bundled library's), every heap allocation and free inside SQLite
/// takes one mutex shared by every connection of the process, to count bytes nobody here reads. With fifty people saving
/// at once, the loads on the thread pool and the save in the write turn queued for that mutex: contended mutexes were the
/// write turn's thread's most frequent reason to be switched out, and the processor time per item update was 2.0 ms in
/// the next run with them off against 2.3-3.0 ms in the three runs before (the scale benchmark, 50 writers, 3 December;
/// "Main after the fourteenth session's changes" in docs/benchmarks.md). Nothing in the app reads
/// <c>sqlite3_memory_used</c> or sets a heap limit. On PostgreSQL it costs loading SQLite's library once.
/// </remarks>
public static class SqliteProcessSettings
{
    /// <summary>
    /// Whether SQLite took the settings: false if it could not be loaded or had opened a connection before they were
    /// made (the app then runs as before, with statistics on; the start-up log says so).
    /// </summary>
    public static bool MemoryStatisticsOff { get; private set; }

    /// <summary>Runs when the app's assembly loads: before any of its code can open a connection.</summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        try
        {
            Batteries_V2.Init();
            MemoryStatisticsOff = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        }
        catch (Exception)
        {
            // SQLite's native library did not load here: whatever uses SQLite says so itself, with its own error; a
            // module initializer that threw would instead make every type of the app unusable, PostgreSQL or not.
            MemoryStatisticsOff = false;
        }
    }
}
