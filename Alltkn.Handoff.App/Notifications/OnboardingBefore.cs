using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>An item as it stood before a change: what the rules compare against.</summary>
public sealed record ItemBefore(ItemStatus Status, string? AssigneeUserId);

/// <summary>The onboarding as it stood before a change (<see cref="Stage"/> null: it is being opened).</summary>
public sealed record OnboardingBefore(Stage? Stage, IReadOnlyDictionary<Guid, ItemBefore> Items)
{
    public static OnboardingBefore New { get; } = new(null, new Dictionary<Guid, ItemBefore>());
}
