using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>On hold returns to exactly the stage it left; Cancelled is final, from every stage before Live.</summary>
public sealed class HoldResumeCancelTests
{
    private const string HoldReason = "Waiting for the customer's budget approval";
    private const string CancelReason = "The customer chose another vendor";

    public static TheoryData<Stage> ActiveStages() => new(Stages.Active);

    public static TheoryData<Stage> StagesBeforeLive() => new([.. Stages.Active, Stage.OnHold]);

    [Theory]
    [MemberData(nameof(ActiveStages))]
    public void Hold_and_resume_return_to_exactly_the_stage_left_with_its_work_untouched(Stage stage)
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice().AtStage(stage).Build();
        onboarding.CompleteItem(onboarding.RequiredItemsOf(stage)[0].Key);
        var items = ItemsOf(onboarding);

        onboarding.Hold(HoldReason, Actors.TeamAdmin, TestClock.Now);

        onboarding.Stage.Should().Be(Stage.OnHold);
        onboarding.StageBeforeHold.Should().Be(stage);
        onboarding.WorkingStage.Should().Be(stage);
        onboarding.HoldReason.Should().Be(HoldReason);
        onboarding.MovesFromHere().Should().BeEquivalentTo([Move.Resume, Move.Cancel]);

        onboarding.Resume(Actors.TeamAdmin, TestClock.Later());

        onboarding.Stage.Should().Be(stage);
        onboarding.StageBeforeHold.Should().BeNull();
        onboarding.HoldReason.Should().BeNull();
        ItemsOf(onboarding).Should().Be(items);
        onboarding.PendingRevisions[^1].Before.Should().Be(nameof(Stage.OnHold));
        onboarding.PendingRevisions[^1].After.Should().Be(stage.ToString());
    }

    [Theory]
    [MemberData(nameof(ActiveStages))]
    public void After_resuming_the_stage_moves_on_as_if_never_held(Stage stage)
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice().HeldFrom(stage).WithGateSatisfied().Build();

        onboarding.Resume(Actors.TeamAdmin, TestClock.Now);
        onboarding.Make(onboarding.ForwardMove()!.Value, Actors.AllRoles);

        onboarding.Stage.Order().Should().Be(stage.Order() + 1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Hold_without_a_reason_is_refused_and_changes_nothing(string? reason)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.Hold(reason!, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<MoveRefusedException>()
            .Which.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.ReasonMissing);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void Hold_with_a_reason_longer_than_allowed_is_refused_and_changes_nothing()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.Hold(new string('x', Onboarding.MaxReasonLength + 1), Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("field.too-long");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(AllMovesButResumeAndCancel))]
    public void Nothing_but_resume_and_cancel_is_possible_on_hold(Move move)
    {
        var onboarding = new OnboardingBuilder().HeldFrom(Stage.GoLive).WithGateSatisfied().Build();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.Make(move, Actors.AllRoles, TestClock.Now, HoldReason))
            .Should().Throw<MoveRefusedException>()
            .Which.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.NotFromThisStage);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
        onboarding.CheckMoves(Actors.AllRoles, TestClock.Now).Select(c => c.Move).Should().BeEquivalentTo([Move.Resume, Move.Cancel]);
    }

    public static TheoryData<Move> AllMovesButResumeAndCancel() =>
        new(Moves.All.Where(m => m is not (Move.Resume or Move.Cancel)));

    [Theory]
    [MemberData(nameof(StagesBeforeLive))]
    public void Cancel_with_a_reason_is_possible_from_every_stage_before_live_and_is_final(Stage stage)
    {
        var builder = new OnboardingBuilder().NeedingInvoice();
        var onboarding = (stage == Stage.OnHold ? builder.HeldFrom(Stage.CommercialConfirmation) : builder.AtStage(stage)).Build();

        onboarding.Cancel(CancelReason, Actors.TeamAdmin, TestClock.Now);

        onboarding.Stage.Should().Be(Stage.Cancelled);
        onboarding.IsClosed.Should().BeTrue();
        onboarding.CancelReason.Should().Be(CancelReason);
        onboarding.MovesFromHere().Should().BeEmpty();
        onboarding.PendingRevisions[^1].Reason.Should().Be(CancelReason);
        EveryLaterChangeIsRefused(onboarding);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Cancel_without_a_reason_is_refused_and_changes_nothing(string? reason)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.CommercialConfirmation).Build();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.Cancel(reason!, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<MoveRefusedException>()
            .Which.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.ReasonMissing);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void A_live_onboarding_cannot_be_cancelled()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Live).Build();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.Cancel(CancelReason, Actors.AllRoles, TestClock.Now))
            .Should().Throw<MoveRefusedException>()
            .Which.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.NotFromThisStage);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    /// <summary>Every move, item edit, field edit, window and support change is refused on a cancelled onboarding, and nothing changes.</summary>
    private static void EveryLaterChangeIsRefused(Onboarding onboarding)
    {
        var before = OnboardingSnapshot.Of(onboarding);
        var admin = Actors.AllRoles;
        foreach (var move in Moves.All)
        {
            onboarding.Invoking(o => o.Make(move, admin, TestClock.Later(), "Try again"))
                .Should().Throw<MoveRefusedException>()
                .Which.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.NotFromThisStage);
        }
        foreach (var item in onboarding.Items)
        {
            onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeName = "Sun Hao" }, admin, TestClock.Later()))
                .Should().Throw<DomainException>().Which.Code.Should().Be("onboarding.cancelled");
        }
        var open = onboarding.ItemByKey(ChecklistTemplates.Keys.ModelAndQuota);
        onboarding.Invoking(o => o.UpdateItem(open.Id, ItemUpdate.From(open) with { Status = ItemStatus.Done, Evidence = "alerts at 80%" }, admin, TestClock.Later()))
            .Should().Throw<DomainException>().Which.Code.Should().Be("onboarding.cancelled");
        foreach (var field in FieldCatalog.All.Where(f => f != OnboardingField.Scenario))
        {
            onboarding.Invoking(o => RoleTests.Edit(o, field, admin))
                .Should().Throw<DomainException>().Which.Code.Should().Be("onboarding.cancelled");
        }
        onboarding.Invoking(o => o.SetGoLiveWindow(null, admin, TestClock.Later()))
            .Should().Throw<DomainException>().Which.Code.Should().Be("onboarding.cancelled");
        onboarding.Invoking(o => o.AssignSupport(SupportResponsibility.ManagesQuota, null, admin, TestClock.Later()))
            .Should().Throw<DomainException>().Which.Message.Should().Contain(CancelReason);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    private static string ItemsOf(Onboarding onboarding) =>
        string.Join("\n", OnboardingSnapshot.Of(onboarding).Split('\n').Where(l => l.StartsWith("Item ", StringComparison.Ordinal)));
}
