namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// In-process word that a person's notifications changed (new ones delivered, some marked read), so their bell and
/// their /notifications page update without a reload. Subscribe per person; dispose the subscription with the page.
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

    public void Publish(IEnumerable<string> userIds)
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
