using Alltkn.Handoff.App.Services;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// What a page listening to every change (the revision log's subscription) heard, in order. On a
/// <see cref="SqliteTestDatabase"/> the notifier runs reloads inline, so what was announced is here when the call returns.
/// </summary>
public sealed class HeardChanges : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<WorkspaceChange> _heard = [];
    private readonly IDisposable _subscription;

    public HeardChanges(ChangeNotifier notifier, Action<WorkspaceChange>? onEach = null) =>
        _subscription = notifier.SubscribeToList(ListKind.Revisions, changes =>
        {
            foreach (var change in changes)
            {
                onEach?.Invoke(change);
                lock (_lock)
                {
                    _heard.Add(change);
                }
            }
            return Task.CompletedTask;
        });

    public IReadOnlyList<WorkspaceChange> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _heard];
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}
