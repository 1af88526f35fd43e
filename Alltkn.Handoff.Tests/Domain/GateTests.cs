using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>The gates on forward moves: every required item settled, the right branch, and at Go-live the window and the support matrix.</summary>
public sealed class GateTests
{
    private const string Reason = "Error rate above the rollback condition";

    /// <summary>The forward move out of each gated stage, on a path through Invoice &amp; contract.</summary>
    private static readonly Dictionary<Stage, Move> ForwardMoveOf = new()
    {
        [Stage.Inquiry] = Move.StartTrial,
        [Stage.Trial] = Move.ConfirmTrial,
        [Stage.CommercialConfirmation] = Move.StartInvoiceAndContract,
        [Stage.InvoiceAndContract] = Move.StartGoLive,
        [Stage.GoLive] = Move.SignOffGoLive,
    };

    /// <summary>Every required item of every gated stage of every scenario (everything to invoice, so all Invoice &amp; contract items are required).</summary>
    public static TheoryData<Scenario, Stage, string> RequiredItems()
    {
        var data = new TheoryData<Scenario, Stage, string>();
        var details = new DetailsBuilder().NeedingInvoice().NeedingContract().NeedingCorporatePayment().Build();
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            foreach (var template in ChecklistTemplates.For(scenario).Where(t => ForwardMoveOf.ContainsKey(t.Stage)))
            {
                if (ChecklistTemplates.IsRequired(template, details))
                {
                    data.Add(scenario, template.Stage, template.Key);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredItems))]
    public void Each_missing_required_item_is_named_in_the_refusal_with_its_title_and_owner_role(Scenario scenario, Stage stage, string key)
    {
        var onboarding = new OnboardingBuilder().WithScenario(scenario).NeedingEverything().AtStage(stage).Build();
        onboarding.CompleteRequiredItems(TestClock.Now, exceptKeys: key);
        var missing = onboarding.ItemByKey(key);
        var move = ForwardMoveOf[stage];
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.Make(move, Actors.AllRoles))
            .Should().Throw<MoveRefusedException>().Which;

