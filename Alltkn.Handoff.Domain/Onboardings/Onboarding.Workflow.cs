using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>The stage machine of DOMAIN.md and the gates on its forward moves.</summary>
public sealed partial class Onboarding
{
    private const string GateGuard = "required items of the stage done";

    /// <summary>
    /// The stage machine, configured on first use: most changes (an item, a field, a comment) and every read of an
    /// onboarding never fire or inspect a move, and configuring it made a fifth of materializing an onboarding.
    /// </summary>
    private StateMachine<Stage, Move> Machine => _machine ??= BuildMachine();

    private StateMachine<Stage, Move> BuildMachine()
    {
        // The same configuration for every onboarding (what differs is in the guards and the Resume destination, read when
        // asked): Exists reads the moves configured per stage once for all instances (Configured).
        var machine = new StateMachine<Stage, Move>(() => Stage, s => Stage = s);

        machine.Configure(Stage.Inquiry)
            .PermitIf(Move.StartTrial, Stage.Trial, GateOpen, GateGuard)
            .Permit(Move.Hold, Stage.OnHold)
            .Permit(Move.Cancel, Stage.Cancelled);

        machine.Configure(Stage.Trial)
            .PermitIf(Move.ConfirmTrial, Stage.CommercialConfirmation, GateOpen, GateGuard)
            .Permit(Move.Hold, Stage.OnHold)
            .Permit(Move.Cancel, Stage.Cancelled);

        machine.Configure(Stage.CommercialConfirmation)
            .PermitIf(Move.StartInvoiceAndContract, Stage.InvoiceAndContract,
                new Tuple<Func<bool>, string>(GateOpen, GateGuard),
                new Tuple<Func<bool>, string>(() => PassesInvoiceAndContract, "invoice, contract or corporate payment needed"))
            .PermitIf(Move.StartGoLive, Stage.GoLive,
                new Tuple<Func<bool>, string>(GateOpen, GateGuard),
                new Tuple<Func<bool>, string>(() => !PassesInvoiceAndContract, "no invoice, contract or corporate payment needed"))
            .Permit(Move.Hold, Stage.OnHold)
            .Permit(Move.Cancel, Stage.Cancelled);

        machine.Configure(Stage.InvoiceAndContract)
            .PermitIf(Move.StartGoLive, Stage.GoLive, GateOpen, GateGuard)
            .Permit(Move.Hold, Stage.OnHold)
            .Permit(Move.Cancel, Stage.Cancelled);

        machine.Configure(Stage.GoLive)
            .PermitIf(Move.SignOffGoLive, Stage.Live, GateOpen, "handoff table, window and support matrix complete")
            .Permit(Move.Hold, Stage.OnHold)
            .Permit(Move.Cancel, Stage.Cancelled);

        machine.Configure(Stage.Live)
            .Permit(Move.Rollback, Stage.GoLive);

        machine.Configure(Stage.OnHold)
            .PermitDynamic(Move.Resume, () => StageBeforeHold ?? Stage.Inquiry, "the stage it left", ResumeDestinations())
            .Permit(Move.Cancel, Stage.Cancelled);

        machine.Configure(Stage.Cancelled);

        return machine;
    }

    private static DynamicStateInfos ResumeDestinations()
    {
        var destinations = new DynamicStateInfos();
        foreach (var stage in Stages.Active)
        {
            destinations.Add(stage.ToString(), $"left {stage}");
        }
        return destinations;
    }

    private bool GateOpen() => GateReasons().Count == 0;

    /// <summary>Intent methods: each fires its move or throws <see cref="MoveRefusedException"/> with every reason.</summary>
    public void StartTrial(Actor actor, DateTime nowUtc) => Fire(Move.StartTrial, actor, nowUtc);

    public void ConfirmTrial(Actor actor, DateTime nowUtc) => Fire(Move.ConfirmTrial, actor, nowUtc);

    public void StartInvoiceAndContract(Actor actor, DateTime nowUtc) => Fire(Move.StartInvoiceAndContract, actor, nowUtc);

    public void StartGoLive(Actor actor, DateTime nowUtc) => Fire(Move.StartGoLive, actor, nowUtc);

