namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// Lets the parties go on together once all have come, or each after <paramref name="wait"/>: for races between
/// instances, held where each has checked and is about to write. When the instances are serialised (a lock around the
/// check and the write), the second never comes while the first waits, and the first goes on after the wait.
/// </summary>
public sealed class Rendezvous(int parties, TimeSpan wait)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    /// <summary>How many parties have come so far.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    public async Task ArriveAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _all.TrySetResult();
        }
        try
        {
            await _all.Task.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The other party is not coming (it waits for this one's transaction, or found the work done).
        }
    }
}
