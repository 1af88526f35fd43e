using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>Checklist items: evidence per kind, reasons for Blocked and not applicable, passed stages, who completed it when.</summary>
public sealed class ItemTests
{
    /// <summary>Every evidence kind a person types text for, with an item of that kind (from some scenario's checklist).</summary>
    public static TheoryData<Scenario, string> ItemsNeedingText()
    {
        var data = new TheoryData<Scenario, string>();
        var kinds = new HashSet<EvidenceKind>();
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            foreach (var t in ChecklistTemplates.For(scenario).Where(t => EvidenceRules.NeedsText(t.Evidence) && kinds.Add(t.Evidence)))
            {
                data.Add(scenario, t.Key);
            }
        }
        return data;
    }

    [Fact]
    public void Every_evidence_kind_that_needs_text_is_on_some_checklist()
    {
        var kinds = Enum.GetValues<EvidenceKind>().Where(EvidenceRules.NeedsText);
        ItemsNeedingText().Count.Should().Be(kinds.Count());
    }

    [Theory]
    [MemberData(nameof(ItemsNeedingText))]
    public void Done_without_evidence_is_refused_with_a_clear_message_and_valid_evidence_completes_it(Scenario scenario, string key)
    {
        var onboarding = new OnboardingBuilder().WithScenario(scenario).Build();
        var item = onboarding.ItemByKey(key);
        var before = OnboardingSnapshot.Of(onboarding);

        foreach (var missing in new[] { null, "", "   " })
        {
            var refused = onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = missing },
                    Actors.TeamAdmin, TestClock.Now))
                .Should().Throw<DomainException>().Which;
            refused.Code.Should().Be("evidence.missing");
            refused.Message.Should().Contain(item.Title).And.Contain("Evidence is needed");
        }
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.CompleteItem(key);
        item.Status.Should().Be(ItemStatus.Done);
        item.Evidence.Should().Be(ValidEvidence.For(item.EvidenceKind));
    }

    [Theory]
    [InlineData("sk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKl")]
    [InlineData("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")]
    [InlineData("account ops@acme.example, group enterprise")]
    [InlineData("sk-AbCd***WxYz")]
    public void A_key_without_a_mask_is_refused_for_the_masked_key_identifier(string evidence)
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.ItemByKey(ChecklistTemplates.Keys.AccountAndKeyOwnership);
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence },
                Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which;

        refused.Code.Should().Be("evidence.masked-key");
        refused.Message.Should().Contain("sk-AbCd**********WxYz").And.Contain("never the full key");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void The_masked_key_identifier_with_account_email_and_group_completes_account_and_key_ownership()
    {
        var onboarding = new OnboardingBuilder().Build();

        var item = onboarding.CompleteItem(ChecklistTemplates.Keys.AccountAndKeyOwnership,
            evidence: "ops@acme.example, group enterprise, sk-AbCd**********WxYz");

        item.Status.Should().Be(ItemStatus.Done);
    }

    [Theory]
    [InlineData("Worked fine with gpt-4o-mini")]
    [InlineData("at 2026-11-20 10:02 UTC, gpt-4o-mini")]
    [InlineData("error 42")]
    public void An_observation_without_a_status_code_is_refused(string evidence)
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.ItemByKey("trial.rate-limit");
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence },
                Actors.TechLead, TestClock.Now))
            .Should().Throw<DomainException>().Which;

        refused.Code.Should().Be("evidence.status-code");
        refused.Message.Should().Contain("status code");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void The_window_and_matrix_items_are_not_ticked_by_hand_they_follow_their_fields()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        var window = onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        var matrix = onboarding.ItemByKey(ChecklistTemplates.Keys.SupportMatrix);
        onboarding.FillSupportMatrix(TestClock.Now, SupportResponsibility.OwnsNightReleaseWindow);

        onboarding.Invoking(o => o.UpdateItem(window.Id, ItemUpdate.From(window) with { Status = ItemStatus.Done }, Actors.ReleaseOwner, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.completed-by-field");
        onboarding.Invoking(o => o.UpdateItem(matrix.Id, ItemUpdate.From(matrix) with { Status = ItemStatus.Done }, Actors.ReleaseOwner, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.completed-by-field");

        onboarding.SetValidGoLiveWindow().FillSupportMatrix();
        window.Status.Should().Be(ItemStatus.Done);
        matrix.Status.Should().Be(ItemStatus.Done);
        onboarding.Invoking(o => o.UpdateItem(window.Id, ItemUpdate.From(window) with { Status = ItemStatus.Open }, Actors.ReleaseOwner, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.completed-by-field");
    }

    [Fact]
    public void An_acknowledgement_is_done_without_text()
    {
        var onboarding = new OnboardingBuilder().Build();
        var safety = onboarding.ItemByKey("inquiry.safety");

        onboarding.UpdateItem(safety.Id, ItemUpdate.From(safety) with { Status = ItemStatus.Done }, Actors.TeamAdmin, TestClock.Now).Should().BeTrue();

        safety.Status.Should().Be(ItemStatus.Done);
    }

    [Theory]
    [InlineData(ItemStatus.Done)]
    [InlineData(ItemStatus.InProgress)]
    [InlineData(ItemStatus.NotApplicable)]
    public void The_sign_off_item_is_not_ticked_by_hand(ItemStatus status)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var signOff = onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff);
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.UpdateItem(signOff.Id, ItemUpdate.From(signOff) with { Status = status, StatusReason = "n/a" }, Actors.AllRoles, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.sign-off-by-move");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Blocked_needs_a_reason(string? reason)
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.ItemByKey("inquiry.needs");
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = reason }, Actors.Finance, TestClock.Now))
            .Should().Throw<DomainException>().Which;

        refused.Code.Should().Be("item.blocked-reason");
        refused.Message.Should().Contain(item.Title);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = "Waiting for the procurement policy" }, Actors.Finance, TestClock.Now);
        item.Status.Should().Be(ItemStatus.Blocked);
        item.StatusReason.Should().Be("Waiting for the procurement policy");
    }

    [Fact]
    public void A_blocked_item_cannot_lose_its_reason_while_it_stays_blocked()
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.ItemByKey("inquiry.needs");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = "Waiting for the procurement policy" }, Actors.Finance, TestClock.Now);
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { StatusReason = null }, Actors.Finance, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.blocked-reason");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { StatusReason = "Waiting for the CFO" }, Actors.Finance, TestClock.Now).Should().BeTrue();
        item.StatusReason.Should().Be("Waiting for the CFO");
    }

    [Fact]
    public void Not_applicable_needs_a_reason_even_from_a_team_admin()
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.ItemByKey("inquiry.use-case");
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.NotApplicable }, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.na-reason");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void The_reason_an_item_is_not_applicable_stays_a_team_admins_and_cannot_be_removed()
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.MarkNotApplicable("inquiry.needs", "Personal use, nothing to invoice");
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { StatusReason = "Changed my mind" }, Actors.Finance, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.na-not-permitted");
        onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { StatusReason = null }, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.na-reason");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        // Its owner may still assign it or set a due date.
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeName = "Zhou Fang" }, Actors.Finance, TestClock.Now).Should().BeTrue();
        item.StatusReason.Should().Be("Personal use, nothing to invoice");
    }

    [Theory]
    [InlineData(ItemStatus.Open)]
    [InlineData(ItemStatus.InProgress)]
    [InlineData(ItemStatus.Blocked)]
    public void An_item_of_a_passed_stage_keeps_done_and_not_applicable(ItemStatus reopenTo)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Inquiry).WithGateSatisfied().Build();
        onboarding.MarkNotApplicable("inquiry.use-case");
        onboarding.StartTrial(Actors.TeamAdmin, TestClock.Now);
        var before = OnboardingSnapshot.Of(onboarding);

        foreach (var key in new[] { "inquiry.contact-type", "inquiry.use-case" })
        {
            var item = onboarding.ItemByKey(key);
            var refused = onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = reopenTo, StatusReason = "Reopened" },
                    Actors.AllRoles, TestClock.Now))
                .Should().Throw<DomainException>().Which;
            refused.Code.Should().Be("item.stage-passed");
            refused.Message.Should().Contain(item.Title).And.Contain(nameof(Stage.Inquiry));
        }
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void The_evidence_of_a_passed_stage_item_can_still_be_corrected_but_not_emptied()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.CommercialConfirmation).Build();
        var key = onboarding.ItemByKey(ChecklistTemplates.Keys.AccountAndKeyOwnership);
        var completedBy = key.CompletedById;

        onboarding.UpdateItem(key.Id, ItemUpdate.From(key) with { Evidence = "sk-WxYz**********AbCd" }, Actors.TeamAdmin, TestClock.Later()).Should().BeTrue();

        key.Status.Should().Be(ItemStatus.Done);
        key.Evidence.Should().Be("sk-WxYz**********AbCd");
        key.CompletedById.Should().Be(completedBy);
        key.CompletedAtUtc.Should().Be(TestClock.Now, "correcting evidence does not re-complete the item");

        var before = OnboardingSnapshot.Of(onboarding);
        onboarding.Invoking(o => o.UpdateItem(key.Id, ItemUpdate.From(key) with { Evidence = null }, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("evidence.missing");
        onboarding.Invoking(o => o.UpdateItem(key.Id, ItemUpdate.From(key) with { Evidence = "sk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKl" }, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("evidence.masked-key");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void Done_records_who_completed_it_when_and_reopening_clears_it()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.stream");
        item.CompletedById.Should().BeNull();

        onboarding.CompleteItem("trial.stream", by: Actors.TechLead, nowUtc: TestClock.Later(3));

        item.CompletedById.Should().Be(Actors.TechLead.UserId);
        item.CompletedByName.Should().Be(Actors.TechLead.DisplayName);
        item.CompletedAtUtc.Should().Be(TestClock.Later(3));
        item.CompletedAtUtc!.Value.Kind.Should().Be(DateTimeKind.Utc);

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Open }, Actors.TeamAdmin, TestClock.Later(4)).Should().BeTrue();

        item.Status.Should().Be(ItemStatus.Open);
        item.CompletedById.Should().BeNull();
        item.CompletedByName.Should().BeNull();
        item.CompletedAtUtc.Should().BeNull();
    }

    [Fact]
    public void Marking_not_applicable_records_the_team_admin_as_the_one_who_settled_it()
    {
        var onboarding = new OnboardingBuilder().Build();

        var item = onboarding.MarkNotApplicable("inquiry.go-live-contact", nowUtc: TestClock.Later());

        item.CompletedById.Should().Be(Actors.TeamAdmin.UserId);
        item.CompletedAtUtc.Should().Be(TestClock.Later());
    }

    [Fact]
    public void An_item_that_is_not_on_this_onboarding_is_refused()
    {
        var onboarding = new OnboardingBuilder().Build();
        var other = new OnboardingBuilder().Build().Items.First();

        onboarding.Invoking(o => o.UpdateItem(other.Id, ItemUpdate.From(other) with { AssigneeName = "x" }, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("item.not-found");
    }

    [Fact]
    public void Evidence_longer_than_allowed_is_refused_and_changes_nothing()
    {
        var onboarding = new OnboardingBuilder().Build();
        var item = onboarding.ItemByKey("inquiry.contact-type");
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = new string('a', EvidenceRules.MaxEvidenceLength + 1) }, Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("field.too-long");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void A_team_admin_may_complete_any_item_and_an_item_owner_role_may_complete_its_own()
    {
        var onboarding = new OnboardingBuilder().WithScenario(Scenario.ContractOrCorporatePayment).Build();

        onboarding.CompleteItem("inquiry.prepare.contract", by: Actors.Finance).Status.Should().Be(ItemStatus.Done);
        onboarding.CompleteItem("trial.minimal-request", by: Actors.TeamAdmin).Status.Should().Be(ItemStatus.Done);
        onboarding.ItemByKey("trial.minimal-request").OwnerRole.Should().Be(Role.TechLead);
    }
}
