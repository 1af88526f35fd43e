using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Stateless;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// One enterprise customer's path from first business contact to supported live use: the aggregate root.
/// The workflow is a Stateless machine whose state lives in <see cref="Stage"/> (a plain enum EF maps);
/// the machine is configured on first use (<c>Machine</c>), for the instance it serves.
/// Every successful change adds entries to <see cref="PendingRevisions"/> for the persistence layer to store.
/// </summary>
public sealed partial class Onboarding
{
    public const int MaxReasonLength = 1000;

    private readonly List<HandoffItem> _items = [];
    private readonly List<SupportAssignment> _supportMatrix = [];
    private readonly List<RevisionEntry> _pendingRevisions = [];
    private StateMachine<Stage, Move>? _machine;

    private Onboarding()
    {
        Details = null!;
        CreatedById = CreatedByName = "";
    }

    private Onboarding(Scenario scenario, OnboardingDetails details, Actor actor, DateTime nowUtc) : this()
    {
        Id = Guid.CreateVersion7();
        Scenario = scenario;
        Details = details;
        Stage = Stage.Inquiry;
        CreatedAtUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        CreatedById = actor.UserId;
        CreatedByName = actor.DisplayName;
    }

    public Guid Id { get; private set; }

    public Scenario Scenario { get; private set; }

    public OnboardingDetails Details { get; private set; }

    public Stage Stage { get; private set; }

    /// <summary>While on hold: the stage Resume returns to.</summary>
    public Stage? StageBeforeHold { get; private set; }

    public string? HoldReason { get; private set; }

    public string? CancelReason { get; private set; }