    public void SignOffGoLive(Actor actor, DateTime nowUtc) => Fire(Move.SignOffGoLive, actor, nowUtc);

    public void Hold(string reason, Actor actor, DateTime nowUtc) => Fire(Move.Hold, actor, nowUtc, reason);

    public void Resume(Actor actor, DateTime nowUtc) => Fire(Move.Resume, actor, nowUtc);

    public void Cancel(string reason, Actor actor, DateTime nowUtc) => Fire(Move.Cancel, actor, nowUtc, reason);

    public void Rollback(string reason, Actor actor, DateTime nowUtc) => Fire(Move.Rollback, actor, nowUtc, reason);

    /// <summary>The moves that exist from the current stage (whether or not this person may make them now).</summary>
    public IReadOnlyList<Move> MovesFromHere() =>
        Moves.All.Where(m => Exists(m)).ToArray();

    /// <summary>Every move from here, each with whether <paramref name="actor"/> may make it at <paramref name="nowUtc"/> and why not.</summary>
    public IReadOnlyList<MoveCheck> CheckMoves(Actor actor, DateTime nowUtc) =>
        MovesFromHere().Select(m => CheckMove(m, actor, nowUtc, m.NeedsReason() ? "(reason to be given)" : null)).ToArray();

    /// <summary>
    /// May <paramref name="actor"/> make <paramref name="move"/> at <paramref name="nowUtc"/>? Every unmet reason, in words.
    /// The time is asked for by the one check that depends on it (a go-live window already over, see
    /// <see cref="WindowEnded"/>), so that pages, the API and the move itself decide on the same clock.
    /// </summary>
    public MoveCheck CheckMove(Move move, Actor actor, DateTime nowUtc, string? reason = null)
    {
        if (!Exists(move))
        {
            return new MoveCheck(move, Stage, null,
                [new UnmetReason(UnmetReasonCode.NotFromThisStage, $"{move} is not a move from {Stage}.")]);
        }
        var reasons = new List<UnmetReason>();
        if (!HandoffPolicy.MayFire(actor, move))
        {
            var owners = HandoffPolicy.OwnersOf(move);
            reasons.Add(new UnmetReason(UnmetReasonCode.MissingRole,
                $"Only a {string.Join(" or ", owners)} may {move}.", RequiredRoles: owners));
        }
        if (move.NeedsReason() && string.IsNullOrWhiteSpace(reason))
        {
            reasons.Add(new UnmetReason(UnmetReasonCode.ReasonMissing, $"{move} needs a reason in words."));
        }
        if (move == Move.StartInvoiceAndContract && !PassesInvoiceAndContract)
        {
            reasons.Add(new UnmetReason(UnmetReasonCode.WrongBranch,
                "No invoice, contract or corporate payment is needed: go straight to Go-live."));
        }
        if (move == Move.StartGoLive && Stage == Stage.CommercialConfirmation && PassesInvoiceAndContract)
        {
            reasons.Add(new UnmetReason(UnmetReasonCode.WrongBranch,
                "An invoice, a contract or corporate payment is needed: start Invoice & contract first."));
        }
        if (move.IsGated())
        {
            reasons.AddRange(GateReasons());
        }
        if (move == Move.SignOffGoLive && WindowEnded(nowUtc) is { } ended)
        {
            reasons.Add(ended);
        }
        return new MoveCheck(move, Stage, Destination(move), reasons);
    }

    /// <summary>
    /// The go-live sign-off is given for a window still to come or under way: one whose end is at or before
    /// <paramref name="nowUtc"/> (last month's window, still set after a rollback) is no window to go live in, and the
    /// release owner is asked for a new one. Signing off before the window starts stays allowed (planned windows are
    /// signed off ahead). Only this move asks: the window item keeps its Done (the field is filled), so the gate items,
    /// the stored <see cref="GateSummary"/> and the notifications, which have no clock, do not see it.
    /// </summary>
    private UnmetReason? WindowEnded(DateTime nowUtc)
    {
        var item = GateItems(Stage.GoLive).FirstOrDefault(i => i.EvidenceField == OnboardingField.GoLiveWindow);
        if (GoLiveWindow is not { } window || window.EndUtc > nowUtc || item is null || item.Status == ItemStatus.NotApplicable)
        {
            return null;
        }
        return new UnmetReason(UnmetReasonCode.GoLiveWindowPassed,
            $"The go-live window ended on {window.EndLocal:yyyy-MM-dd HH:mm} ({window.TimeZoneId}): set a new window first (owner: {item.OwnerRole}).",
            item.Title, item.Key, item.OwnerRole, Window: window);
    }

