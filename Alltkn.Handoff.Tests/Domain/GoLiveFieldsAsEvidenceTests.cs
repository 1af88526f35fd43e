using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>The go-live window, the support matrix and the rollback conditions are their items' evidence: filling them completes the items.</summary>
public sealed class GoLiveFieldsAsEvidenceTests
{
    private static Onboarding AtGoLive() => new OnboardingBuilder().AtStage(Stage.GoLive).WithoutPendingRevisions().Build();

    [Fact]
    public void Setting_a_valid_window_completes_the_go_live_window_item_as_the_person_who_set_it()
    {
        var onboarding = AtGoLive();
        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        item.Status.Should().Be(ItemStatus.Open);

        onboarding.SetGoLiveWindow(ValidEvidence.Window(), Actors.ReleaseOwner, TestClock.Later());

        item.Status.Should().Be(ItemStatus.Done);
        item.CompletedById.Should().Be(Actors.ReleaseOwner.UserId);
        item.CompletedAtUtc.Should().Be(TestClock.Later());
        onboarding.EvidenceOf(item).Should().Be("2026-12-15 22:00 – 2026-12-15 23:30 (Asia/Shanghai)");
        item.Evidence.Should().BeNull("the window is the evidence, not a copy typed on the item");
    }

    [Fact]
    public void Clearing_the_window_reopens_its_item()
    {
        var onboarding = AtGoLive();
        onboarding.SetValidGoLiveWindow();
        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);

        onboarding.SetGoLiveWindow(null, Actors.ReleaseOwner, TestClock.Later());

