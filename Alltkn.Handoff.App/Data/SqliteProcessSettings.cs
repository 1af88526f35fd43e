using System.Runtime.CompilerServices;
using SQLitePCL;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// SQLite's settings for the whole process, made once before its first connection opens (SQLite accepts them only
/// then): its memory statistics are turned off.
/// </summary>
/// <remarks>
/// Why: with statistics on (SQLite's default, and the bundled library's), every allocation and free inside SQLite takes
/// one mutex shared by every connection of the process, to count bytes nobody here reads. With fifty people saving at
/// once, the loads on the thread pool and the save in the write turn queued for that mutex: the write turn's thread was
/// switched out waiting for it most often of all its waits, and the processor time per item update fell from 2.7-3.5 ms to 2.0 ms when it was
/// off (the scale benchmark, 50 writers, 3 December). Nothing in the app reads <c>sqlite3_memory_used</c> or the heap limits.
/// </remarks>
public static class SqliteProcessSettings
{
    /// <summary>Whether SQLite accepted the settings (false if a connection had opened before they were made).</summary>
    public static bool MemoryStatisticsOff { get; private set; }

    /// <summary>Runs when the app's assembly loads: before any of its code can open a connection.</summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        if (MemoryStatisticsOff)
        {
            return;
        }
        Batteries_V2.Init();
        MemoryStatisticsOff = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
