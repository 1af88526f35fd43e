using System.ComponentModel;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.App.Api.Contracts;

/// <summary>A checklist item: its owner, evidence and status.</summary>
public sealed record ItemResponse(
    Guid Id,
    [property: Description("The template's stable key of the item.")] string Key,
    Stage Stage,
    string Title,
    Role OwnerRole,
    bool Required,
    EvidenceKind EvidenceKind,
    ItemStatus Status,
    string? Evidence,
    string? StatusReason,
    string? AssigneeUserId,
    string? AssigneeName,
    DateOnly? DueDate,
    string? CompletedByName,
    DateTime? CompletedAtUtc,
    [property: Description("The item's version: send it back in If-Match when changing the item.")] int Version)
{
    /// <summary>The item as it reads on <paramref name="o"/>: an item whose evidence is a field carries the field's value.</summary>
    public static ItemResponse From(Onboarding o, HandoffItem i) => new(
        i.Id, i.Key, i.Stage, i.Title, i.OwnerRole, i.Required, i.EvidenceKind, i.Status, o.EvidenceOf(i), i.StatusReason,
        i.AssigneeUserId, i.AssigneeName, i.DueDate, i.CompletedByName, i.CompletedAtUtc, i.Version);
}

/// <summary>
/// Changes an item. Every part left out keeps its value; to clear a text or the due date send it empty
/// (<c>""</c>) or set <see cref="ClearDueDate"/>. The request must carry the item's version in <c>If-Match</c>.
/// </summary>
public sealed record UpdateItemRequest
{
    public ItemStatus? Status { get; init; }

    [Description("The evidence (never a full API key: it is refused and the masked text is offered).")]
    public string? Evidence { get; init; }

    [Description("Why: required for Blocked and NotApplicable.")]
    public string? StatusReason { get; init; }

    [Description("The person assigned, by user id (empty string: nobody). Must be on the team: an account that is not disabled and holds a role.")]
    public string? AssigneeUserId { get; init; }

    [Description("Not needed and never stored: the item keeps the assigned account's own name, whatever is sent here; without assigneeUserId the assignee stays as it is.")]
    public string? AssigneeName { get; init; }

    public DateOnly? DueDate { get; init; }

    [Description("True removes the due date.")]
    public bool ClearDueDate { get; init; }

    /// <summary>This request laid over the item as it is stored.</summary>
    public ItemUpdate Over(HandoffItem item)
    {
        var stored = ItemUpdate.From(item);
        static string? Text(string? given, string? stored) => given is null ? stored : given.Length == 0 ? null : given;
        // A user id assigns that account (the service stores the account's own name, whatever name is sent beside it); an
        // empty one assigns nobody; none keeps the assignee as stored, an account or a name without one (the sample workspace's).
        var (assigneeId, assigneeName) = AssigneeUserId switch
        {
            null => (stored.AssigneeUserId, stored.AssigneeName),
            "" => (null, null),
            var id => (id, Text(AssigneeName, stored.AssigneeName)),
        };
        return new ItemUpdate(
            Status ?? stored.Status,
            Text(Evidence, stored.Evidence),
            assigneeId,
            assigneeName,
            ClearDueDate ? null : DueDate ?? stored.DueDate,
            Text(StatusReason, stored.StatusReason));
    }
}
