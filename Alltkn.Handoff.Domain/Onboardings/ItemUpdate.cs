namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// What a person wants an item to be after their edit: the whole editable state, not a patch.
/// <see cref="StatusReason"/> is needed for NotApplicable and Blocked.
/// </summary>
public sealed record ItemUpdate(
    ItemStatus Status,
    string? Evidence,
    string? AssigneeUserId,
    string? AssigneeName,
    DateOnly? DueDate,
    string? StatusReason = null)
{
    /// <summary>The item's present state as an update, to change one part of it with <c>with</c>.</summary>
    public static ItemUpdate From(HandoffItem item) =>
        new(item.Status, item.Evidence, item.AssigneeUserId, item.AssigneeName, item.DueDate, item.StatusReason);
}
