using System.Collections.Concurrent;

namespace Alltkn.Handoff.App.Components.Shared;

/// <summary>
/// Reads kept by token for a while (<see cref="PrerenderHandoff"/>). A token is taken at most once, only by the person it was
/// kept for, and only within the lifetime; what is not taken in time (a prerender never followed by a circuit: a crawler, a
/// closed tab, another instance answering the circuit) is dropped at the next keep. The tokens wait in the order they were
/// kept, so a keep looks only at the oldest ones, those whose time is up, never through them all: a client that never
/// opens a circuit leaves every read it caused, and looking through a few hundred at each prerender was about 1 % of a list
/// page's request. At most the capacity is kept at once. Whenever a page finds nothing to take, it reads the database as before.
/// </summary>
public sealed class PrerenderStore(TimeProvider clock, TimeSpan lifetime, int capacity)
{
    private readonly ConcurrentDictionary<Guid, Kept> _entries = new();
    private readonly ConcurrentQueue<(Guid Token, long At)> _oldestFirst = new(); // taken tokens stay until their time is up
    private readonly Lock _dropping = new();
    private int _count; // of _entries: ConcurrentDictionary.Count takes every lock of the dictionary

    private sealed record Kept(object Value, string Owner, long At);

    /// <summary>How many reads are kept and neither taken nor dropped yet.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Keeps <paramref name="value"/> for <paramref name="owner"/>; its token, or null when the store is full.</summary>
    public Guid? Keep(object value, string owner)
    {
        DropExpired();
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }
        var token = Guid.NewGuid();
        var at = clock.GetTimestamp();
        _entries[token] = new Kept(value, owner, at);
        _oldestFirst.Enqueue((token, at));
        return token;
    }

    /// <summary>Takes what was kept under <paramref name="token"/> for <paramref name="owner"/> (once); null when there is none.</summary>
    public T? Take<T>(Guid? token, string owner) where T : class
    {
        if (token is not { } key || !_entries.TryRemove(key, out var kept))
        {
            return null;
        }
        Interlocked.Decrement(ref _count);
        return string.Equals(kept.Owner, owner, StringComparison.Ordinal) && clock.GetElapsedTime(kept.At) <= lifetime
            ? kept.Value as T
            : null;
    }

    /// <summary>Drops the reads whose time is up, oldest first, stopping at the first still in time (one keep at a time does it; the others go on).</summary>
    private void DropExpired()
    {
        if (!_dropping.TryEnter())
        {
            return;
        }
        try
        {
            while (_oldestFirst.TryPeek(out var oldest) && clock.GetElapsedTime(oldest.At) > lifetime)
            {
                _oldestFirst.TryDequeue(out _);
                if (_entries.TryRemove(oldest.Token, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
        finally
        {
            _dropping.Exit();
        }
    }
}