    public GoLiveWindow? GoLiveWindow { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedById { get; private set; }

    public string CreatedByName { get; private set; }

    /// <summary>What lists show of the gate and progress, refreshed by every change (see <see cref="GateSummary"/>).</summary>
    public GateSummary Summary { get; private set; } = GateSummary.None;

    /// <summary>Concurrency token of the onboarding's own fields, raised by every change to them (SQLite has no rowversion).</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<HandoffItem> Items => _items.AsReadOnly();

    public IReadOnlyCollection<SupportAssignment> SupportMatrix => _supportMatrix.AsReadOnly();

    /// <summary>Revision entries of changes not yet stored.</summary>
    public IReadOnlyList<RevisionEntry> PendingRevisions => _pendingRevisions.AsReadOnly();

    public void ClearPendingRevisions() => _pendingRevisions.Clear();

    /// <summary>The stage the work is in: the stage left while on hold.</summary>
    public Stage WorkingStage => Stage == Stage.OnHold && StageBeforeHold is { } left ? left : Stage;

    public bool IsClosed => Stage == Stage.Cancelled;

    /// <summary>Opens an onboarding at Inquiry with its scenario's starting checklist.</summary>
    public static Onboarding Open(Scenario scenario, OnboardingDetails details, Actor actor, DateTime nowUtc)
    {
        if (!HandoffPolicy.MayCreateOnboarding(actor))
        {
            throw new DomainException("onboarding.create-not-permitted",
                "Only a team admin may open an onboarding.", Role.TeamAdmin);
        }
        var onboarding = new Onboarding(scenario, Validate(details), actor, nowUtc);
        var order = 0;
        foreach (var template in ChecklistTemplates.For(scenario))
        {
            onboarding._items.Add(new HandoffItem(onboarding.Id, order++, template, ChecklistTemplates.IsRequired(template, details)));
        }
        foreach (var item in onboarding._items.Where(i => i.EvidenceField is not null))
        {
            // Rollback conditions written already when opening: their item is done from the start.
            item.FollowField(onboarding.IsFilled(item.EvidenceField!.Value), actor, nowUtc);
        }
        onboarding.Record(actor, nowUtc, RevisionKind.OnboardingCreated, details.Customer, after: scenario.ToString());
        onboarding.StartStage(Stage.Inquiry, actor, nowUtc, opening: true);
        onboarding.Refresh(nowUtc);
        return onboarding;
    }

    /// <summary>
    /// Computes <see cref="Summary"/> again from the items and stage as they stand. Every change of the aggregate calls
    /// it; call it yourself only for an onboarding stored before summaries existed (or by older rules) and loaded with its items.
    /// Returns whether the summary changed. Raises no version: the summary is what the rest already says.
    /// </summary>
    public bool RefreshSummary()
    {
        var summary = GateSummary.Of(this);
        if (summary == Summary)
        {
            return false;
        }
        Summary = summary;
        return true;
    }

    public IEnumerable<HandoffItem> ItemsOf(Stage stage) => _items.Where(i => i.Stage == stage).OrderBy(i => i.SortOrder);

    public HandoffItem Item(Guid itemId) =>
        _items.FirstOrDefault(i => i.Id == itemId)
        ?? throw new DomainException("item.not-found", "That checklist item does not belong to this onboarding.", itemId);

    /// <summary>Required items done (or not applicable) out of required items, over the whole path.</summary>
    public (int Done, int Required) Progress()
    {
        var required = _items.Where(i => i.Required).ToList();
        return (required.Count(i => i.IsSettled), required.Count);
    }

    /// <summary>Whether the Invoice &amp; contract stage is on this onboarding's path.</summary>
    public bool PassesInvoiceAndContract => Details.NeedsInvoiceOrContract;

    public bool IsSupportMatrixComplete => MissingSupport.Count == 0;

    /// <summary>The support responsibilities no one is named for yet.</summary>
    public IReadOnlyList<SupportResponsibility> MissingSupport =>
        Enum.GetValues<SupportResponsibility>().Where(r => _supportMatrix.All(a => a.Responsibility != r)).ToArray();

    /// <summary>Whether a field that is an item's evidence is filled: a valid window, every responsibility named, conditions written.</summary>
    public bool IsFilled(OnboardingField field) => field switch
    {
        OnboardingField.GoLiveWindow => GoLiveWindow is not null,
        OnboardingField.SupportMatrix => IsSupportMatrixComplete,
        OnboardingField.RollbackConditions => !string.IsNullOrWhiteSpace(Details.RollbackConditions),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a field that is an item's evidence."),
    };

    /// <summary>
    /// An item's evidence as it reads: for an item whose evidence is a field, the field's value as it stands (the window,
    /// the named people, the conditions), never a typed copy; for the others, what the person gave. The support matrix
    /// names each responsibility by <paramref name="responsibilityName"/> (a reader's language), or by its identifier.
    /// </summary>
    public string? EvidenceOf(HandoffItem item, Func<SupportResponsibility, string>? responsibilityName = null) => item.EvidenceField switch
    {
        OnboardingField.GoLiveWindow => GoLiveWindow?.ToString(),
        OnboardingField.SupportMatrix => _supportMatrix.Count == 0
            ? null
            : string.Join("; ", _supportMatrix.OrderBy(a => a.Responsibility)
                .Select(a => $"{responsibilityName?.Invoke(a.Responsibility) ?? a.Responsibility.ToString()}: {a.PersonName}")),
        OnboardingField.RollbackConditions => Details.RollbackConditions,
        _ => item.Evidence,
    };

    /// <summary>Stages already passed (before the working stage on this onboarding's path).</summary>
    public bool HasPassed(Stage stage) =>
        Stage == Stage.Live ? stage.Order() < Stage.Live.Order() : stage.Order() < WorkingStage.Order() && stage.Order() >= 0;

    /// <summary>Replaces the onboarding's facts; each changed field is recorded. Returns the fields that changed.</summary>
    public IReadOnlyList<OnboardingField> UpdateDetails(OnboardingDetails details, Actor actor, DateTime nowUtc, string? reason = null)
    {
        EnsureOpen();
        details = Validate(details);
        var changed = FieldCatalog.Changed(Details, details);
        var refused = changed.Where(f => !HandoffPolicy.MayEditField(actor, f)).ToList();
        if (refused.Count > 0)
        {
            throw new DomainException("field.not-permitted",
                $"You may not change {string.Join(", ", refused)}: ask a team admin or the owner of that package.",
                string.Join(", ", refused));
        }
        if (changed.Count == 0)
        {
            return changed;
        }
        if (Details.NeedsInvoiceOrContract != details.NeedsInvoiceOrContract && HasPassed(Stage.CommercialConfirmation))
        {
            throw new DomainException("field.needs-after-commercial",
                "Invoice, contract and corporate-payment needs decide the path after commercial confirmation, which has been passed; they can no longer be switched on or all off.");
        }
        var before = Details;
        Details = details;
        foreach (var field in changed)
        {
            // One change, one entry: a field that is an item's evidence names the item it completed (or reopened).
            Record(actor, nowUtc, RevisionKind.FieldChanged, field.ToString(),
                FieldCatalog.Read(before, field), FieldCatalog.Read(details, field), reason, FollowField(field, actor, nowUtc)?.Id);
        }
        if (!HasPassed(Stage.InvoiceAndContract))
        {
            foreach (var item in ItemsOf(Stage.InvoiceAndContract))
            {
                item.SetRequired(ChecklistTemplates.IsRequired(item.Key, true, details));
            }
        }
        Version++;
        Refresh(nowUtc);
        return changed;
    }

    public void SetGoLiveWindow(GoLiveWindow? window, Actor actor, DateTime nowUtc)
    {
        EnsureOpen();
        EnsureMayEdit(actor, OnboardingField.GoLiveWindow);
        if (Equals(GoLiveWindow, window))
        {
            return;
        }
        var before = GoLiveWindow;
        GoLiveWindow = window;
        Record(actor, nowUtc, RevisionKind.FieldChanged, nameof(OnboardingField.GoLiveWindow),
            before?.ToString(), window?.ToString(), itemId: FollowField(OnboardingField.GoLiveWindow, actor, nowUtc)?.Id);
        Version++;
        Refresh(nowUtc);
    }

    /// <summary>Names the person for a support responsibility; blank removes the name.</summary>
    public void AssignSupport(SupportResponsibility responsibility, string? personName, Actor actor, DateTime nowUtc)
    {
        EnsureOpen();
        EnsureMayEdit(actor, OnboardingField.SupportMatrix);
        var name = Text.Optional(personName, responsibility.ToString(), 200);
        var row = _supportMatrix.FirstOrDefault(a => a.Responsibility == responsibility);
        if (row?.PersonName == name)
        {
            return;
        }
        var before = row?.PersonName;
        if (name is null)
        {
            _supportMatrix.Remove(row!);
        }
        else if (row is null)
        {
            _supportMatrix.Add(new SupportAssignment(responsibility, name));
        }
        else
        {
            row.Reassign(name);
        }
        Record(actor, nowUtc, RevisionKind.SupportMatrixChanged, responsibility.ToString(), before, name,
            itemId: FollowField(OnboardingField.SupportMatrix, actor, nowUtc)?.Id);
        Version++;
        Refresh(nowUtc);
    }

    /// <summary>
    /// Changes an item's status, evidence, assignee or due date. Returns false when nothing changed.
    /// Rules: the item's owner role or a team admin; Done needs the evidence its kind asks for; NotApplicable
    /// needs a team admin and a reason; Blocked needs a reason. Items of stages already passed keep their
    /// Done / NotApplicable status (the gate was passed on them) but their evidence, assignee and due date
    /// may still be corrected. Items of later stages may be prepared early. A cancelled onboarding is read-only.
    /// </summary>
    public bool UpdateItem(Guid itemId, ItemUpdate update, Actor actor, DateTime nowUtc)
    {
        EnsureOpen();
        var item = Item(itemId);
        if (actor.IsGuest && !HandoffPolicy.MayEditItem(actor, item, update))
        {
            throw new DomainException("item.guest-not-permitted",
                $"A guest of the customer completes only the items shared with their side that the customer completes, with status and evidence; '{item.Title}' is not one of them.",
                item.Title);
        }
        if (!HandoffPolicy.MayEditItem(actor, item, update))
        {
            throw item.OwnerRole == Role.TeamAdmin
                ? new DomainException("item.admin-only", $"Only a team admin may change '{item.Title}'.", item.Title)
                : new DomainException("item.not-permitted",
                    $"Only the owner of '{item.Title}' ({item.OwnerRole}) or a team admin may change it.", item.Title, item.OwnerRole);
        }
        update = update with
        {
            // An item whose evidence is a field shows the field: nothing typed on the item is kept.
            Evidence = item.EvidenceField is null ? Text.Optional(update.Evidence, "Evidence", EvidenceRules.MaxEvidenceLength) : null,
            AssigneeName = Text.Optional(update.AssigneeName, "Assignee", 200),
            AssigneeUserId = Text.Clean(update.AssigneeUserId),
            StatusReason = Text.Optional(update.StatusReason, "Reason", MaxReasonLength),
        };
        if (update.Status != item.Status)
        {
            CheckStatusChange(item, update, actor);
        }
        else if (update.Status == ItemStatus.Done && update.Evidence != item.Evidence)
        {
            CheckEvidence(item, update.Evidence);
        }
        else if (update.StatusReason != item.StatusReason)
        {
            // Status unchanged: a not-applicable reason stays a team admin's to reword; neither it nor a blocked reason may be removed.
            CheckReason(item, update, actor);
        }
        var change = item.Apply(update, actor, nowUtc);
        if (change is null)
        {
            return false;
        }
        Record(actor, nowUtc, RevisionKind.ItemChanged, item.Title, change.Value.Before, change.Value.After,
            update.StatusReason, item.Id);
        Refresh(nowUtc);
        return true;
    }

    private void CheckStatusChange(HandoffItem item, ItemUpdate update, Actor actor)
    {
        if (item.EvidenceKind == EvidenceKind.SignOff)
        {
            throw new DomainException("item.sign-off-by-move",
                "The release owner's sign-off is recorded by signing off the go-live, not by ticking the item.");
        }
        // An item whose evidence is a field follows the field; a team admin may still mark it not applicable (and undo that).
        if (item.EvidenceField is { } field && update.Status != ItemStatus.NotApplicable
            && update.Status != (IsFilled(field) ? ItemStatus.Done : ItemStatus.Open))
        {
            throw new DomainException("item.completed-by-field",
                $"'{item.Title}' is completed by filling in {field} on the onboarding, not by ticking the item; clearing it reopens the item.",
                item.Title, field);
        }
        if (HasPassed(item.Stage) && item.IsSettled && !update.Status.IsSettled())
        {
            throw new DomainException("item.stage-passed",
                $"'{item.Title}' belongs to the {item.Stage} stage, which has been passed on it; it stays {item.Status}. Its evidence, assignee and due date can still be corrected.",
                item.Title, item.Stage, item.Status);
        }
        if (update.Status == ItemStatus.Done)
        {
            CheckEvidence(item, update.Evidence);
        }
        else
        {
            CheckReason(item, update, actor);
        }
    }

    /// <summary>NotApplicable needs a team admin and a reason; Blocked needs a reason.</summary>
    private static void CheckReason(HandoffItem item, ItemUpdate update, Actor actor)
    {
        switch (update.Status)
        {
            case ItemStatus.NotApplicable:
                // The actor is checked before the reason: a person who may not do this need not write one.
                if (!HandoffPolicy.MayMarkNotApplicable(actor))
                {
                    throw new DomainException("item.na-not-permitted",
                        $"Only a team admin may mark '{item.Title}' not applicable.", item.Title);
                }
                if (update.StatusReason is null)
                {
                    throw new DomainException("item.na-reason",
                        $"Say why '{item.Title}' is not applicable.", item.Title);
                }
                break;
            case ItemStatus.Blocked when update.StatusReason is null:
                throw new DomainException("item.blocked-reason",
                    $"Say what blocks '{item.Title}', so its owner knows what to resolve.", item.Title);
        }
    }

    private static void CheckEvidence(HandoffItem item, string? evidence)
    {
        if (EvidenceRules.Problem(item.EvidenceKind, evidence) is { } p)
        {
            throw new DomainException(p.Item1, $"'{item.Title}': {p.Item2}", item.Title);
        }
    }

    /// <summary>
    /// The item whose evidence is <paramref name="field"/> follows it (see <see cref="HandoffItem.FollowField"/>); returns
    /// it when its status changed. An item of a stage already passed keeps its status: the gate was passed on it.
    /// </summary>
    /// <remarks>
    /// So a live onboarding's window, rollback conditions and support matrix stay the release owner's to keep up (people
    /// change; DOMAIN.md freezes nothing once live, it asks that every change be kept): clearing one is allowed and recorded
    /// as a field change, before and after, by whom, and the go-live items stay as signed off. Should the onboarding be
    /// rolled back, the gate is decided on the fields as they then stand (<see cref="ReopenItemsWhoseFieldIsMissing"/>).
    /// </remarks>
    private HandoffItem? FollowField(OnboardingField field, Actor actor, DateTime nowUtc)
    {
        var item = _items.FirstOrDefault(i => i.EvidenceField == field);
        if (item is null || (HasPassed(item.Stage) && item.IsSettled))
        {
            return null;
        }
        return item.FollowField(IsFilled(field), actor, nowUtc) ? item : null;
    }

    private void EnsureOpen()
    {
        if (IsClosed)
        {
            throw new DomainException("onboarding.cancelled",
                $"This onboarding was cancelled ({CancelReason}); it can be read but no longer changed.", CancelReason);
        }
    }

    private static void EnsureMayEdit(Actor actor, OnboardingField field)
    {
        if (!HandoffPolicy.MayEditField(actor, field))
        {
            throw new DomainException("field.not-permitted",
                $"You may not change {field}: ask a team admin or the owner of that package.", field.ToString());
        }
    }

    private void Record(Actor actor, DateTime nowUtc, RevisionKind kind, string subject,
        string? before = null, string? after = null, string? reason = null, Guid? itemId = null) =>
        _pendingRevisions.Add(RevisionEntry.By(actor, nowUtc, Id, kind, subject, before, after, reason, itemId));

    private static OnboardingDetails Validate(OnboardingDetails details) => details with
    {
        Customer = Text.Required(details.Customer, nameof(OnboardingDetails.Customer), DetailLimits.MaxLength(OnboardingField.Customer)),
        ProcurementEntity = Text.Required(details.ProcurementEntity, nameof(OnboardingDetails.ProcurementEntity), DetailLimits.MaxLength(OnboardingField.ProcurementEntity)),
        UseCase = Text.Optional(details.UseCase, nameof(OnboardingDetails.UseCase), DetailLimits.MaxLength(OnboardingField.UseCase)),
        ExpectedModels = Text.Optional(details.ExpectedModels, nameof(OnboardingDetails.ExpectedModels), DetailLimits.MaxLength(OnboardingField.ExpectedModels)),
        MonthlyBudgetRange = Text.Optional(details.MonthlyBudgetRange, nameof(OnboardingDetails.MonthlyBudgetRange), DetailLimits.MaxLength(OnboardingField.MonthlyBudgetRange)),
        TechnicalContact = Text.Optional(details.TechnicalContact, nameof(OnboardingDetails.TechnicalContact), DetailLimits.MaxLength(OnboardingField.TechnicalContact)),
        BusinessContact = Text.Optional(details.BusinessContact, nameof(OnboardingDetails.BusinessContact), DetailLimits.MaxLength(OnboardingField.BusinessContact)),
        BaseUrl = Text.Optional(details.BaseUrl, nameof(OnboardingDetails.BaseUrl), DetailLimits.MaxLength(OnboardingField.BaseUrl)),
        Sdk = Text.Optional(details.Sdk, nameof(OnboardingDetails.Sdk), DetailLimits.MaxLength(OnboardingField.Sdk)),
        TestPlan = Text.Optional(details.TestPlan, nameof(OnboardingDetails.TestPlan), DetailLimits.MaxLength(OnboardingField.TestPlan)),
        StatusCodesSeen = Text.Optional(details.StatusCodesSeen, nameof(OnboardingDetails.StatusCodesSeen), DetailLimits.MaxLength(OnboardingField.StatusCodesSeen)),
        RollbackConditions = Text.Optional(details.RollbackConditions, nameof(OnboardingDetails.RollbackConditions), DetailLimits.MaxLength(OnboardingField.RollbackConditions)),
        RampPlan = Text.Optional(details.RampPlan, nameof(OnboardingDetails.RampPlan), DetailLimits.MaxLength(OnboardingField.RampPlan)),
        TroubleshootingFields = Text.Optional(details.TroubleshootingFields, nameof(OnboardingDetails.TroubleshootingFields), DetailLimits.MaxLength(OnboardingField.TroubleshootingFields)),
        BudgetCycle = Text.Optional(details.BudgetCycle, nameof(OnboardingDetails.BudgetCycle), DetailLimits.MaxLength(OnboardingField.BudgetCycle)),
        PaymentMethod = Text.Optional(details.PaymentMethod, nameof(OnboardingDetails.PaymentMethod), DetailLimits.MaxLength(OnboardingField.PaymentMethod)),
    };
}
