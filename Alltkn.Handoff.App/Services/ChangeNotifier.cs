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

    /// <summary>
    /// Only an item's evidence changed (a routing hint like <see cref="Stages"/>): lists that do not show evidence (the
    /// dashboard, the onboardings list, go-live) are not touched.
    /// </summary>
    public bool EvidenceOnly { get; init; }

    /// <summary>
    /// When the change was made known in this process (<see cref="System.Diagnostics.Stopwatch"/> ticks; like <see cref="Stages"/>
    /// not part of what changed, and internal: not compared as part of it either). Made after the change is stored, so a read started later already holds it: a page that
    /// read since then needs no reload for it.
    /// </summary>
    internal long HeardAt { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();

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

    /// <summary>People and their roles (the navigation, the signed-in person): changes of no onboarding, such as users.</summary>
    People,
}

/// <summary>
/// In-process notifications after a change is saved (with PostgreSQL also relayed to and from the other instances:
/// <see cref="PostgreSqlChangeRelay"/>), so open pages refresh without a reload. A page subscribes to one
/// onboarding (<see cref="SubscribeToOnboarding(Guid, Func{Task})"/>) or to a list (<see cref="SubscribeToList(ListKind, Func{Task})"/>)
/// and hears only changes that can touch what it shows. Reloads are coalesced per page: the first change reloads at once,
/// any that arrive within <see cref="Interval"/> of that reload make one more reload when the interval is up, so a page
/// reloads at most once per interval however many changes arrive. Dispose the subscription when the page closes.
/// </summary>
/// <remarks>
/// <see cref="Publish"/> only signals: every reload runs later, through the dispatch (by default queued to the thread
/// pool, without the publisher's execution context), never on the publisher's thread. A save therefore returns as soon
/// as it is stored, however many pages are open (a page's reload would otherwise run inside the saver's call: Blazor's
/// <c>InvokeAsync</c> runs inline when the circuit is free, and SQLite's reads are synchronous). Pages of the changed
/// onboarding are signalled before the lists, so their reloads are queued first.
/// A subscriber that throws is logged and skipped: the change is saved, and the other pages still hear of it.
/// </remarks>
public sealed class ChangeNotifier(ILogger<ChangeNotifier>? logger = null, TimeProvider? clock = null, Action<Action>? dispatch = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The default dispatch: a thread-pool work item that does not carry the publisher's execution context.</summary>
    public static readonly Action<Action> ThreadPoolDispatch =
        work => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);

    /// <summary>Runs each reload at once on the publisher's thread (for tests that need to see reloads as they happen).</summary>
    public static readonly Action<Action> InlineDispatch = work => work();

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger<ChangeNotifier>? _logger = logger;
    private readonly Action<Action> _dispatch = dispatch ?? ThreadPoolDispatch;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, List<Subscription>> _byOnboarding = [];
    private readonly Dictionary<ListKind, List<Subscription>> _byList = [];
    /// <summary>The onboardings of the last changes heard, by <see cref="Sequence"/> modulo the length (see <see cref="ChangedSince"/>).</summary>
    private readonly Guid?[] _recent = new Guid?[RecentChanges];
    private long _sequence;

    /// <summary>This notifier (a <see cref="Sequence"/> means something only to the notifier that gave it).</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    /// <summary>How many of the last changes <see cref="ChangedSince"/> can tell apart.</summary>
    public const int RecentChanges = 1024;

    /// <summary>How many changes this instance has heard (its own and relayed): a mark for <see cref="ChangedSince"/>.</summary>
    public long Sequence
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    /// <summary>
    /// Whether a change that can touch this onboarding was heard after <paramref name="sequence"/> (a <see cref="Sequence"/>
    /// taken before a read): a change of it, a change of no onboarding (people), or more changes than are remembered.
    /// A page that hands a prerender's read to its interactive render asks this to know whether the read is still current.
    /// </summary>
    public bool ChangedSince(Guid onboardingId, long sequence)
    {
        lock (_lock)
        {
            if (_sequence - sequence > RecentChanges || sequence > _sequence)
            {
                return true;
            }
            for (var s = sequence + 1; s <= _sequence; s++)
            {
                if (_recent[s % RecentChanges] is not { } changed || changed == onboardingId)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// The onboardings changed after <paramref name="sequence"/> (a <see cref="Sequence"/> taken before a read), or null
    /// when that cannot be told: a change of no onboarding (people) was heard, or more changes than are remembered.
    /// Empty when nothing changed.
    /// </summary>
    public IReadOnlySet<Guid>? OnboardingsChangedSince(long sequence)
    {
        lock (_lock)
        {
            if (_sequence - sequence > RecentChanges || sequence > _sequence)
            {
                return null;
            }
            var changed = new HashSet<Guid>();
            for (var s = sequence + 1; s <= _sequence; s++)
            {
                if (_recent[s % RecentChanges] is not { } onboarding)
                {
                    return null;
                }
                changed.Add(onboarding);
            }
            return changed;
        }
    }

    /// <summary>
    /// Whether any change was heard after <paramref name="sequence"/> (a <see cref="Sequence"/> taken before a read): what a
    /// list page, which may show any onboarding, asks before it shows a prerender's read.
    /// </summary>
    public bool ChangedSince(long sequence)
    {
        lock (_lock)
        {
            return _sequence != sequence;
        }
    }

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

    /// <summary>How many pages listen to this onboarding now (for tests and diagnostics).</summary>
    public int SubscribersTo(Guid onboardingId)
    {
        lock (_lock)
        {
            return _byOnboarding.TryGetValue(onboardingId, out var pages) ? pages.Count : 0;
        }
    }

    /// <summary>Reloads with <paramref name="reload"/> after changes of this onboarding (coalesced).</summary>
    public IDisposable SubscribeToOnboarding(Guid onboardingId, Func<Task> reload) =>
        SubscribeToOnboarding(onboardingId, _ => reload());

    /// <summary>Reloads with <paramref name="reload"/>, given the changes heard since the last reload, after changes of this onboarding (coalesced).</summary>
    public IDisposable SubscribeToOnboarding(Guid onboardingId, Func<IReadOnlyList<WorkspaceChange>, Task> reload) =>
        Add(_byOnboarding, onboardingId, reload);

    /// <summary>Reloads with <paramref name="reload"/> after changes that can touch this list's rows (coalesced).</summary>
    public IDisposable SubscribeToList(ListKind list, Func<Task> reload) => SubscribeToList(list, _ => reload());

    /// <summary>Reloads with <paramref name="reload"/>, given the changes heard since the last reload, after changes that can touch this list's rows (coalesced).</summary>
    public IDisposable SubscribeToList(ListKind list, Func<IReadOnlyList<WorkspaceChange>, Task> reload) => Add(_byList, list, reload);

    /// <summary>
    /// Raised by <see cref="Publish"/> with every change saved in this instance (never with those heard from others through
    /// <see cref="PublishFromElsewhere"/>): the cross-instance relay (<see cref="PostgreSqlChangeRelay"/>) sends them on.
    /// A handler must return at once; one that throws is logged and skipped.
    /// </summary>
    public event Action<WorkspaceChange>? Published;

    /// <summary>Tells the pages that show what changed; returns at once (their reloads run later, elsewhere).</summary>
    public void Publish(WorkspaceChange change)
    {
        PublishFromElsewhere(change);
        try
        {
            Published?.Invoke(change);
        }
        catch (Exception failure)
        {
            _logger?.LogError(failure, "A change could not be handed on to the other instances");
        }
    }

    /// <summary>
    /// Tells this instance's pages of a change saved by another instance (heard through the relay); unlike
    /// <see cref="Publish"/> it is not handed on again.
    /// </summary>
    public void PublishFromElsewhere(WorkspaceChange change)
    {
        foreach (var subscription in Routed(change))
        {
            subscription.Signal(change);
        }
    }

    /// <summary>Whether a change can touch the rows of <paramref name="list"/>.</summary>
    public static bool Touches(ListKind list, WorkspaceChange change) => list switch
    {
        ListKind.Revisions => true,
        ListKind.People => change.OnboardingId is null,
        ListKind.Dashboard or ListKind.Onboardings or ListKind.GoLive when change.EvidenceOnly => false,
        ListKind.GoLive => change.OnboardingId is not null && (change.Stages.Count == 0 || change.Stages.Contains(Stage.GoLive)),
        _ => change.OnboardingId is not null,
    };

    private List<Subscription> Routed(WorkspaceChange change)
    {
        lock (_lock)
        {
            _sequence++;
            _recent[_sequence % RecentChanges] = change.OnboardingId;
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

    private Subscription Add<TKey>(Dictionary<TKey, List<Subscription>> map, TKey key, Func<IReadOnlyList<WorkspaceChange>, Task> reload)
        where TKey : notnull
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
    private sealed class Subscription(ChangeNotifier owner, Func<IReadOnlyList<WorkspaceChange>, Task> reload, Action remove) : IDisposable
    {
        private readonly Lock _gate = new();
        private List<WorkspaceChange> _heard = [];
        private ITimer? _timer;
        private bool _running;
        private bool _pending;
        private bool _disposed;
        private long? _lastStart;

        public void Signal(WorkspaceChange change)
        {
            IReadOnlyList<WorkspaceChange> changes;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                _heard.Add(change);
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
                changes = Start();
            }
            Dispatch(changes);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _heard = [];
                _timer?.Dispose();
                _timer = null;
            }
            remove();
        }

        private void Fire()
        {
            IReadOnlyList<WorkspaceChange> changes;
            lock (_gate)
            {
                _timer?.Dispose();
                _timer = null;
                if (_disposed)
                {
                    return;
                }
                changes = Start();
            }
            Dispatch(changes);
        }

        // Under _gate: marks the reload as running and hands it what it heard.
        private List<WorkspaceChange> Start()
        {
            _running = true;
            _pending = false;
            _lastStart = owner._clock.GetTimestamp();
            var heard = _heard;
            _heard = [];
            return heard;
        }

        // Under _gate.
        private TimeSpan Wait() => _lastStart is { } last ? Interval - owner._clock.GetElapsedTime(last) : TimeSpan.Zero;

        private void Dispatch(IReadOnlyList<WorkspaceChange> changes)
        {
            try
            {
                owner._dispatch(() => _ = RunAsync(changes));
            }
            catch (Exception failure)
            {
                owner._logger?.LogError(failure, "A page's reload could not be queued");
                lock (_gate)
                {
                    _running = false;
                }
            }
        }

        private async Task RunAsync(IReadOnlyList<WorkspaceChange> changes)
        {
            try
            {
                await reload(changes);
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
