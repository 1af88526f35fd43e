using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>The summary lists show is the aggregate's own answer, refreshed by each of its changes.</summary>
public sealed class GateSummaryDomainTests
{
    [Fact]
    public void A_new_onboarding_carries_its_summary_from_the_start()
    {
        var onboarding = new OnboardingBuilder().Build();

        onboarding.Summary.Should().Be(GateSummary.Of(onboarding));
        onboarding.Summary.Version.Should().Be(GateSummary.CurrentVersion);
        onboarding.Summary.WorkingStage.Should().Be(Stage.Inquiry);
        onboarding.Summary.OpenAtGate.Should().Be(onboarding.GateReasons().Count).And.BePositive();
        onboarding.Summary.RequiredDone.Should().Be(0);
    }

    [Fact]
    public void On_hold_the_summary_speaks_of_the_stage_left_and_its_gate()
    {
        var onboarding = new OnboardingBuilder().HeldFrom(Stage.Trial).Build();

        onboarding.Summary.WorkingStage.Should().Be(Stage.Trial);
        onboarding.Summary.OpenAtGate.Should().Be(onboarding.RequiredItemsOf(Stage.Trial).Count(i => !i.IsSettled));
    }

    [Fact]
    public void Completing_the_gate_moves_progress_and_empties_what_holds_it()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var before = onboarding.Summary;

        onboarding.CompleteRequiredItems();

        onboarding.Summary.OpenAtGate.Should().Be(0);
        onboarding.Summary.RequiredDone.Should().BeGreaterThan(before.RequiredDone);
        onboarding.Summary.ProgressPercent.Should().BeGreaterThan(before.ProgressPercent);
        onboarding.Summary.Should().Be(GateSummary.Of(onboarding));
    }

    [Fact]
    public void Live_and_cancelled_onboardings_hold_no_gate_and_cancelled_ones_nothing_due()
    {
        var live = new OnboardingBuilder().AtStage(Stage.Live).Build();
        var cancelled = new OnboardingBuilder().CancelledFrom(Stage.Trial).Build();

        live.Summary.OpenAtGate.Should().Be(0);
        live.Summary.BlockedAtGate.Should().Be(0);
        cancelled.Summary.OpenAtGate.Should().Be(0);
        cancelled.Summary.NextDueDate.Should().BeNull();
    }
}
