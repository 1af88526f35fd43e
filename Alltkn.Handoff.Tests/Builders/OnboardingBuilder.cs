using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;

namespace Alltkn.Handoff.Tests.Builders;

/// <summary>
/// Builds an <see cref="Onboarding"/> the way people would get it there: opened by a team admin, then walked
/// along the real moves, each gate settled by people holding the owner roles with valid evidence
/// (<see cref="OnboardingTestExtensions.CompleteRequiredItems"/>) and each move made by its gate owner.
/// Defaults: Enterprise trial, nothing to invoice, at Inquiry, everything at <see cref="TestClock.Now"/>.
/// The pending revisions of every step are kept (call <see cref="WithoutPendingRevisions"/> to clear them).
/// </summary>
public sealed class OnboardingBuilder
{
    public const string HoldReason = "Customer's budget approval is pending";
    public const string CancelReason = "Customer chose to postpone the project";

    private Scenario _scenario = Scenario.EnterpriseTrial;
    private readonly DetailsBuilder _details = new();
    private Actor _openedBy = Actors.TeamAdmin;
    private DateTime _now = TestClock.Now;
    private Stage _workStage = Stage.Inquiry;
    private bool _hold;
    private bool _cancel;
    private bool _gateSatisfied;
    private bool _clearRevisions;

    public OnboardingBuilder WithScenario(Scenario scenario)
    {
        _scenario = scenario;
        return this;
    }

    public OnboardingBuilder NeedingInvoice(bool needed = true) => WithDetails(d => d.NeedingInvoice(needed));

    public OnboardingBuilder NeedingContract(bool needed = true) => WithDetails(d => d.NeedingContract(needed));

    public OnboardingBuilder NeedingCorporatePayment(bool needed = true) => WithDetails(d => d.NeedingCorporatePayment(needed));

    /// <summary>Invoice, contract and corporate payment all needed.</summary>
    public OnboardingBuilder NeedingEverything() => NeedingInvoice().NeedingContract().NeedingCorporatePayment();

    public OnboardingBuilder NeedingNothingToInvoice() => WithDetails(d => d.NeedingNothingToInvoice());

    public OnboardingBuilder WithDetails(Action<DetailsBuilder> change)
    {
        change(_details);
        return this;
    }

    public OnboardingBuilder WithDetails(Func<OnboardingDetails, OnboardingDetails> change)
    {
        _details.With(change);
        return this;
    }

    public OnboardingBuilder OpenedBy(Actor teamAdmin)
    {
        _openedBy = teamAdmin;
        return this;
    }

    /// <summary>The instant every step is made at.</summary>
    public OnboardingBuilder At(DateTime nowUtc)
    {
        _now = nowUtc;
        return this;
    }

    /// <summary>
    /// Where the onboarding should stand. A path stage is reached by the real moves (Invoice &amp; contract needs an
    /// invoice, contract or corporate payment); OnHold holds it from the stage reached so far (Inquiry unless
    /// <see cref="HeldFrom"/>); Cancelled cancels it from there.
    /// </summary>
    public OnboardingBuilder AtStage(Stage stage)
    {
        switch (stage)
        {
            case Stage.OnHold:
                _hold = true;
                _cancel = false;
                break;
            case Stage.Cancelled:
                _cancel = true;
                break;
            default:
                _workStage = stage;
                _hold = _cancel = false;
                break;
        }
        return this;
    }

    /// <summary>On hold, left from <paramref name="stage"/> (an active stage).</summary>
    public OnboardingBuilder HeldFrom(Stage stage)
    {
        _workStage = stage;
        _hold = true;
        _cancel = false;
        return this;
    }

    /// <summary>Cancelled from <paramref name="stage"/> (an active stage, or OnHold: held from the stage reached so far).</summary>
    public OnboardingBuilder CancelledFrom(Stage stage)
    {
        if (stage == Stage.OnHold)
        {
            _hold = true;
        }
        else
        {
            _workStage = stage;
            _hold = false;
        }
        _cancel = true;
        return this;
    }

    /// <summary>Also settles the gate of the stage it ends in (before any hold or cancel), so its forward move may be made.</summary>
    public OnboardingBuilder WithGateSatisfied()
    {
        _gateSatisfied = true;
        return this;
    }

    public OnboardingBuilder WithoutPendingRevisions()
    {
        _clearRevisions = true;
        return this;
    }

    public Onboarding Build()
    {
        var details = _details.Build();
        if (_workStage == Stage.InvoiceAndContract && !details.NeedsInvoiceOrContract)
        {
            throw new InvalidOperationException(
                "Invoice & contract is skipped when nothing is to be invoiced: call NeedingInvoice(), NeedingContract() or NeedingCorporatePayment().");
        }
        if (_workStage == Stage.Live && (_hold || _cancel))
        {
            throw new InvalidOperationException("A live onboarding can be neither held nor cancelled.");
        }

        var onboarding = Onboarding.Open(_scenario, details, _openedBy, _now);
        while (onboarding.Stage != _workStage)
        {
            var move = onboarding.ForwardMove()
                ?? throw new InvalidOperationException($"{_workStage} cannot be reached from {onboarding.Stage}.");
            onboarding.CompleteRequiredItems(_now);
            onboarding.Make(move, GateOwnerOf(move), _now);
        }
        if (_gateSatisfied)
        {
            onboarding.CompleteRequiredItems(_now);
        }
        if (_hold)
        {
            onboarding.Hold(HoldReason, Actors.TeamAdmin, _now);
        }
        if (_cancel)
        {
            onboarding.Cancel(CancelReason, Actors.TeamAdmin, _now);
        }
        if (_clearRevisions)
        {
            onboarding.ClearPendingRevisions();
        }
        return onboarding;
    }

    public static implicit operator Onboarding(OnboardingBuilder builder) => builder.Build();

    /// <summary>A person holding the (first) role <see cref="HandoffPolicy"/> names as the owner of the move.</summary>
    public static Actor GateOwnerOf(Move move) => Actors.For(HandoffPolicy.OwnersOf(move)[0]);
}
