namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// The comment counts of one onboarding's items, cascaded by <see cref="CommentCounts"/> to every item's thread. A new
/// instance after every load (a change heard, a post made here): an open thread reloads when it sees a new one.
/// </summary>
public sealed class CommentCountsState(IReadOnlyDictionary<Guid, int> counts, Func<Task> reload)
{
    public static readonly CommentCountsState None = new(new Dictionary<Guid, int>(), () => Task.CompletedTask);

    public int CountOf(Guid itemId) => counts.GetValueOrDefault(itemId);

    /// <summary>Every item's count (items without comments left out).</summary>
    public IReadOnlyDictionary<Guid, int> Counts => counts;

    /// <summary>Loads the counts again now (after this page's own post), without waiting for the change to be heard.</summary>
    public Task ReloadAsync() => reload();
}