        var reason = refused.Check.Reasons.Should().ContainSingle().Which;
        // An item whose evidence is a field is named once, by what its field lacks.
        reason.Code.Should().Be(key switch
        {
            ChecklistTemplates.Keys.GoLiveWindow => UnmetReasonCode.GoLiveWindowMissing,
            ChecklistTemplates.Keys.SupportMatrix => UnmetReasonCode.SupportMatrixIncomplete,
            ChecklistTemplates.Keys.RollbackConditions => UnmetReasonCode.RollbackConditionsMissing,
            _ => UnmetReasonCode.ItemNotDone,
        });
        reason.ItemKey.Should().Be(key);
        reason.ItemTitle.Should().Be(missing.Title);
        reason.OwnerRole.Should().Be(missing.OwnerRole);
        reason.Message.Should().Contain(missing.Title).And.Contain(missing.OwnerRole.ToString());
        refused.Message.Should().Contain(missing.Title);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.CompleteItem(key);
        onboarding.Make(move, Actors.AllRoles);
        onboarding.Stage.Should().NotBe(stage);
    }

    [Fact]
    public void A_refused_move_changes_nothing_and_names_every_unmet_item()
    {
        var onboarding = new OnboardingBuilder().WithScenario(Scenario.InvoiceInquiry).Build();
        var required = onboarding.RequiredItemsOf(Stage.Inquiry);
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.StartTrial(Actors.TeamAdmin, TestClock.Now))
            .Should().Throw<MoveRefusedException>().Which;

        refused.Check.Reasons.Should().HaveCount(required.Count).And.OnlyContain(r => r.Code == UnmetReasonCode.ItemNotDone);
        refused.Check.Reasons.Select(r => (r.ItemTitle, r.OwnerRole))
            .Should().BeEquivalentTo(required.Select(i => ((string?)i.Title, (Role?)i.OwnerRole)));
        foreach (var item in required)
        {
            refused.Message.Should().Contain(item.Title);
        }
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void The_refusal_also_names_the_person_an_unmet_item_is_assigned_to()
    {
        var onboarding = new OnboardingBuilder().Build();
        onboarding.CompleteRequiredItems(TestClock.Now, exceptKeys: "inquiry.needs");
        var item = onboarding.ItemByKey("inquiry.needs");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeName = "Zhou Fang" }, Actors.Finance, TestClock.Now);

        var check = onboarding.CheckMove(Move.StartTrial, Actors.TeamAdmin, TestClock.Now);

        check.Reasons.Should().ContainSingle().Which.Message.Should().Contain("Zhou Fang").And.Contain("Finance");
    }

    [Theory]
    [MemberData(nameof(RequiredItems))]
    public void A_required_item_marked_not_applicable_by_a_team_admin_with_a_reason_settles_the_gate(Scenario scenario, Stage stage, string key)
    {
        var onboarding = new OnboardingBuilder().WithScenario(scenario).NeedingEverything().AtStage(stage).Build();
        onboarding.CompleteRequiredItems(TestClock.Now, exceptKeys: key);

        onboarding.MarkNotApplicable(key, "The customer already has this in place");
        onboarding.Make(ForwardMoveOf[stage], Actors.AllRoles);

        onboarding.Stage.Should().NotBe(stage);
        onboarding.ItemByKey(key).Status.Should().Be(ItemStatus.NotApplicable);
    }

    [Fact]
    public void With_nothing_to_invoice_Invoice_and_contract_is_refused_as_the_wrong_branch_and_Go_live_is_next()
    {
        var onboarding = new OnboardingBuilder().NeedingNothingToInvoice().AtStage(Stage.CommercialConfirmation).WithGateSatisfied().Build();
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.StartInvoiceAndContract(Actors.AllRoles, TestClock.Now))
            .Should().Throw<MoveRefusedException>().Which;

        refused.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.WrongBranch);
        refused.Message.Should().Contain("Go-live");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.StartGoLive(Actors.Finance, TestClock.Now);
        onboarding.Stage.Should().Be(Stage.GoLive);
        onboarding.RequiredItemsOf(Stage.InvoiceAndContract).Should().BeEmpty();
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void With_something_to_invoice_Go_live_straight_from_commercial_confirmation_is_refused_as_the_wrong_branch(
        bool invoice, bool contract, bool corporatePayment)
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice(invoice).NeedingContract(contract).NeedingCorporatePayment(corporatePayment)
            .AtStage(Stage.CommercialConfirmation).WithGateSatisfied().Build();
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.StartGoLive(Actors.AllRoles, TestClock.Now))
            .Should().Throw<MoveRefusedException>().Which;

        refused.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.WrongBranch);
        refused.Message.Should().Contain("Invoice & contract");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.StartInvoiceAndContract(Actors.Finance, TestClock.Now);
        onboarding.Stage.Should().Be(Stage.InvoiceAndContract);
    }

    [Fact]
    public void Go_live_cannot_be_signed_off_without_the_go_live_window()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        onboarding.SetGoLiveWindow(null, Actors.ReleaseOwner, TestClock.Now);
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.SignOffGoLive(Actors.ReleaseOwner, TestClock.Now))
            .Should().Throw<MoveRefusedException>().Which;

        var reason = refused.Check.Reasons.Should().ContainSingle("clearing the window reopened its item: one thing missing").Which;
        reason.Code.Should().Be(UnmetReasonCode.GoLiveWindowMissing);
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.GoLiveWindow);
        reason.OwnerRole.Should().Be(Role.ReleaseOwner);
        reason.Message.Should().Contain("go-live window");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(EveryResponsibility))]
    public void Go_live_cannot_be_signed_off_while_a_support_responsibility_has_no_named_person(SupportResponsibility missing)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        onboarding.AssignSupport(missing, null, Actors.ReleaseOwner, TestClock.Now);
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.SignOffGoLive(Actors.ReleaseOwner, TestClock.Now))
            .Should().Throw<MoveRefusedException>().Which;

        var reason = refused.Check.Reasons.Should().ContainSingle().Which;
        reason.Code.Should().Be(UnmetReasonCode.SupportMatrixIncomplete);
        reason.Responsibility.Should().Be(missing);
        reason.Responsibilities.Should().Equal(missing);
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.SupportMatrix);
        reason.Message.Should().Contain(missing.ToString());
        OnboardingSnapshot.Of(onboarding).Should().Be(before);

        onboarding.AssignSupport(missing, "Sun Hao", Actors.ReleaseOwner, TestClock.Now);
        onboarding.SignOffGoLive(Actors.ReleaseOwner, TestClock.Now);
        onboarding.Stage.Should().Be(Stage.Live);
    }

    public static TheoryData<SupportResponsibility> EveryResponsibility() => new(Enum.GetValues<SupportResponsibility>());

    [Fact]
    public void An_empty_support_matrix_no_window_and_no_rollback_conditions_are_one_reason_each_linking_to_their_items()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        foreach (var item in onboarding.RequiredItemsOf(Stage.GoLive).Where(i => EvidenceRules.NeedsText(i.EvidenceKind)))
        {
            onboarding.CompleteItem(item.Key);
        }

        var check = onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Now);

        check.Reasons.Should().HaveCount(3, "the window, the matrix and the rollback conditions are each one thing missing, not also their items");
        check.Reasons.Should().ContainSingle(r => r.Code == UnmetReasonCode.RollbackConditionsMissing)
            .Which.ItemKey.Should().Be(ChecklistTemplates.Keys.RollbackConditions);
        var matrix = check.Reasons.Should().ContainSingle(r => r.Code == UnmetReasonCode.SupportMatrixIncomplete).Which;
        matrix.Responsibilities.Should().Equal(Enum.GetValues<SupportResponsibility>());
        matrix.ItemKey.Should().Be(ChecklistTemplates.Keys.SupportMatrix);
        var window = check.Reasons.Should().ContainSingle(r => r.Code == UnmetReasonCode.GoLiveWindowMissing).Which;
        window.ItemKey.Should().Be(ChecklistTemplates.Keys.GoLiveWindow);
        window.OwnerRole.Should().Be(Role.ReleaseOwner);
        check.Reasons.Should().NotContain(r => r.Code == UnmetReasonCode.ItemNotDone);
    }

    [Fact]
    public void Signing_off_go_live_after_the_window_has_ended_is_refused_and_names_when_it_ended()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var window = onboarding.GoLiveWindow!;
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.SignOffGoLive(Actors.ReleaseOwner, window.EndUtc.AddHours(1)))
            .Should().Throw<MoveRefusedException>().Which;

        var reason = refused.Check.Reasons.Should().ContainSingle().Which;
        reason.Code.Should().Be(UnmetReasonCode.GoLiveWindowPassed);
        reason.Message.Should().Contain("ended on 2026-12-15 23:30 (Asia/Shanghai)").And.Contain("set a new window");
        reason.ItemKey.Should().Be(ChecklistTemplates.Keys.GoLiveWindow);
        reason.OwnerRole.Should().Be(Role.ReleaseOwner);
        onboarding.Invoking(o => o.SignOffGoLive(Actors.ReleaseOwner, window.EndUtc))
            .Should().Throw<MoveRefusedException>("a window that ends now has ended");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void Signing_off_go_live_before_the_window_starts_is_allowed()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var window = onboarding.GoLiveWindow!;

        onboarding.SignOffGoLive(Actors.ReleaseOwner, window.StartUtc.AddDays(-3));

        onboarding.Stage.Should().Be(Stage.Live, "release owners sign off planned windows");
    }

    [Fact]
    public void Signing_off_go_live_completes_the_sign_off_item_as_the_release_owner()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var signOff = onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff);
        signOff.Status.Should().Be(ItemStatus.Open);

        onboarding.SignOffGoLive(Actors.ReleaseOwner, TestClock.Later());

        onboarding.Stage.Should().Be(Stage.Live);
        signOff.Status.Should().Be(ItemStatus.Done);
        signOff.CompletedById.Should().Be(Actors.ReleaseOwner.UserId);
        signOff.CompletedByName.Should().Be(Actors.ReleaseOwner.DisplayName);
        signOff.CompletedAtUtc.Should().Be(TestClock.Later());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_rollback_without_a_reason_is_refused_and_stays_live(string? reason)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Live).Build();
        var before = OnboardingSnapshot.Of(onboarding);

        var refused = onboarding.Invoking(o => o.Rollback(reason!, Actors.ReleaseOwner, TestClock.Now))
            .Should().Throw<MoveRefusedException>().Which;

        refused.Check.Reasons.Should().ContainSingle().Which.Code.Should().Be(UnmetReasonCode.ReasonMissing);
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Fact]
    public void A_rollback_with_a_reason_lands_in_go_live_and_reopens_the_sign_off_item()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Live).Build();
        var signOff = onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff);

        onboarding.Rollback(Reason, Actors.ReleaseOwner, TestClock.Later());

        onboarding.Stage.Should().Be(Stage.GoLive);
        signOff.Status.Should().Be(ItemStatus.Open);
        signOff.CompletedById.Should().BeNull();
        signOff.CompletedByName.Should().BeNull();
        signOff.CompletedAtUtc.Should().BeNull();
        onboarding.PendingRevisions[^1].Reason.Should().Be(Reason);

        onboarding.SignOffGoLive(Actors.ReleaseOwner, TestClock.Later(10));
        onboarding.Stage.Should().Be(Stage.Live);
        signOff.Status.Should().Be(ItemStatus.Done);
        signOff.CompletedAtUtc.Should().Be(TestClock.Later(10));
    }

    [Fact]
    public void The_whole_path_through_invoice_and_contract_reaches_live()
    {
        var onboarding = new OnboardingBuilder().NeedingEverything().AtStage(Stage.Live).Build();

        onboarding.Stage.Should().Be(Stage.Live);
        onboarding.PendingRevisions.Where(r => r.Kind == Alltkn.Handoff.Domain.Revisions.RevisionKind.StageMoved).Select(r => r.Subject)
            .Should().Equal(nameof(Move.StartTrial), nameof(Move.ConfirmTrial), nameof(Move.StartInvoiceAndContract),
                nameof(Move.StartGoLive), nameof(Move.SignOffGoLive));
        var (done, required) = onboarding.Progress();
        (required - done).Should().Be(1, "only the live review is left");
    }
}
