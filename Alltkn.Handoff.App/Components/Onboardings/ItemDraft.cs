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

    /// <summary>The item as it was when the person started typing (or at the last rebase).</summary>
    public ItemUpdate Base { get; private set; } = null!;

    public ItemStatus Status { get; set; }

    public string? Evidence { get; set; }

    public string? AssigneeUserId { get; set; }

    public string? AssigneeName { get; set; }

    public DateTime? DueDate { get; set; }

    public string? StatusReason { get; set; }

    public static ItemDraft From(HandoffItem item)
    {
        var draft = new ItemDraft { ItemId = item.Id };
        draft.Take(item, ItemUpdate.From(item));
        return draft;
    }

    public ItemUpdate ToUpdate() => new(
        Status,
        Evidence,
        AssigneeUserId,
        AssigneeName,
        DueDate is { } due ? DateOnly.FromDateTime(due) : null,
        Status is ItemStatus.NotApplicable or ItemStatus.Blocked ? StatusReason : null);

    /// <summary>Whether the item has changed in storage since the person started typing.</summary>
    public bool IsStale(HandoffItem stored) => stored.Version != BaseVersion;

    /// <summary>Whether the person changed any value since the draft was made (or last rebased).</summary>
    public bool IsEdited
    {
        get
        {
            var typed = ToUpdate();
            return typed.Status != Base.Status || typed.Evidence != Base.Evidence || typed.AssigneeUserId != Base.AssigneeUserId
                   || typed.AssigneeName != Base.AssigneeName || typed.DueDate != Base.DueDate || StatusReason != Base.StatusReason;
        }
    }

    /// <summary>
    /// Starts again from the stored item, keeping every value the person changed: a part they did not touch takes
    /// the stored value, so saving again does not undo what someone else changed meanwhile.
    /// </summary>
    public void Rebase(HandoffItem stored)
    {
        var typed = ToUpdate();
        var before = Base;
        var now = ItemUpdate.From(stored);
        var assigneeChanged = typed.AssigneeUserId != before.AssigneeUserId || typed.AssigneeName != before.AssigneeName;
        var statusChanged = typed.Status != before.Status;
        Take(stored, now with
        {
            Status = statusChanged ? typed.Status : now.Status,
            Evidence = typed.Evidence != before.Evidence ? typed.Evidence : now.Evidence,
            AssigneeUserId = assigneeChanged ? typed.AssigneeUserId : now.AssigneeUserId,
            AssigneeName = assigneeChanged ? typed.AssigneeName : now.AssigneeName,
            DueDate = typed.DueDate != before.DueDate ? typed.DueDate : now.DueDate,
            StatusReason = statusChanged || StatusReason != before.StatusReason ? StatusReason : now.StatusReason,
        });
    }

    private void Take(HandoffItem stored, ItemUpdate values)
    {
        BaseVersion = stored.Version;
        Base = ItemUpdate.From(stored);
        Status = values.Status;
        Evidence = values.Evidence;
        AssigneeUserId = values.AssigneeUserId;
        AssigneeName = values.AssigneeName;
        DueDate = values.DueDate?.ToDateTime(TimeOnly.MinValue);
        StatusReason = values.StatusReason;
    }

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
