using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// One writer at a time through the app. SQLite lets one connection write at once; writers that race for its lock
/// sleep in its busy handler in ever longer steps, which makes a queue of writers slow and uneven, and past the busy
/// timeout "database is busy" would reach a person. Instead every save of the app waits here, in line, for a few
/// milliseconds at most per writer ahead of it (<see cref="AppDbContext"/>'s SaveChanges takes <see cref="Save"/>).
/// Changes to one onboarding are also kept in line from load to save (<see cref="OnboardingAsync"/>), so the gate
/// summary each save stores was computed from what the save before it stored.
/// </summary>
/// <remarks>
/// On PostgreSQL the one write turn is not taken (<see cref="AppDbContext"/>'s saves and <see cref="Save(DbContext, CancellationToken)"/>
/// pass at once): the server locks rows, not the database, and other instances write meanwhile whatever this process
/// does, so the turn could only queue this process's writers for nothing. The line per onboarding is kept there: it
/// is only an in-process courtesy (changes of one onboarding from one instance do not outrace each other); across
/// instances the onboarding's concurrency token (<c>Version</c>) is what keeps a change from being built on a stale
/// read, and the services retry or report the conflict as they do on SQLite.
/// </remarks>
public static partial class WriteGate
{
    private static readonly SemaphoreSlim SaveLock = new(1, 1);

    // One line per onboarding being changed (never shared by two onboardings, as stripes of a fixed array were: 50
    // writers on 50 onboardings then queued behind each other's loads); removed when its last writer is done.
    private static readonly Dictionary<Guid, OnboardingLine> OnboardingLines = [];

    // The gates this flow of work holds: work done while holding one (an interceptor's, a nested save) passes it
    // again instead of waiting for itself.
    private static readonly AsyncLocal<Turn?> HeldHere = new();

    /// <summary>How long background work waits at most for people's writes to be over (<see cref="YieldToPeopleAsync"/>).</summary>
    public static readonly TimeSpan MostYield = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long after a person's change background work still waits (<see cref="YieldToPeopleAsync"/>): a person saving
    /// several things one after the other (or a page saving a field after a field) leaves gaps of a few milliseconds
    /// between them, which are not a quiet moment.
    /// </summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan YieldStep = TimeSpan.FromMilliseconds(5);

    // People's changes under way in this process: from asking for an onboarding's line to leaving it.
    private static int _peopleWriting;

    // When the last person's change left its line (a Stopwatch timestamp).
    private static long _personLeftAt;

    /// <summary>People's changes under way in this process now (between asking for an onboarding's line and leaving it).</summary>
    public static int PeopleWriting => Volatile.Read(ref _peopleWriting);

