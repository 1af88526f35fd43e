using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// While Live, the go-live window, the rollback conditions and the support matrix may still be changed; after a rollback
/// the go-live gate decides on them as they stand, not on the Done marks the first sign-off was given on.
/// </summary>
public sealed class RollbackGoLiveEvidenceTests
{
    private const string Reason = "Error rate above the rollback condition";

    private static Onboarding Live() => new OnboardingBuilder().AtStage(Stage.Live).WithoutPendingRevisions().Build();

    /// <summary>
    /// A live onboarding, changed by <paramref name="clear"/> while live, then rolled back: the go-live sign-off is refused
    /// (<paramref name="because"/>) for exactly one reason, returned.
    /// </summary>
    private static UnmetReason TheOneReasonTheSignOffIsRefusedAfterARollback(Action<Onboarding> clear, string because)
    {
        var onboarding = Live();
        clear(onboarding);

        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later(10));

        var check = onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Later(10));
        check.Allowed.Should().BeFalse(because);
        return check.Reasons.Should().ContainSingle().Which;
    }

    [Fact]
    public void After_a_rollback_the_go_live_sign_off_is_refused_while_the_window_is_missing()
    {
        var reason = TheOneReasonTheSignOffIsRefusedAfterARollback(
            o => o.SetGoLiveWindow(null, Actors.ReleaseOwner, TestClock.Later()),
            "the window the sign-off stood on was cleared");
        reason.Code.Should().Be(UnmetReasonCode.GoLiveWindowMissing);
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.GoLiveWindow);
        reason.OwnerRole.Should().Be(Role.ReleaseOwner);
    }

    [Fact]
    public void After_a_rollback_the_go_live_sign_off_is_refused_while_the_rollback_conditions_are_missing()
    {
        var reason = TheOneReasonTheSignOffIsRefusedAfterARollback(
            o => o.UpdateDetails(o.Details with { RollbackConditions = null }, Actors.ReleaseOwner, TestClock.Later()),
            "the rollback conditions the sign-off stood on were cleared");
        reason.Code.Should().Be(UnmetReasonCode.RollbackConditionsMissing);
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.RollbackConditions);
    }

    [Theory]
    [MemberData(nameof(EveryResponsibility))]
    public void After_a_rollback_the_go_live_sign_off_is_refused_while_a_support_responsibility_has_no_one_named(SupportResponsibility missing)
    {
        var reason = TheOneReasonTheSignOffIsRefusedAfterARollback(
            o => o.AssignSupport(missing, null, Actors.ReleaseOwner, TestClock.Later()),
            "a person named in the support matrix the sign-off stood on was removed");
        reason.Code.Should().Be(UnmetReasonCode.SupportMatrixIncomplete);
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.SupportMatrix);
        reason.Responsibilities.Should().Equal(missing);
    }

    [Fact]
    public void The_rollback_reopens_the_item_whose_field_is_missing_says_why_in_the_log_and_the_summary_counts_it()
    {
        var onboarding = Live();
        onboarding.SetGoLiveWindow(null, Actors.ReleaseOwner, TestClock.Later());
        var window = onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        window.Status.Should().Be(ItemStatus.Done, "while live the item stays as it was signed off");
        onboarding.ClearPendingRevisions();

        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later(10));

        window.Status.Should().Be(ItemStatus.Open);
        window.CompletedById.Should().BeNull();
        window.CompletedAtUtc.Should().BeNull();
        var reopened = onboarding.PendingRevisions.Should().ContainSingle(r => r.ItemId == window.Id && r.Kind == RevisionKind.ItemChanged
            && r.Before == "Status: Done").Which;
        reopened.After.Should().Be("Status: Open");
        reopened.ActorId.Should().Be(Actors.ReleaseOwner.UserId);
        reopened.Reason.Should().Contain("rollback").And.Contain("go-live window");
        onboarding.PendingRevisions[0].Kind.Should().Be(RevisionKind.StageMoved, "the move is recorded first, then what it reopened");
        onboarding.Summary.Should().Be(GateSummary.Of(onboarding));
        onboarding.Summary.OpenAtGate.Should().Be(1);
        onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions).Status.Should().Be(ItemStatus.Done, "its field is still written");
        onboarding.ItemByKey(ChecklistTemplates.Keys.SupportMatrix).Status.Should().Be(ItemStatus.Done, "everyone is still named");
    }

    [Fact]
    public void Every_field_cleared_while_live_is_its_own_reason_after_the_rollback()
    {
        var onboarding = Live();
        onboarding.SetGoLiveWindow(null, Actors.ReleaseOwner, TestClock.Later());
        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = " " }, Actors.ReleaseOwner, TestClock.Later(1));
        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, null, Actors.ReleaseOwner, TestClock.Later(2));
        onboarding.AssignSupport(SupportResponsibility.ManagesQuota, null, Actors.ReleaseOwner, TestClock.Later(3));

        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later(10));

        var reasons = onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Later(10)).Reasons;
        reasons.Select(r => r.Code).Should().BeEquivalentTo([UnmetReasonCode.GoLiveWindowMissing, UnmetReasonCode.RollbackConditionsMissing,
            UnmetReasonCode.SupportMatrixIncomplete]);
        reasons.Single(r => r.Code == UnmetReasonCode.SupportMatrixIncomplete).Responsibilities.Should()
            .Equal(SupportResponsibility.ManagesQuota, SupportResponsibility.ReadsLogs);
        onboarding.Summary.OpenAtGate.Should().Be(3);
        onboarding.Invoking(o => o.SignOffGoLive(Actors.ReleaseOwner, TestClock.Later(20)))
            .Should().Throw<MoveRefusedException>().Which.Check.Reasons.Should().HaveCount(3);
        onboarding.Stage.Should().Be(Stage.GoLive);
    }

    [Fact]
    public void Filling_the_field_again_after_the_rollback_completes_its_item_and_the_sign_off_goes_through()
    {
        var onboarding = Live();
        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = null }, Actors.ReleaseOwner, TestClock.Later());
        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later(10));

        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = "429 above 5% for 5 minutes" }, Actors.ReleaseOwner, TestClock.Later(20));

        onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions).Status.Should().Be(ItemStatus.Done);
        onboarding.SignOffGoLive(Actors.ReleaseOwner, TestClock.Later(30));
        onboarding.Stage.Should().Be(Stage.Live);
    }

    [Fact]
    public void A_rollback_with_every_field_still_filled_reopens_only_the_sign_off()
    {
        var onboarding = Live();

        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later(10));

        onboarding.ItemsOf(Stage.GoLive).Where(i => !i.IsSettled).Select(i => i.Key).Should().Equal(ChecklistTemplates.Keys.SignOff);
        onboarding.PendingRevisions.Should().NotContain(r => r.Kind == RevisionKind.ItemChanged && r.Before == "Status: Done");
        onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Later(10)).Allowed.Should().BeTrue();
    }

    [Fact]
    public void An_item_marked_not_applicable_stays_so_after_the_rollback()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        onboarding.CompleteRequiredItems(TestClock.Now, ChecklistTemplates.Keys.RollbackConditions);
        onboarding.MarkNotApplicable(ChecklistTemplates.Keys.RollbackConditions, "Read-only integration: nothing to roll back");
        onboarding.SignOffGoLive(Actors.ReleaseOwner, TestClock.Now);

        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later(10));

        onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions).Status.Should().Be(ItemStatus.NotApplicable);
        onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Later(10)).Allowed.Should().BeTrue();
    }

    [Fact]
    public void After_a_rollback_once_the_window_has_ended_the_go_live_sign_off_is_refused_until_a_new_window_is_set()
    {
        var onboarding = Live();
        var rolledBackAt = new DateTime(2027, 1, 10, 9, 0, 0, DateTimeKind.Utc);
        onboarding.Rollback(Reason, Actors.ReleaseOwner, rolledBackAt);

        var refused = onboarding.Invoking(o => o.SignOffGoLive(Actors.ReleaseOwner, rolledBackAt))
            .Should().Throw<MoveRefusedException>("last month's window is no window to go live in").Which;

        var reason = refused.Check.Reasons.Should().ContainSingle().Which;
        reason.Code.Should().Be(UnmetReasonCode.GoLiveWindowPassed);
        reason.Message.Should().Contain("ended on 2026-12-15 23:30 (Asia/Shanghai)").And.Contain("set a new window");
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.GoLiveWindow);
        onboarding.Stage.Should().Be(Stage.GoLive);

        var next = GoLiveWindow.FromLocal(new DateTime(2027, 1, 20, 22, 0, 0), new DateTime(2027, 1, 20, 23, 30, 0), "Asia/Shanghai");
        onboarding.SetGoLiveWindow(next, Actors.ReleaseOwner, rolledBackAt.AddMinutes(5));
        onboarding.SignOffGoLive(Actors.ReleaseOwner, rolledBackAt.AddMinutes(10));
        onboarding.Stage.Should().Be(Stage.Live);
    }

    public static TheoryData<SupportResponsibility> EveryResponsibility() => new(Enum.GetValues<SupportResponsibility>());
}
