using System.Diagnostics;
using System.Runtime;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
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
/// <see cref="HeapReading"/>s, one every <see cref="Spacing"/>, until the smallest two agree within <see cref="Agree"/>
/// (at least <see cref="MinReadings"/>, at most <see cref="MaxReadings"/>): what the app's periodic background work holds
/// while it runs (the notification worker reads every due item of the workspace every 5 s, ~15–25 MB at its largest here)
/// only ever adds to a reading, so the smallest reading, seen twice, is what stays; <see cref="Spread"/> says how much the
/// background work held at its largest.
/// </summary>
internal readonly record struct SettledHeap(long Min, long Max, long MinHeapSize, int Readings)
{
    public const int MinReadings = 4;
    public const int MaxReadings = 16;
    public const long Agree = 256 * 1024;

    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1);

    public long Spread => Max - Min;

    public static async Task<SettledHeap> TakeAsync()
    {
        var readings = new List<HeapReading>();
        while (true)
        {
            if (readings.Count > 0)
            {
                await Task.Delay(Spacing);
            }
            readings.Add(HeapReading.Take());
            var smallest = readings.Select(r => r.TotalMemory).Order().Take(2).ToArray();
            if (readings.Count >= MaxReadings || (readings.Count >= MinReadings && smallest[1] - smallest[0] <= Agree))
            {
                return new SettledHeap(smallest[0], readings.Max(r => r.TotalMemory), readings.Min(r => r.HeapSize), readings.Count);
            }
        }
    }
}

/// <summary>
/// Waits until the app's start-up background work is over before memory is measured: the health refresh, which on a
/// fresh copy of a database last opened days ago recomputes thousands of onboardings, is done when no onboarding's
/// stored health is due for a refresh any more (the refresh's own query: <c>Health.ChangesOn &lt;= today</c>). Then the
/// first reminder round's delivery: a copy the app never ran on gets every reminder due today at once (about 27,500 outbox
/// rows on the 10,000-onboarding workspace, about a minute of one core to deliver), so the wait goes on until no outbox row
/// is due, seen twice 5 s apart (the round is made within seconds of the first answer, long before the refresh ends). Then
/// the process's allocation rate is read over a few windows as long as the notification worker's poll interval, for the report.
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

        var outbox = Stopwatch.StartNew();
        int firstPending = -1, pending, emptyChecks = 0;
        while (true)
        {
            var now = DateTime.UtcNow;
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                pending = await db.Set<OutboxMessage>().AsNoTracking().CountAsync(m => m.State == OutboxState.Pending && m.NextAttemptAtUtc <= now);
            }
            if (firstPending < 0)
            {
                firstPending = pending;
            }
            emptyChecks = pending == 0 ? emptyChecks + 1 : 0;
            if (emptyChecks >= 2 || clock.Elapsed > Limit)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(pending == 0 ? 5 : 2));
        }

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
               $"({first:N0} onboardings due when the measure began); outbox {(pending == 0 ? "delivered" : $"NOT delivered ({pending:N0} rows still due)")} " +
               $"after {outbox.Elapsed.TotalSeconds:0} s more ({firstPending:N0} rows due then: the first reminder round of a copy the app never ran on); then per {Window.TotalSeconds:0} s idle: {string.Join(", ", rates)}";
    }

    /// <summary>The garbage collector this process runs with (the app's own runs with server GC, as the Web SDK sets it).</summary>
    public static string GcMode()
    {
        // DATAS (dynamic adaptation to the application's size) applies to server GC only.
        var dynamic = GCSettings.IsServerGC && GC.GetConfigurationVariables().TryGetValue("GCDynamicAdaptationMode", out var mode) ? $", DATAS {mode}" : "";
        return $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode}{dynamic}, {Environment.ProcessorCount} processors";
    }
}
