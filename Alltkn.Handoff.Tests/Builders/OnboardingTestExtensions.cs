using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Tests.Builders;

/// <summary>Test helpers that act on an onboarding through its own public methods, as the right people.</summary>
public static class OnboardingTestExtensions
{
    /// <summary>The item with this template key (e.g. <c>trial.rate-limit</c>).</summary>
    public static HandoffItem ItemByKey(this Onboarding onboarding, string key) =>
        onboarding.Items.SingleOrDefault(i => i.Key == key)
        ?? throw new InvalidOperationException($"The onboarding has no item '{key}'.");

    /// <summary>The required items of a stage, in checklist order.</summary>
    public static IReadOnlyList<HandoffItem> RequiredItemsOf(this Onboarding onboarding, Stage stage) =>
        onboarding.ItemsOf(stage).Where(i => i.Required).ToArray();

    /// <summary>
    /// Settles the gate of the working stage (the stage left, while on hold): each required item not yet done
    /// or not applicable is marked Done by a person holding its owner role, with valid evidence for its kind.
    /// At Go-live it first sets the go-live window, names a person for every support responsibility and writes the rollback
    /// conditions (as the release owner: these fields complete their items), and also completes any handoff-table item of
    /// an earlier stage still open. A field whose item is in <paramref name="exceptKeys"/> is left unfilled (rollback conditions
    /// written at opening are cleared), so that its item is the one missing.
    /// </summary>
    public static Onboarding CompleteRequiredItems(this Onboarding onboarding, DateTime? nowUtc = null, params string[] exceptKeys)
    {
        var now = nowUtc ?? TestClock.Now;
        var stage = onboarding.WorkingStage;
        if (stage == Stage.GoLive)
        {
            if (!exceptKeys.Contains(ChecklistTemplates.Keys.GoLiveWindow))
            {
                onboarding.SetValidGoLiveWindow(now);
            }
            if (!exceptKeys.Contains(ChecklistTemplates.Keys.SupportMatrix))
            {
                onboarding.FillSupportMatrix(now);
            }
            if (!exceptKeys.Contains(ChecklistTemplates.Keys.RollbackConditions))
            {
                onboarding.WriteRollbackConditions(now);
            }
            else if (onboarding.IsFilled(OnboardingField.RollbackConditions))
            {
                // Left out on purpose: conditions written when the onboarding was opened are taken away, so their item is open.
                onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = null }, Actors.ReleaseOwner, now);
            }
        }
        var items = onboarding.Items
            .Where(i => i.Required && !i.IsSettled && i.EvidenceKind != EvidenceKind.SignOff && !exceptKeys.Contains(i.Key))
            .Where(i => i.Stage == stage || (stage == Stage.GoLive && ChecklistTemplates.HandoffTable.Contains(i.Key)))
            .OrderBy(i => i.SortOrder)
            .ToArray();
        foreach (var item in items)
        {
            onboarding.CompleteItem(item.Key, nowUtc: now);
        }
        return onboarding;
    }

    /// <summary>
    /// Marks one item Done with valid evidence for its kind, by <paramref name="by"/> (default: a person holding its owner role).
    /// An item whose evidence is a field is completed by filling the field instead (window, support matrix, rollback conditions), when missing.
    /// </summary>
    public static HandoffItem CompleteItem(this Onboarding onboarding, string key, Actor? by = null, DateTime? nowUtc = null, string? evidence = null)
    {
        var item = onboarding.ItemByKey(key);
        switch (item.EvidenceField)
        {
            // The field is the item's evidence: filling it is what completes the item.
            case OnboardingField.GoLiveWindow:
                onboarding.SetValidGoLiveWindow(nowUtc);
                return item;
            case OnboardingField.SupportMatrix:
                onboarding.FillSupportMatrix(nowUtc);
                return item;
            case OnboardingField.RollbackConditions:
                onboarding.WriteRollbackConditions(nowUtc);
                return item;
        }
        var update = ItemUpdate.From(item) with
        {
            Status = ItemStatus.Done,
            Evidence = evidence ?? ValidEvidence.For(item.EvidenceKind) ?? item.Evidence,
        };
        onboarding.UpdateItem(item.Id, update, by ?? Actors.For(item.OwnerRole), nowUtc ?? TestClock.Now);
        return item;
    }

    /// <summary>Marks one item not applicable, with a reason, as a team admin.</summary>
    public static HandoffItem MarkNotApplicable(this Onboarding onboarding, string key, string reason = "Not part of this customer's plan", Actor? by = null, DateTime? nowUtc = null)
    {
        var item = onboarding.ItemByKey(key);
        var update = ItemUpdate.From(item) with { Status = ItemStatus.NotApplicable, StatusReason = reason };
        onboarding.UpdateItem(item.Id, update, by ?? Actors.TeamAdmin, nowUtc ?? TestClock.Now);
        return item;
    }

    /// <summary>Sets <see cref="ValidEvidence.Window"/> as the release owner, when no window is set.</summary>
    public static Onboarding SetValidGoLiveWindow(this Onboarding onboarding, DateTime? nowUtc = null)
    {
        if (onboarding.GoLiveWindow is null)
        {
            onboarding.SetGoLiveWindow(ValidEvidence.Window(), Actors.ReleaseOwner, nowUtc ?? TestClock.Now);
        }
        return onboarding;
    }

    /// <summary>Writes <see cref="ValidEvidence.RollbackConditions"/> as the release owner, when none are written.</summary>
    public static Onboarding WriteRollbackConditions(this Onboarding onboarding, DateTime? nowUtc = null)
    {
        if (!onboarding.IsFilled(OnboardingField.RollbackConditions))
        {
            onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = ValidEvidence.RollbackConditions },
                Actors.ReleaseOwner, nowUtc ?? TestClock.Now);
        }
        return onboarding;
    }

    /// <summary>Names a person for every support responsibility not yet assigned, as the release owner.</summary>
    public static Onboarding FillSupportMatrix(this Onboarding onboarding, DateTime? nowUtc = null, params SupportResponsibility[] except)
    {
        foreach (var responsibility in Enum.GetValues<SupportResponsibility>().Except(except))
        {
            if (onboarding.SupportMatrix.All(a => a.Responsibility != responsibility))
            {
                onboarding.AssignSupport(responsibility, ValidEvidence.PersonFor(responsibility), Actors.ReleaseOwner, nowUtc ?? TestClock.Now);
            }
        }
        return onboarding;
    }

    /// <summary>Makes a move through its intent method (StartTrial, Hold, ...), so tests exercise the API the app calls.</summary>
    public static void Make(this Onboarding onboarding, Move move, Actor actor, DateTime? nowUtc = null, string? reason = null)
    {
        var now = nowUtc ?? TestClock.Now;
        switch (move)
        {
            case Move.StartTrial: onboarding.StartTrial(actor, now); break;
            case Move.ConfirmTrial: onboarding.ConfirmTrial(actor, now); break;
            case Move.StartInvoiceAndContract: onboarding.StartInvoiceAndContract(actor, now); break;
            case Move.StartGoLive: onboarding.StartGoLive(actor, now); break;
            case Move.SignOffGoLive: onboarding.SignOffGoLive(actor, now); break;
            case Move.Hold: onboarding.Hold(reason!, actor, now); break;
            case Move.Resume: onboarding.Resume(actor, now); break;
            case Move.Cancel: onboarding.Cancel(reason!, actor, now); break;
            case Move.Rollback: onboarding.Rollback(reason!, actor, now); break;
            default: throw new ArgumentOutOfRangeException(nameof(move), move, null);
        }
    }

    /// <summary>The forward move out of a path stage on this onboarding's path (null at Live).</summary>
    public static Move? ForwardMove(this Onboarding onboarding) => onboarding.Stage switch
    {
        Stage.Inquiry => Move.StartTrial,
        Stage.Trial => Move.ConfirmTrial,
        Stage.CommercialConfirmation => onboarding.PassesInvoiceAndContract ? Move.StartInvoiceAndContract : Move.StartGoLive,
        Stage.InvoiceAndContract => Move.StartGoLive,
        Stage.GoLive => Move.SignOffGoLive,
        _ => null,
    };
}
