namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Word that a person's notifications changed (new ones delivered, some marked read), so their bell and their
/// /notifications page update without a reload: in process, and with PostgreSQL also relayed to and from the other
/// instances (<see cref="Services.PostgreSqlChangeRelay"/>). Subscribe per person; dispose the subscription with the page.
/// A subscriber that throws is logged and skipped.
/// </summary>
public sealed class NotificationSignal(ILogger<NotificationSignal>? logger = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Func<Task>>> _byUser = new(StringComparer.Ordinal);

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _byUser.Values.Sum(l => l.Count);
            }
        }
    }

    public IDisposable Subscribe(string userId, Func<Task> changed)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var list))
            {
                _byUser[userId] = list = [];
            }
            list.Add(changed);
        }
        return new Subscription(() =>
        {
            lock (_lock)
            {
                if (_byUser.TryGetValue(userId, out var list) && list.Remove(changed) && list.Count == 0)
                {
                    _byUser.Remove(userId);
                }
            }
        });
    }

    /// <summary>
    /// Raised by <see cref="Publish"/> with the people whose notifications changed in this instance (never with those
    /// heard from others through <see cref="PublishFromElsewhere"/>): the cross-instance relay sends them on. A handler
    /// must return at once; one that throws is logged and skipped.
    /// </summary>
    public event Action<IReadOnlyList<string>>? Published;

    /// <summary>Tells these people's open pages that their notifications changed; returns at once.</summary>
    public void Publish(IEnumerable<string> userIds)
    {
        var ids = userIds.Distinct(StringComparer.Ordinal).ToArray();
        PublishFromElsewhere(ids);
        if (ids.Length == 0)
        {
            return;
        }
        try
        {
            Published?.Invoke(ids);
        }
        catch (Exception failure)
        {
            logger?.LogError(failure, "A notification signal could not be handed on to the other instances");
        }
    }

    /// <summary>Tells this instance's pages of notifications changed by another instance (heard through the relay); not handed on again.</summary>
    public void PublishFromElsewhere(IEnumerable<string> userIds)
    {
        List<Func<Task>> handlers = [];
        lock (_lock)
        {
            foreach (var id in userIds.Distinct(StringComparer.Ordinal))
            {
                if (_byUser.TryGetValue(id, out var list))
                {
                    handlers.AddRange(list);
                }
            }
        }
        foreach (var handler in handlers)
        {
            _ = RunAsync(handler);
        }
    }

    private async Task RunAsync(Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception failure)
        {
            logger?.LogError(failure, "A page listening for notifications failed");
        }
    }

    private sealed class Subscription(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
