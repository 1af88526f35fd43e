using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Services;

/// <summary>An onboarding changed (or null: something across onboardings, such as users).</summary>
public sealed record WorkspaceChange(Guid? OnboardingId, string ActorId)
{
    /// <summary>
    /// The stages the onboarding was in before and after the change, when known (lists by stage hear only theirs).
    /// A routing hint, not part of what changed: two changes of one onboarding by one person are equal whatever it holds.
    /// </summary>
    public IReadOnlyList<Stage> Stages { get; init; } = [];

    public bool Equals(WorkspaceChange? other) =>
        other is not null && OnboardingId == other.OnboardingId && string.Equals(ActorId, other.ActorId, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(OnboardingId, ActorId);
}

/// <summary>The lists a page can listen to, each hearing only the changes that can touch its rows.</summary>
public enum ListKind
{
    /// <summary>The dashboard: any onboarding.</summary>
    Dashboard,

    /// <summary>My items: any onboarding (an item's owner role or assignee may be anyone's).</summary>
    MyItems,

    /// <summary>The go-live list: onboardings that were or are at Go-live.</summary>
    GoLive,

    /// <summary>The onboardings list: any onboarding.</summary>
    Onboardings,

    /// <summary>The revision log: every change, onboarding or not.</summary>
    Revisions,
}

/// <summary>
/// In-process notifications after a change is saved, so open pages refresh without a reload. A page subscribes to one
/// onboarding (<see cref="SubscribeToOnboarding"/>) or to a list (<see cref="SubscribeToList"/>) and hears only changes
/// that can touch what it shows. Reloads are coalesced per page: the first change reloads at once, any that arrive
/// within <see cref="Interval"/> of that reload make one more reload when the interval is up, so a page reloads at most
/// once per interval however many changes arrive. Dispose the subscription when the page closes.
/// A subscriber that throws is logged and skipped: the change is saved, and the other pages still hear of it.
/// </summary>
public sealed class ChangeNotifier(ILogger<ChangeNotifier>? logger = null, TimeProvider? clock = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger<ChangeNotifier>? _logger = logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, List<Subscription>> _byOnboarding = [];
    private readonly Dictionary<ListKind, List<Subscription>> _byList = [];

    /// <summary>Every change, unrouted and not coalesced (prefer the subscriptions).</summary>
    public event Action<WorkspaceChange>? Changed;

    /// <summary>How many pages listen now (for tests and diagnostics).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _byOnboarding.Values.Sum(l => l.Count) + _byList.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>Reloads with <paramref name="reload"/> after changes of this onboarding (coalesced).</summary>
    public IDisposable SubscribeToOnboarding(Guid onboardingId, Func<Task> reload) =>
        Add(_byOnboarding, onboardingId, reload);

    /// <summary>Reloads with <paramref name="reload"/> after changes that can touch this list's rows (coalesced).</summary>
    public IDisposable SubscribeToList(ListKind list, Func<Task> reload) => Add(_byList, list, reload);

    public void Publish(WorkspaceChange change)
    {
        foreach (var subscription in Routed(change))
        {
            subscription.Signal();
        }
        if (Changed is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<WorkspaceChange>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception failure)
            {
                _logger?.LogError(failure, "A page listening for changes failed on {Change}", change);
            }
        }
    }

    /// <summary>Whether a change can touch the rows of <paramref name="list"/>.</summary>
    public static bool Touches(ListKind list, WorkspaceChange change) => list switch
    {
        ListKind.Revisions => true,
        ListKind.GoLive => change.OnboardingId is not null && (change.Stages.Count == 0 || change.Stages.Contains(Stage.GoLive)),
        _ => change.OnboardingId is not null,
    };

    private List<Subscription> Routed(WorkspaceChange change)
    {
        lock (_lock)
        {
            var routed = new List<Subscription>();
            if (change.OnboardingId is { } id && _byOnboarding.TryGetValue(id, out var pages))
            {
                routed.AddRange(pages);
            }
            foreach (var (list, listening) in _byList)
            {
                if (Touches(list, change))
                {
                    routed.AddRange(listening);
                }
            }
            return routed;
        }
    }

    private Subscription Add<TKey>(Dictionary<TKey, List<Subscription>> map, TKey key, Func<Task> reload) where TKey : notnull
    {
        Subscription? subscription = null;
        subscription = new Subscription(this, reload, () =>
        {
            lock (_lock)
            {
                if (map.TryGetValue(key, out var list) && list.Remove(subscription!) && list.Count == 0)
                {
                    map.Remove(key);
                }
            }
        });
        lock (_lock)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }
            list.Add(subscription);
        }
        return subscription;
    }

    /// <summary>One page's subscription: reloads at once, or once when the interval since its last reload is up.</summary>
    private sealed class Subscription(ChangeNotifier owner, Func<Task> reload, Action remove) : IDisposable
    {
        private readonly Lock _gate = new();
        private ITimer? _timer;
        private bool _running;
        private bool _pending;
        private bool _disposed;
        private long? _lastStart;

        public void Signal()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                if (_running)
                {
                    _pending = true; // reloads again once this reload is done and the interval is up
                    return;
                }
                if (_timer is not null)
                {
                    return; // the reload already waiting will read this change too
                }
                var wait = Wait();
                if (wait > TimeSpan.Zero)
                {
                    _timer = owner._clock.CreateTimer(_ => Fire(), null, wait, Timeout.InfiniteTimeSpan);
                    return;
                }
                Start();
            }
            _ = RunAsync();
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _timer?.Dispose();
                _timer = null;
            }
            remove();
        }

        private void Fire()
        {
            lock (_gate)
            {
                _timer?.Dispose();
                _timer = null;
                if (_disposed)
                {
                    return;
                }
                Start();
            }
            _ = RunAsync();
        }

        // Under _gate.
        private void Start()
        {
            _running = true;
            _pending = false;
            _lastStart = owner._clock.GetTimestamp();
        }

        // Under _gate.
        private TimeSpan Wait() => _lastStart is { } last ? Interval - owner._clock.GetElapsedTime(last) : TimeSpan.Zero;

        private async Task RunAsync()
        {
            try
            {
                await reload();
            }
            catch (Exception failure)
            {
                owner._logger?.LogError(failure, "A page reloading after a change failed");
            }
            finally
            {
                lock (_gate)
                {
                    _running = false;
                    if (_pending && !_disposed)
                    {
                        _pending = false;
                        var wait = Wait();
                        _timer = owner._clock.CreateTimer(_ => Fire(), null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                    }
                }
            }
        }
    }
}