    /// <summary>
    /// For background work (the health refresh, the notification rounds) before it reads and writes: waits while people's
    /// changes are under way in this process, and for <see cref="QuietAfter"/> after the last one, so that it takes neither
    /// the write turn nor the processor from a person, up
    /// to <see cref="MostYield"/> (then it goes on, one step at a time, so it is never starved for long under a steady stream
    /// of changes). Returns at once when nobody changed anything lately.
    /// </summary>
    public static async Task YieldToPeopleAsync(CancellationToken cancellationToken = default)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Quiet() && waited.Elapsed < MostYield)
        {
            await Task.Delay(YieldStep, cancellationToken);
        }
    }

    private static bool Quiet() =>
        PeopleWriting == 0 && System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _personLeftAt)) >= QuietAfter;

    private static long _saveTurnsTaken;

    /// <summary>How many times the app's one write turn was taken since the process started (<see cref="WalCheckpointer"/> checkpoints after saves).</summary>
    public static long SaveTurnsTaken => Interlocked.Read(ref _saveTurnsTaken);

    /// <summary>Waits for the app's one write turn. Use as <c>using var turn = (await WriteGate.Save()).Here();</c>.</summary>
    public static Task<Turn> Save(CancellationToken cancellationToken = default) => EnterAsync(SaveLock, cancellationToken);

    /// <summary>
    /// The write turn for a write through <paramref name="db"/>: SQLite's one writer waits for it (<see cref="Save(CancellationToken)"/>);
    /// PostgreSQL has no one write lock (it locks rows, and several instances write at once anyway), so a write there
    /// passes at once, never waiting in one process's line. Use as <c>using var turn = (await WriteGate.Save(db)).Here();</c>.
    /// </summary>
    public static Task<Turn> Save(DbContext db, CancellationToken cancellationToken = default) =>
        db.Database.IsSqlite() ? EnterAsync(SaveLock, cancellationToken) : Task.FromResult(new Turn(null));

    /// <summary>
    /// Waits until no other change of this onboarding (in this process) is between its load and its save.
    /// Use as <c>using var inLine = (await WriteGate.OnboardingAsync(id)).Here();</c>.
    /// </summary>
    public static Task<Turn> OnboardingAsync(Guid onboardingId, CancellationToken cancellationToken = default) =>
        OnboardingAsync(onboardingId, person: true, cancellationToken);

    /// <summary>
    /// <see cref="OnboardingAsync(Guid, CancellationToken)"/> for background work: the same line, but not counted as a
    /// person's change (<see cref="PeopleWriting"/>), so other background work does not yield to it.
    /// </summary>
    public static Task<Turn> BackgroundOnboardingAsync(Guid onboardingId, CancellationToken cancellationToken = default) =>
        OnboardingAsync(onboardingId, person: false, cancellationToken);

    private static async Task<Turn> OnboardingAsync(Guid onboardingId, bool person, CancellationToken cancellationToken)
    {
        OnboardingLine line;
        lock (OnboardingLines)
        {
            if (!OnboardingLines.TryGetValue(onboardingId, out line!))
            {
                line = new OnboardingLine(onboardingId);
                OnboardingLines.Add(onboardingId, line);
            }
            line.Users++;
        }
        if (person)
        {
            Interlocked.Increment(ref _peopleWriting);
        }
        var leave = person ? () => { line.Leave(); PersonLeft(); } : (Action)line.Leave;
        try
        {
            return await EnterAsync(line.Gate, cancellationToken, leave);
        }
        catch
        {
            leave();
            throw;
        }
    }

    private static void PersonLeft()
    {
        Interlocked.Exchange(ref _personLeftAt, System.Diagnostics.Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _peopleWriting);
    }

    /// <summary>How many onboardings have a line now (writers between load and save, or waiting): for tests.</summary>
    internal static int OnboardingLinesOpen
    {
        get
        {
            lock (OnboardingLines)
            {
                return OnboardingLines.Count;
            }
        }
    }

    private static async Task<Turn> EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken, Action? left = null)
    {
        for (var held = HeldHere.Value; held is not null; held = held.Outer)
        {
            if (ReferenceEquals(held.Gate, gate) && !held.Released)
            {
                left?.Invoke();
                return new Turn(null);
            }
        }
        await gate.WaitAsync(cancellationToken);
        if (ReferenceEquals(gate, SaveLock))
        {
            Interlocked.Increment(ref _saveTurnsTaken);
        }
        return new Turn(gate, left);
    }

    private sealed class OnboardingLine(Guid onboardingId)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Writers holding or waiting for this line; guarded by <see cref="OnboardingLines"/>.</summary>
        public int Users { get; set; }

        public void Leave()
        {
            lock (OnboardingLines)
            {
                if (--Users == 0)
                {
                    OnboardingLines.Remove(onboardingId);
                }
            }
        }
    }

    /// <summary>A turn at a gate; disposing it hands the gate on.</summary>
    public sealed class Turn : IDisposable
    {
        private int _released;

        private readonly Action? _left;

        private readonly bool _owned = true;

        internal Turn(SemaphoreSlim? gate, Action? left = null)
        {
            Gate = gate;
            _left = left;
        }

        private Turn(SemaphoreSlim gate, bool owned)
        {
            Gate = gate;
            _owned = owned;
        }

        /// <summary>
        /// Marks <paramref name="gate"/> as held in the calling flow while another flow holds it for this one (the group
        /// saver saving a writer's change in the writer's flow): passed again there, never released by this mark.
        /// </summary>
        internal static Turn HeldFor(SemaphoreSlim gate) => new Turn(gate, owned: false).Here();

        internal SemaphoreSlim? Gate { get; }

        internal Turn? Outer { get; private set; }

        internal bool Released => _released == 1;

        /// <summary>Marks the gate as held by the calling flow of work (and what it awaits), so it passes it again.</summary>
        public Turn Here()
        {
            if (Gate is not null)
            {
                Outer = HeldHere.Value;
                HeldHere.Value = this;
            }
            return this;
        }

        public void Dispose()
        {
            if (Gate is not null && _owned && Interlocked.Exchange(ref _released, 1) == 0)
            {
                if (ReferenceEquals(HeldHere.Value, this))
                {
                    HeldHere.Value = Outer;
                }
                Gate.Release();
                _left?.Invoke();
            }
        }
    }
}
