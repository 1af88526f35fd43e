using System.Diagnostics;

namespace Alltkn.Handoff.App.Services;

/// <summary>The phases of one change through <see cref="OnboardingService"/>, in the order they happen.</summary>
public enum WritePhase
{
    /// <summary>Waiting for the onboarding's line (<see cref="Data.WriteGate.OnboardingAsync"/>).</summary>
    Line,

    /// <summary>Loading the onboarding and its items.</summary>
    Load,

    /// <summary>The permission policy, the secret screen, the version check and the domain.</summary>
    Act,

    /// <summary>The change's notification outbox rows (<see cref="Notifications.NotificationOutbox"/>).</summary>
    Notifications,

    /// <summary>The change's webhook outbox rows (<see cref="Webhooks.WebhookOutbox"/>).</summary>
    Webhooks,

    /// <summary>Finding what changed in the tracked rows (before the write turn).</summary>
    Detect,

    /// <summary>Waiting for the app's one write turn, until this change's group began to save (<see cref="Data.WriteGate.SaveTogetherAsync"/>).</summary>
    Turn,

    /// <summary>The save: the statements and the commit (of the group of changes saved together with this one).</summary>
    Save,
}

/// <summary>
/// Where the time of one change went (<see cref="WritePhase"/>), logged at Debug for every change and as a warning for a
/// change slower than <see cref="SlowAfter"/>, so a slow write says what it waited for.
/// </summary>
internal struct WritePhases
{
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(1);

    private static readonly int Count = Enum.GetValues<WritePhase>().Length;

    private long _start;
    private long _last;
    private long[] _ticks;

    public static WritePhases Start()
    {
        var now = Stopwatch.GetTimestamp();
        return new WritePhases { _start = now, _last = now, _ticks = new long[Count] };
    }

    public void Mark(WritePhase phase)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)phase] += now - _last;
        _last = now;
    }

    /// <summary>Ends <paramref name="phase"/> at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp, not before the last mark).</summary>
    public void MarkAt(WritePhase phase, long timestamp)
    {
        var at = Math.Max(_last, timestamp);
        _ticks[(int)phase] += at - _last;
        _last = at;
    }

    public readonly void Log(ILogger logger, Guid onboardingId, int attempt)
    {
        WritePhaseTotals.Add(_ticks);
        var total = Stopwatch.GetElapsedTime(_start, _last);
        var level = total >= SlowAfter ? LogLevel.Warning : LogLevel.Debug;
        if (!logger.IsEnabled(level))
        {
            return;
        }
        var ticks = _ticks;
        var parts = string.Join(", ", Enum.GetValues<WritePhase>().Select(p => $"{p} {Stopwatch.GetElapsedTime(0, ticks[(int)p]).TotalMilliseconds:0.0}"));
        logger.Log(level, "Change of {Onboarding} took {Total:0.0} ms (attempt {Attempt}): {Phases} ms", onboardingId, total.TotalMilliseconds, attempt, parts);
    }
}

/// <summary>
/// The time of all saved changes in this process, per <see cref="WritePhase"/>, summed (<see cref="Stopwatch"/> ticks):
/// for the benchmark, which compares a snapshot before and after its writers to say where their time went.
/// </summary>
public static class WritePhaseTotals
{
    private static readonly long[] Ticks = new long[Enum.GetValues<WritePhase>().Length];

    private static long _changes;

    internal static void Add(long[] ticks)
    {
        for (var n = 0; n < ticks.Length; n++)
        {
            Interlocked.Add(ref Ticks[n], ticks[n]);
        }
        Interlocked.Increment(ref _changes);
    }

    /// <summary>Changes saved so far and each phase's summed time (indexed by <see cref="WritePhase"/>).</summary>
    public static (long Changes, TimeSpan[] Phases) Snapshot()
    {
        var phases = new TimeSpan[Ticks.Length];
        for (var n = 0; n < Ticks.Length; n++)
        {
            phases[n] = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref Ticks[n]));
        }
        return (Interlocked.Read(ref _changes), phases);
    }
}