        item.Status.Should().Be(ItemStatus.Open);
        item.CompletedById.Should().BeNull();
        onboarding.EvidenceOf(item).Should().BeNull();
        onboarding.GateReasons().Should().ContainSingle(r => r.ItemKey == ChecklistTemplates.Keys.GoLiveWindow)
            .Which.Code.Should().Be(UnmetReasonCode.GoLiveWindowMissing);
    }

    [Fact]
    public void Naming_the_last_missing_support_person_completes_the_matrix_item_and_removing_one_reopens_it()
    {
        var onboarding = AtGoLive();
        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.SupportMatrix);
        onboarding.FillSupportMatrix(TestClock.Now, SupportResponsibility.ReadsLogs);
        item.Status.Should().Be(ItemStatus.Open, "one responsibility has no one named yet");

        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, "Sun Hao", Actors.ReleaseOwner, TestClock.Later());
        item.Status.Should().Be(ItemStatus.Done);
        onboarding.EvidenceOf(item).Should().Contain("ReadsLogs: Sun Hao").And.Contain("CreatesApiKeys: Tang Min");

        onboarding.AssignSupport(SupportResponsibility.ManagesQuota, " ", Actors.ReleaseOwner, TestClock.Later(10));
        item.Status.Should().Be(ItemStatus.Open);
        onboarding.GateReasons().Should().ContainSingle(r => r.ItemKey == ChecklistTemplates.Keys.SupportMatrix)
            .Which.Responsibilities.Should().Equal(SupportResponsibility.ManagesQuota);
    }

    [Fact]
    public void Writing_rollback_conditions_completes_their_item_and_clearing_them_reopens_it()
    {
        var onboarding = AtGoLive();
        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions);
        item.Status.Should().Be(ItemStatus.Open);

        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = "5xx above 1% for 10 minutes" }, Actors.ReleaseOwner, TestClock.Later());
        item.Status.Should().Be(ItemStatus.Done);
        onboarding.EvidenceOf(item).Should().Be("5xx above 1% for 10 minutes");

        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = "  " }, Actors.ReleaseOwner, TestClock.Later(10));
        item.Status.Should().Be(ItemStatus.Open);
        onboarding.GateReasons().Should().ContainSingle(r => r.ItemKey == ChecklistTemplates.Keys.RollbackConditions)
            .Which.Code.Should().Be(UnmetReasonCode.RollbackConditionsMissing);
    }

    [Fact]
    public void One_change_is_one_revision_entry_naming_the_field_and_the_item_it_completed()
    {
        var onboarding = AtGoLive();
        var window = onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        var rollback = onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions);

        onboarding.SetGoLiveWindow(ValidEvidence.Window(), Actors.ReleaseOwner, TestClock.Later());
        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = "429 above 5%" }, Actors.ReleaseOwner, TestClock.Later(6));

        onboarding.PendingRevisions.Should().HaveCount(2);
        var set = onboarding.PendingRevisions[0];
        set.Kind.Should().Be(RevisionKind.FieldChanged);
        set.Subject.Should().Be(nameof(OnboardingField.GoLiveWindow));
        set.ItemId.Should().Be(window.Id);
        set.ActorId.Should().Be(Actors.ReleaseOwner.UserId);
        set.Before.Should().BeNull();
        set.After.Should().Be(ValidEvidence.Window().ToString());
        var written = onboarding.PendingRevisions[1];
        written.Subject.Should().Be(nameof(OnboardingField.RollbackConditions));
        written.ItemId.Should().Be(rollback.Id);
        written.After.Should().Be("429 above 5%");
    }

    [Fact]
    public void A_change_that_leaves_the_item_as_it_was_names_no_item()
    {
        var onboarding = AtGoLive();
        onboarding.SetValidGoLiveWindow();
        onboarding.ClearPendingRevisions();

        onboarding.SetGoLiveWindow(GoLiveWindow.FromLocal(new DateTime(2026, 12, 16, 22, 0, 0), new DateTime(2026, 12, 16, 23, 0, 0), "UTC"),
            Actors.ReleaseOwner, TestClock.Later());

        onboarding.PendingRevisions.Should().ContainSingle().Which.ItemId.Should().BeNull();
        onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow).Status.Should().Be(ItemStatus.Done);
    }

    [Theory]
    [InlineData(ChecklistTemplates.Keys.GoLiveWindow, ItemStatus.Done)]
    [InlineData(ChecklistTemplates.Keys.SupportMatrix, ItemStatus.InProgress)]
    [InlineData(ChecklistTemplates.Keys.RollbackConditions, ItemStatus.Done)]
    [InlineData(ChecklistTemplates.Keys.RollbackConditions, ItemStatus.Blocked)]
    public void An_item_whose_evidence_is_a_field_is_not_ticked_by_hand(string key, ItemStatus status)
    {
        var onboarding = AtGoLive();
        var item = onboarding.ItemByKey(key);
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.UpdateItem(item.Id,
                ItemUpdate.From(item) with { Status = status, Evidence = "see the runbook", StatusReason = "waiting" }, Actors.AllRoles, TestClock.Later()))
            .Should().Throw<DomainException>().Which;

        refused.Code.Should().Be("item.completed-by-field");
        refused.Message.Should().Contain(item.Title);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void Text_typed_as_evidence_on_such_an_item_is_not_kept_but_its_assignee_is()
    {
        var onboarding = AtGoLive();
        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions);

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Evidence = "a copy of the conditions", AssigneeName = "Chen Jie" },
            Actors.ReleaseOwner, TestClock.Later()).Should().BeTrue();

        item.Evidence.Should().BeNull();
        item.AssigneeName.Should().Be("Chen Jie");
    }

    [Fact]
    public void A_team_admin_may_still_mark_such_an_item_not_applicable_and_the_gate_no_longer_waits_for_its_field()
    {
        var onboarding = AtGoLive();
        onboarding.CompleteRequiredItems(TestClock.Now, ChecklistTemplates.Keys.RollbackConditions);

        onboarding.MarkNotApplicable(ChecklistTemplates.Keys.RollbackConditions, "Read-only integration: nothing to roll back");
        onboarding.UpdateDetails(onboarding.Details with { RollbackConditions = "written after all" }, Actors.ReleaseOwner, TestClock.Later());

        onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions).Status.Should().Be(ItemStatus.NotApplicable, "not applicable stays");
        onboarding.SignOffGoLive(Actors.ReleaseOwner, TestClock.Later(10));
        onboarding.Stage.Should().Be(Stage.Live);
    }

    [Fact]
    public void An_onboarding_opened_with_rollback_conditions_has_their_item_done_from_the_start()
    {
        var onboarding = Onboarding.Open(Scenario.EnterpriseTrial,
            new DetailsBuilder().With(d => d with { RollbackConditions = "5xx above 1%" }).Build(), Actors.TeamAdmin, TestClock.Now);

        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions);
        item.Status.Should().Be(ItemStatus.Done);
        item.CompletedById.Should().Be(Actors.TeamAdmin.UserId);
        onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow).Status.Should().Be(ItemStatus.Open);
    }

    [Fact]
    public void Once_live_clearing_the_window_leaves_the_item_the_gate_was_passed_on_done()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Live).Build();

        onboarding.SetGoLiveWindow(null, Actors.ReleaseOwner, TestClock.Later());

        onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow).Status.Should().Be(ItemStatus.Done);
    }

    [Fact]
    public void The_sign_off_gate_counts_each_missing_thing_once()
    {
        var onboarding = AtGoLive();
        onboarding.CompleteRequiredItems(TestClock.Now,
            ChecklistTemplates.Keys.GoLiveWindow, ChecklistTemplates.Keys.SupportMatrix, ChecklistTemplates.Keys.RollbackConditions);
        onboarding.FillSupportMatrix(TestClock.Now, SupportResponsibility.ReadsLogs, SupportResponsibility.OwnsNightReleaseWindow);

        var reasons = onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Now).Reasons;

        reasons.Select(r => r.Code).Should().BeEquivalentTo([UnmetReasonCode.GoLiveWindowMissing, UnmetReasonCode.SupportMatrixIncomplete,
            UnmetReasonCode.RollbackConditionsMissing]);
        reasons.Select(r => r.ItemKey).Should().OnlyHaveUniqueItems().And.OnlyContain(k => k != null);
        onboarding.Summary.OpenAtGate.Should().Be(3);
        reasons.Single(r => r.Code == UnmetReasonCode.SupportMatrixIncomplete).Message.Should()
            .Contain("ReadsLogs, OwnsNightReleaseWindow").And.Contain("Support responsibility matrix").And.Contain("ReleaseOwner");
    }

    [Fact]
    public void A_person_who_may_not_change_the_window_completes_nothing()
    {
        var onboarding = AtGoLive();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.SetGoLiveWindow(ValidEvidence.Window(), Actors.Viewer, TestClock.Later()))
            .Should().Throw<DomainException>().Which.Code.Should().Be("field.not-permitted");

        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }
}
