using System.Diagnostics;
using System.Runtime;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>Server heap after a full, compacting collection (twice, with finalizers in between).</summary>
internal readonly record struct HeapReading(long TotalMemory, long HeapSize)
{
    public static HeapReading Take()
    {
        for (var n = 0; n < 2; n++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return new HeapReading(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
    }
}

/// <summary>
/// Several <see cref="HeapReading"/>s spaced over more than one round of the app's periodic background work (the
/// notification worker reads every due item of the workspace every 5 s): what background work holds while it runs
/// only ever adds to a reading, so the smallest reading is what stays; <see cref="Spread"/> says how much the
/// background work held at its largest.
/// </summary>
internal readonly record struct SettledHeap(long Min, long Max, long MinHeapSize)
{
    public const int Readings = 6;

    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1.5);

    public long Spread => Max - Min;

    public static async Task<SettledHeap> TakeAsync()
    {
        long min = long.MaxValue, max = long.MinValue, minHeap = long.MaxValue;
        for (var n = 0; n < Readings; n++)
        {
            if (n > 0)
            {
                await Task.Delay(Spacing);
            }
            var reading = HeapReading.Take();
            min = Math.Min(min, reading.TotalMemory);
            max = Math.Max(max, reading.TotalMemory);
            minHeap = Math.Min(minHeap, reading.HeapSize);
        }
        return new SettledHeap(min, max, minHeap);
    }
}

/// <summary>
/// Waits until the app's start-up background work is over before memory is measured: the health refresh, which on a
/// fresh copy of a database last opened days ago recomputes thousands of onboardings, is done when no onboarding's
/// stored health is due for a refresh any more (the refresh's own query: <c>Health.ChangesOn &lt;= today</c>). Then the
/// process's allocation rate is read over a few windows as long as the notification worker's poll interval, for the report.
/// </summary>
internal static class StartupWork
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static async Task<string> WaitAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        var clock = Stopwatch.StartNew();
        int first = -1, due;
        while (true)
        {
            var today = WorkingDays.DateOf(DateTime.UtcNow);
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                due = await db.Onboardings.AsNoTracking().CountAsync(o => o.Health.ChangesOn <= today);
            }
            if (first < 0)
            {
                first = due;
            }
            if (due == 0 || clock.Elapsed > Limit)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        var healthWait = clock.Elapsed;

        // The steady background rate: allocations and processor time of the whole process (the app and this client) per window.
        var rates = new List<string>();
        using var process = Process.GetCurrentProcess();
        for (var n = 0; n < 3; n++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            await Task.Delay(Window);
            process.Refresh();
            rates.Add($"{(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0:0.0} MB / {(process.TotalProcessorTime - cpu).TotalMilliseconds:0} ms CPU");
        }
        return $"health refresh {(due == 0 ? "done" : $"NOT done ({due:N0} still due)")} after {healthWait.TotalSeconds:0} s of waiting " +
               $"({first:N0} onboardings due when the measure began); then per {Window.TotalSeconds:0} s idle: {string.Join(", ", rates)}";
    }

    /// <summary>The garbage collector this process runs with (the app's own runs with server GC, as the Web SDK sets it).</summary>
    public static string GcMode()
    {
        var dynamic = GC.GetConfigurationVariables().TryGetValue("GCDynamicAdaptationMode", out var mode) ? $", DATAS {mode}" : "";
        return $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode}{dynamic}, {Environment.ProcessorCount} processors";
    }
}
