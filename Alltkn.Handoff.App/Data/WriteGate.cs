namespace Alltkn.Handoff.App.Data;

/// <summary>
/// One writer at a time through the app. SQLite lets one connection write at once; writers that race for its lock
/// sleep in its busy handler in ever longer steps, which makes a queue of writers slow and uneven, and past the busy
/// timeout "database is busy" would reach a person. Instead every save of the app waits here, in line, for a few
/// milliseconds at most per writer ahead of it (<see cref="AppDbContext"/>'s SaveChanges takes <see cref="Save"/>).
/// Changes to one onboarding are also kept in line from load to save (<see cref="OnboardingAsync"/>), so the gate
/// summary each save stores was computed from what the save before it stored.
/// </summary>
public static class WriteGate
{
    private const int Stripes = 64;

    private static readonly SemaphoreSlim SaveLock = new(1, 1);
    private static readonly SemaphoreSlim[] OnboardingLocks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    // The gates this flow of work holds: work done while holding one (an interceptor's, a nested save) passes it
    // again instead of waiting for itself.
    private static readonly AsyncLocal<Turn?> HeldHere = new();

    /// <summary>Waits for the app's one write turn. Use as <c>using var turn = (await WriteGate.Save()).Here();</c>.</summary>
    public static Task<Turn> Save(CancellationToken cancellationToken = default) => EnterAsync(SaveLock, cancellationToken);

    /// <summary>
    /// Waits until no other change of this onboarding (in this process) is between its load and its save.
    /// Use as <c>using var inLine = (await WriteGate.OnboardingAsync(id)).Here();</c>.
    /// </summary>
    public static Task<Turn> OnboardingAsync(Guid onboardingId, CancellationToken cancellationToken = default) =>
        EnterAsync(OnboardingLocks[(onboardingId.GetHashCode() & int.MaxValue) % Stripes], cancellationToken);

    private static async Task<Turn> EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        for (var held = HeldHere.Value; held is not null; held = held.Outer)
        {
            if (ReferenceEquals(held.Gate, gate) && !held.Released)
            {
                return new Turn(null);
            }
        }
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    /// <summary>A turn at a gate; disposing it hands the gate on.</summary>
    public sealed class Turn : IDisposable
    {
        private int _released;

        internal Turn(SemaphoreSlim? gate)
        {
            Gate = gate;
        }

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
            if (Gate is not null && Interlocked.Exchange(ref _released, 1) == 0)
            {
                if (ReferenceEquals(HeldHere.Value, this))
                {
                    HeldHere.Value = Outer;
                }
                Gate.Release();
            }
        }
    }
}