    /// <summary>Makes the move, or throws <see cref="MoveRefusedException"/> and changes nothing.</summary>
    public void Fire(Move move, Actor actor, DateTime nowUtc, string? reason = null)
    {
        var check = CheckMove(move, actor, nowUtc, reason);
        if (!check.Allowed)
        {
            throw new MoveRefusedException(check);
        }
        reason = Common.Text.Optional(reason, "Reason", MaxReasonLength);
        var from = Stage;
        if (move.IsGated())
        {
            // The gate was decided on these items as they stand: a concurrent edit of any of them now conflicts.
            foreach (var item in GateItems())
            {
                item.ConfirmGate();
            }
        }
        Machine.Fire(move);
        switch (move)
        {
            case Move.Hold:
                StageBeforeHold = from;
                HoldReason = reason;
                StopClock(nowUtc);
                break;
            case Move.Resume:
                StageBeforeHold = null;
                HoldReason = null;
                break;
            case Move.Cancel:
                CancelReason = reason;
                break;
            case Move.SignOffGoLive:
                SignOffItem()?.CompleteBySignOff(actor, nowUtc);
                break;
            case Move.Rollback:
                SignOffItem()?.Reopen();
                break;
        }
        Version++;
        Record(actor, nowUtc, RevisionKind.StageMoved, move.ToString(), from.ToString(), Stage.ToString(), reason);
        if (move == Move.Rollback)
        {
            ReopenItemsWhoseFieldIsMissing(actor, nowUtc);
        }
        if (move.IsGated() || move == Move.Rollback)
        {
            StartStage(Stage, actor, nowUtc);
        }
        else if (move == Move.Resume)
        {
            RestartClock(actor, nowUtc);
        }
        Refresh(nowUtc);
    }

    /// <summary>What still holds the gate of the current stage: each required item not done, by title and owner.</summary>
    public IReadOnlyList<UnmetReason> GateReasons() => GateReasonsAt(Stage);

    /// <summary>What holds the gate of <paramref name="stage"/> as the items stand (the summary asks for the working stage while on hold).</summary>
    internal IReadOnlyList<UnmetReason> GateReasonsAt(Stage stage)
    {
        // One reason per thing missing: an item whose evidence is a field says what the field lacks, and links to the item.
        return GateItems(stage).Where(i => !i.IsSettled).Select(NotDone).ToList();
    }

    private UnmetReason NotDone(HandoffItem i)
    {
        var owner = $"owner: {i.OwnerRole}{(i.AssigneeName is null ? "" : $", assigned to {i.AssigneeName}")}";
        return i.EvidenceField switch
        {
            OnboardingField.GoLiveWindow when GoLiveWindow is null => new UnmetReason(UnmetReasonCode.GoLiveWindowMissing,
                $"The go-live window (start, end, time zone) is not set; setting it completes '{i.Title}' ({owner}).",
                i.Title, i.Key, i.OwnerRole),
            OnboardingField.SupportMatrix when MissingSupport is { Count: > 0 } missing => new UnmetReason(UnmetReasonCode.SupportMatrixIncomplete,
                $"No one is named in the support matrix for {string.Join(", ", missing)}; naming them completes '{i.Title}' ({owner}).",
                i.Title, i.Key, i.OwnerRole, Responsibility: missing[0], Responsibilities: missing),
            OnboardingField.RollbackConditions when !IsFilled(OnboardingField.RollbackConditions) => new UnmetReason(UnmetReasonCode.RollbackConditionsMissing,
                $"The rollback conditions are not written; writing them completes '{i.Title}' ({owner}).",
                i.Title, i.Key, i.OwnerRole),
            _ => new UnmetReason(UnmetReasonCode.ItemNotDone, $"'{i.Title}' is not done ({owner}).", i.Title, i.Key, i.OwnerRole),
        };
    }

