using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// What a person is typing into one checklist item, held by the page (not the editor) so that a reload, live or
/// after a conflict, never loses it. <see cref="BaseVersion"/> is the item's version the person started from.
/// </summary>
public sealed class ItemDraft
{
    public required Guid ItemId { get; init; }

    public int BaseVersion { get; private set; }

    public ItemStatus Status { get; set; }

    public string? Evidence { get; set; }

    public string? AssigneeUserId { get; set; }

    public string? AssigneeName { get; set; }

    public DateTime? DueDate { get; set; }

    public string? StatusReason { get; set; }

    public static ItemDraft From(HandoffItem item) => new()
    {
        ItemId = item.Id,
        BaseVersion = item.Version,
        Status = item.Status,
        Evidence = item.Evidence,
        AssigneeUserId = item.AssigneeUserId,
        AssigneeName = item.AssigneeName,
        DueDate = item.DueDate?.ToDateTime(TimeOnly.MinValue),
        StatusReason = item.StatusReason,
    };

    public ItemUpdate ToUpdate() => new(
        Status,
        Evidence,
        AssigneeUserId,
        AssigneeName,
        DueDate is { } due ? DateOnly.FromDateTime(due) : null,
        Status is ItemStatus.NotApplicable or ItemStatus.Blocked ? StatusReason : null);

    /// <summary>Whether the item has changed in storage since the person started typing.</summary>
    public bool IsStale(HandoffItem stored) => stored.Version != BaseVersion;

    /// <summary>Takes the stored item's version as the new starting point, keeping every value the person typed.</summary>
    public void Rebase(HandoffItem stored) => BaseVersion = stored.Version;

    /// <summary>Replaces the text of the field a secret was found in with its masked form; returns false for an unknown field.</summary>
    public bool UseMasked(FieldSecret secret)
    {
        switch (secret.Field)
        {
            case "Evidence":
                Evidence = secret.MaskedText;
                return true;
            case "StatusReason":
                StatusReason = secret.MaskedText;
                return true;
            case "Assignee":
                AssigneeName = secret.MaskedText;
                return true;
            default:
                return false;
        }
    }
}
