using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>An item as it stood before a change: what the rules compare against.</summary>
public sealed record ItemBefore(ItemStatus Status, string? AssigneeUserId);

/// <summary>The onboarding as it stood before a change (<see cref="Stage"/> null: it is being opened).</summary>
public sealed record OnboardingBefore(Stage? Stage, IReadOnlyDictionary<Guid, ItemBefore> Items)
{
    public static OnboardingBefore New { get; } = new(null, new Dictionary<Guid, ItemBefore>());

    /// <summary>The onboarding as loaded, taken before the domain acts on it (from the domain objects, not the change tracker).</summary>
    public static OnboardingBefore Of(Onboarding onboarding)
    {
        var items = new Dictionary<Guid, ItemBefore>(onboarding.Items.Count);
        foreach (var item in onboarding.Items)
        {
            items[item.Id] = new ItemBefore(item.Status, item.AssigneeUserId);
        }
        return new OnboardingBefore(onboarding.Stage, items);
    }
}