    /// <summary>The required items the current stage's gate checks; at Go-live also the handbook's handoff table.</summary>
    private IEnumerable<HandoffItem> GateItems() => GateItems(Stage);

    private IEnumerable<HandoffItem> GateItems(Stage stage)
    {
        return _items.Where(i => i.Required && (i.Stage == stage
            || (stage == Stage.GoLive && ChecklistTemplates.HandoffTable.Contains(i.Key)
                && (i.Stage != Stage.InvoiceAndContract || PassesInvoiceAndContract))))
            .OrderBy(i => i.SortOrder);
    }

    /// <summary>
    /// After a rollback the go-live gate is decided again, on the go-live window, the rollback conditions and the support
    /// matrix as they stand (DOMAIN.md: the go-live gate checks them). While live they may be changed (each change recorded,
    /// see <see cref="FollowField"/>) but their items kept the Done the first sign-off was given on; so each item of the
    /// stage rolled back into that is Done while its field is now missing is reopened here, with an entry saying why, and
    /// the gate then names what is missing as it does for any open item. Not applicable stays: a team admin's decision.
    /// </summary>
    private void ReopenItemsWhoseFieldIsMissing(Actor actor, DateTime nowUtc)
    {
        foreach (var item in ItemsOf(Stage).Where(i => i.Status == ItemStatus.Done && i.EvidenceField is { } f && !IsFilled(f)).ToList())
        {
            var missing = item.EvidenceField switch
            {
                OnboardingField.GoLiveWindow => "the go-live window is no longer set",
                OnboardingField.RollbackConditions => "the rollback conditions are no longer written",
                _ => $"no one is named in the support matrix for {string.Join(", ", MissingSupport)} any more",
            };
            item.FollowField(false, actor, nowUtc);
            Record(actor, nowUtc, RevisionKind.ItemChanged, item.Title, $"Status: {ItemStatus.Done}", $"Status: {ItemStatus.Open}",
                $"Reopened by the rollback: {missing}, and the go-live sign-off needs it again.", item.Id);
        }
    }

    private HandoffItem? SignOffItem() => _items.FirstOrDefault(i => i.EvidenceKind == EvidenceKind.SignOff);

    private bool Exists(Move move) => Destination(move) is not null && Configured.Value.Contains((Stage, move));

    /// <summary>
    /// The moves the machine has from each stage, read once from its own description: they are the same for every
    /// onboarding (the guards, not the configuration, differ), and describing the machine is far dearer than asking it.
    /// </summary>
    private static readonly Lazy<HashSet<(Stage, Move)>> Configured = new(() => WorkflowInfo().States
        .SelectMany(s => s.Transitions.Select(t => ((Stage)s.UnderlyingState, (Move)t.Trigger.UnderlyingTrigger)))
        .ToHashSet());

    private Stage? Destination(Move move) => (Stage, move) switch
    {
        (Stage.Inquiry, Move.StartTrial) => Stage.Trial,
        (Stage.Trial, Move.ConfirmTrial) => Stage.CommercialConfirmation,
        (Stage.CommercialConfirmation, Move.StartInvoiceAndContract) => Stage.InvoiceAndContract,
        (Stage.CommercialConfirmation or Stage.InvoiceAndContract, Move.StartGoLive) => Stage.GoLive,
        (Stage.GoLive, Move.SignOffGoLive) => Stage.Live,
        (_, Move.Hold) when Stage.IsActive() => Stage.OnHold,
        (Stage.OnHold, Move.Resume) => StageBeforeHold,
        (_, Move.Cancel) when Stage.IsActive() || Stage == Stage.OnHold => Stage.Cancelled,
        (Stage.Live, Move.Rollback) => Stage.GoLive,
        _ => null,
    };

    /// <summary>The workflow as Mermaid text, drawn from the machine itself.</summary>
    public static string WorkflowDiagram() => MermaidGraph.Format(WorkflowInfo());

    /// <summary>The machine's own description of its stages, moves and guards, for drawing the workflow.</summary>
    public static StateMachineInfo WorkflowInfo() => new Onboarding().Machine.GetInfo();
}
