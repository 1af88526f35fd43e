using System.Globalization;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// One line of the handoff checklist: owner role, assigned person, evidence and status.
/// Changed only through its <see cref="Onboarding"/>, which knows the stage and the rules.
/// </summary>
public sealed class HandoffItem
{
    private HandoffItem()
    {
        Key = Title = "";
    }

    internal HandoffItem(Guid onboardingId, int sortOrder, ItemTemplate template, bool required)
    {
        Id = Guid.CreateVersion7();
        OnboardingId = onboardingId;
        SortOrder = sortOrder;
        Key = template.Key;
        Stage = template.Stage;
        Title = template.Title;
        OwnerRole = template.Owner;
        EvidenceKind = template.Evidence;
        Required = required;
        CustomerSide = template.CustomerSide;
        CustomerRole = template.CustomerRole;
        Status = ItemStatus.Open;
    }

    public Guid Id { get; private set; }

    public Guid OnboardingId { get; private set; }

    /// <summary>The template key (e.g. <c>trial.rate-limit</c>): stable, and the key the UI translates the title by.</summary>
    public string Key { get; private set; }

    public int SortOrder { get; private set; }

    public Stage Stage { get; private set; }

    /// <summary>The title in English, as the template gave it.</summary>
    public string Title { get; private set; }

    public Role OwnerRole { get; private set; }

    public bool Required { get; private set; }

    public EvidenceKind EvidenceKind { get; private set; }

    public HandoffPackage Package => EvidenceRules.PackageOf(EvidenceKind);

    /// <summary>Which of the customer's contacts the item is shared with, from its template (None: the team's alone).</summary>
    public CustomerSide CustomerSide { get; private set; }

    /// <summary>What the customer does with the item, from its template: nothing (not shown), sees it, or completes it.</summary>
    public CustomerRole CustomerRole { get; private set; }

    public string? AssigneeUserId { get; private set; }

    public string? AssigneeName { get; private set; }

    public string? Evidence { get; private set; }

    public ItemStatus Status { get; private set; }

    /// <summary>Why the item is not applicable or blocked.</summary>
    public string? StatusReason { get; private set; }

    public DateOnly? DueDate { get; private set; }

    public string? CompletedById { get; private set; }

    public string? CompletedByName { get; private set; }

    public DateTime? CompletedAtUtc { get; private set; }

    /// <summary>Concurrency token, raised by every change (SQLite has no rowversion).</summary>
    public int Version { get; private set; }

    public bool IsSettled => Status.IsSettled();

    /// <summary>The onboarding field that is this item's evidence (window, support matrix, rollback conditions), or null.</summary>
    public OnboardingField? EvidenceField => EvidenceRules.FieldOf(EvidenceKind);

    public bool IsOverdue(DateOnly today) => DueDate is { } due && due < today && !IsSettled;

    internal void SetRequired(bool required)
    {
        if (Required != required)
        {
            Required = required;
            Version++;
        }
    }

    /// <summary>Applies an update already checked by the aggregate; returns what changed, as before/after text.</summary>
    internal (string Before, string After)? Apply(ItemUpdate update, Actor actor, DateTime nowUtc)
    {
        var before = new List<string>();
        var after = new List<string>();
        void Note(string name, object? oldValue, object? newValue)
        {
            var o = Show(oldValue);
            var n = Show(newValue);
            if (o != n)
            {
                before.Add($"{name}: {o}");
                after.Add($"{name}: {n}");
            }
        }

        var reason = update.Status is ItemStatus.NotApplicable or ItemStatus.Blocked ? update.StatusReason : null;
        Note("Status", Status, update.Status);
        Note("Evidence", Evidence, update.Evidence);
        Note("Assignee", AssigneeName, update.AssigneeName);
        Note("Due", DueDate, update.DueDate);
        Note("Reason", StatusReason, reason);
        if (before.Count == 0 && AssigneeUserId == update.AssigneeUserId)
        {
            return null;
        }

        var wasSettled = IsSettled;
        Status = update.Status;
        Evidence = update.Evidence;
        AssigneeUserId = update.AssigneeUserId;
        AssigneeName = update.AssigneeName;
        DueDate = update.DueDate;
        StatusReason = reason;
        if (IsSettled && (!wasSettled || before.Any(b => b.StartsWith("Status", StringComparison.Ordinal))))
        {
            MarkCompleted(actor, nowUtc);
        }
        else if (!IsSettled)
        {
            CompletedById = CompletedByName = null;
            CompletedAtUtc = null;
        }
        Version++;
        return (string.Join("; ", before), string.Join("; ", after));
    }

    /// <summary>
    /// Sets the due date the workspace gives (a stage started, a hold ended); returns what changed as before/after text
    /// for the revision log, or null when the date is already that.
    /// </summary>
    /// <param name="due">The date.</param>
    /// <param name="stored">False for an item not yet stored (the onboarding is being opened): no version to raise.</param>
    internal (string Before, string After)? SetDue(DateOnly due, bool stored = true)
    {
        if (DueDate == due)
        {
            return null;
        }
        var before = $"Due: {Show(DueDate)}";
        DueDate = due;
        if (stored)
        {
            Version++;
        }
        return (before, $"Due: {Show(due)}");
    }

    internal void CompleteBySignOff(Actor actor, DateTime nowUtc)
    {
        Status = ItemStatus.Done;
        Evidence = null;
        StatusReason = null;
        MarkCompleted(actor, nowUtc);
        Version++;
    }

    /// <summary>
    /// An item whose evidence is a field follows it: Done (by the person who filled it) when <paramref name="filled"/>,
    /// Open when not. Not applicable stays. The field is the evidence, so no typed copy is kept. Returns whether the status changed.
    /// </summary>
    internal bool FollowField(bool filled, Actor actor, DateTime nowUtc)
    {
        var status = filled ? ItemStatus.Done : ItemStatus.Open;
        if (Status == ItemStatus.NotApplicable || (Status == status && Evidence is null))
        {
            return false;
        }
        var changed = Status != status;
        if (changed)
        {
            Status = status;
            StatusReason = null;
            if (filled)
            {
                MarkCompleted(actor, nowUtc);
            }
            else
            {
                CompletedById = CompletedByName = null;
                CompletedAtUtc = null;
            }
        }
        Evidence = null;
        Version++;
        return changed;
    }

    internal void Reopen()
    {
        Status = ItemStatus.Open;
        CompletedById = CompletedByName = null;
        CompletedAtUtc = null;
        Version++;
    }

    /// <summary>A gate was passed on this item as it stands: a concurrent edit of it must now conflict.</summary>
    internal void ConfirmGate() => Version++;

    private void MarkCompleted(Actor actor, DateTime nowUtc)
    {
        CompletedById = actor.UserId;
        CompletedByName = actor.DisplayName;
        CompletedAtUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
    }

    private static string Show(object? value) => value switch
    {
        null => "—",
        string s when string.IsNullOrWhiteSpace(s) => "—",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "—",
    };
}
