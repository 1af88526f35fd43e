namespace Alltkn.Handoff.App.Data;

/// <summary>
/// A fixed number of places, given first come, first served; a waiter whose turn comes is resumed through the thread
/// pool's shared queue (behind work already queued there), never on the thread of the one who left.
/// </summary>
/// <remarks>
/// <see cref="SemaphoreSlim"/> would do the counting, but the waiter it releases resumes through the releasing thread's
/// own queue, which the thread pool runs before its shared one: work queued from other threads (the group saver's
/// "saved" answers) then waits behind every newly released waiter. See <see cref="WriteGate.PrepareAsync"/>.
/// </remarks>
public sealed class PlacesInOrder(int places)
{
    private readonly Queue<TaskCompletionSource> _waiting = new();

    private int _free = places > 0 ? places : throw new ArgumentOutOfRangeException(nameof(places), places, "At least one place.");

    /// <summary>Places free now.</summary>
    public int Free
    {
        get
        {
            lock (_waiting)
            {
                return _free;
            }
        }
    }

    /// <summary>Waiters in line now.</summary>
    public int Waiting
    {
        get
        {
            lock (_waiting)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Takes a place: at once if one is free and nobody waits, else after those who asked before. Dispose the answer to
    /// leave (disposing it again does nothing).
    /// </summary>
    public async ValueTask<Place> TakeAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource turn;
        lock (_waiting)
        {
            if (_free > 0 && _waiting.Count == 0)
            {
                _free--;
                return new Place(this);
            }
            turn = new TaskCompletionSource();
            _waiting.Enqueue(turn);
        }
        await using (cancellationToken.Register(static t => ((TaskCompletionSource)t!).TrySetCanceled(), turn))
        {
            await turn.Task;
        }
        return new Place(this);
    }

    private void Leave()
    {
        lock (_waiting)
        {
            while (_waiting.TryDequeue(out var next))
            {
                if (next.Task.IsCompleted)
                {
                    continue; // gave up waiting
                }
                ThreadPool.UnsafeQueueUserWorkItem(static n =>
                {
                    if (!n.Turn.TrySetResult())
                    {
                        n.Places.Leave(); // gave up meanwhile: the place goes to the next
                    }
                }, (Places: this, Turn: next), preferLocal: false);
                return;
            }
            _free++;
        }
    }

    /// <summary>A place held until disposed.</summary>
    public sealed class Place : IDisposable
    {
        private PlacesInOrder? _of;

        internal Place(PlacesInOrder of) => _of = of;

        public void Dispose() => Interlocked.Exchange(ref _of, null)?.Leave();
    }
}
