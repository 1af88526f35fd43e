using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>Every successful change yields exactly one revision entry (who, UTC time, before and after); no change, no entry.</summary>
public sealed class RevisionTests
{
    private static readonly DateTime At = new(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc);

    private static Onboarding Fresh(Stage stage = Stage.Inquiry) =>
        new OnboardingBuilder().AtStage(stage).WithoutPendingRevisions().Build();

    [Fact]
    public void Opening_an_onboarding_records_who_opened_it_when()
    {
        var onboarding = Onboarding.Open(Scenario.InvoiceInquiry, new DetailsBuilder().Build(), Actors.TeamAdmin, At);

        // The opening, then the due dates Inquiry's start gives its items (each attributed the same way).
        var entry = onboarding.PendingRevisions.Where(e => e.Kind != RevisionKind.ItemChanged).Should().ContainSingle().Which;
        onboarding.PendingRevisions[0].Should().BeSameAs(entry);
        onboarding.PendingRevisions.Skip(1).Should().HaveCount(onboarding.ItemsOf(Stage.Inquiry).Count())
            .And.OnlyContain(e => e.After!.StartsWith("Due: ") && e.ActorId == Actors.TeamAdmin.UserId && e.AtUtc == At);
        entry.Kind.Should().Be(RevisionKind.OnboardingCreated);
        entry.OnboardingId.Should().Be(onboarding.Id);
        entry.ActorId.Should().Be(Actors.TeamAdmin.UserId);
        entry.ActorName.Should().Be(Actors.TeamAdmin.DisplayName);
        entry.AtUtc.Should().Be(At);
        entry.After.Should().Be(nameof(Scenario.InvoiceInquiry));
        onboarding.CreatedById.Should().Be(Actors.TeamAdmin.UserId);
        onboarding.CreatedAtUtc.Should().Be(At);
    }

    [Fact]
    public void An_item_change_yields_one_entry_with_who_when_before_and_after()
    {
        var onboarding = Fresh(Stage.Trial);
        var item = onboarding.ItemByKey("trial.rate-limit");

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.StatusCode },
            Actors.TechLead, At).Should().BeTrue();

        var entry = onboarding.PendingRevisions.Should().ContainSingle().Which;
        entry.Kind.Should().Be(RevisionKind.ItemChanged);
        entry.ItemId.Should().Be(item.Id);
        entry.Subject.Should().Be(item.Title);
        entry.ActorId.Should().Be(Actors.TechLead.UserId);
        entry.ActorName.Should().Be(Actors.TechLead.DisplayName);
        entry.AtUtc.Should().Be(At);
        entry.AtUtc.Kind.Should().Be(DateTimeKind.Utc);
        entry.Before.Should().Contain("Status: Open").And.Contain("Evidence: —");
        entry.After.Should().Contain("Status: Done").And.Contain(ValidEvidence.StatusCode);
    }

    [Fact]
    public void The_reason_for_blocking_an_item_is_kept_with_its_entry()
    {
        var onboarding = Fresh();
        var item = onboarding.ItemByKey("inquiry.needs");

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = "Awaiting the tax office" }, Actors.Finance, At);

        onboarding.PendingRevisions.Should().ContainSingle().Which.Reason.Should().Be("Awaiting the tax office");
    }

    [Fact]
    public void An_item_update_that_changes_nothing_yields_no_entry()
    {
        var onboarding = Fresh(Stage.Trial);
        var item = onboarding.CompleteItem("trial.stream");
        onboarding.ClearPendingRevisions();
        var version = item.Version;

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item), Actors.TechLead, At).Should().BeFalse();
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Evidence = "  " + item.Evidence + "  " }, Actors.TechLead, At).Should().BeFalse();

        onboarding.PendingRevisions.Should().BeEmpty();
        item.Version.Should().Be(version);
    }

    [Fact]
    public void Each_changed_field_yields_one_entry_with_its_before_and_after()
    {
        var onboarding = Fresh();
        var version = onboarding.Version;

        var changed = onboarding.UpdateDetails(onboarding.Details with { BudgetCycle = "quarterly" }, Actors.Finance, At, "Customer moved to quarterly budgets");

        changed.Should().Equal(OnboardingField.BudgetCycle);
        var entry = onboarding.PendingRevisions.Should().ContainSingle().Which;
        entry.Kind.Should().Be(RevisionKind.FieldChanged);
        entry.Subject.Should().Be(nameof(OnboardingField.BudgetCycle));
        entry.Before.Should().Be("monthly");
        entry.After.Should().Be("quarterly");
        entry.Reason.Should().Be("Customer moved to quarterly budgets");
        entry.ActorId.Should().Be(Actors.Finance.UserId);
        entry.AtUtc.Should().Be(At);
        onboarding.Version.Should().Be(version + 1);
    }

    [Fact]
    public void Two_fields_changed_at_once_yield_one_entry_each()
    {
        var onboarding = Fresh();

        onboarding.UpdateDetails(onboarding.Details with { BudgetCycle = "quarterly", NeedsInvoice = true }, Actors.Finance, At);

        onboarding.PendingRevisions.Select(r => (r.Subject, r.Before, r.After)).Should().BeEquivalentTo(
            [("BudgetCycle", "monthly", "quarterly"), ("NeedsInvoice", "no", "yes")]);
    }

    [Fact]
    public void Details_that_change_nothing_yield_no_entry()
    {
        var onboarding = Fresh();
        var version = onboarding.Version;

        onboarding.UpdateDetails(onboarding.Details with { Customer = "  " + onboarding.Details.Customer + " " }, Actors.Finance, At).Should().BeEmpty();

        onboarding.PendingRevisions.Should().BeEmpty();
        onboarding.Version.Should().Be(version);
    }

    [Fact]
    public void The_go_live_window_yields_one_entry_when_set_and_none_when_set_again_to_the_same()
    {
        var onboarding = Fresh();
        var window = ValidEvidence.Window();

        onboarding.SetGoLiveWindow(window, Actors.ReleaseOwner, At);
        onboarding.SetGoLiveWindow(ValidEvidence.Window(), Actors.ReleaseOwner, At);

        var entry = onboarding.PendingRevisions.Should().ContainSingle().Which;
        entry.Subject.Should().Be(nameof(OnboardingField.GoLiveWindow));
        entry.Before.Should().BeNull();
        entry.After.Should().Be(window.ToString()).And.Contain("Asia/Shanghai");
        entry.ActorId.Should().Be(Actors.ReleaseOwner.UserId);
    }

    [Fact]
    public void The_support_matrix_yields_one_entry_per_change_and_none_for_the_same_name()
    {
        var onboarding = Fresh();

        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, "Sun Hao", Actors.ReleaseOwner, At);
        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, " Sun Hao ", Actors.ReleaseOwner, At);
        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, "Qian Yu", Actors.ReleaseOwner, At);
        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, null, Actors.ReleaseOwner, At);
        onboarding.AssignSupport(SupportResponsibility.ReadsLogs, "", Actors.ReleaseOwner, At);

        onboarding.PendingRevisions.Select(r => (r.Kind, r.Subject, r.Before, r.After)).Should().Equal(
            (RevisionKind.SupportMatrixChanged, "ReadsLogs", null, "Sun Hao"),
            (RevisionKind.SupportMatrixChanged, "ReadsLogs", "Sun Hao", "Qian Yu"),
            (RevisionKind.SupportMatrixChanged, "ReadsLogs", "Qian Yu", null));
        onboarding.SupportMatrix.Should().BeEmpty();
    }

    [Fact]
    public void A_move_yields_one_entry_with_the_stages_and_the_reason()
    {
        var onboarding = Fresh(Stage.Trial);

        onboarding.Hold("Budget freeze", Actors.TeamAdmin, At);

        var entry = onboarding.PendingRevisions.Should().ContainSingle().Which;
        entry.Kind.Should().Be(RevisionKind.StageMoved);
        entry.Subject.Should().Be(nameof(Move.Hold));
        entry.Before.Should().Be(nameof(Stage.Trial));
        entry.After.Should().Be(nameof(Stage.OnHold));
        entry.Reason.Should().Be("Budget freeze");
        entry.ActorId.Should().Be(Actors.TeamAdmin.UserId);
        entry.AtUtc.Should().Be(At);
    }

    [Fact]
    public void Signing_off_yields_one_entry_for_the_move()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().WithoutPendingRevisions().Build();

        onboarding.SignOffGoLive(Actors.ReleaseOwner, At);

        onboarding.PendingRevisions.Where(e => e.Kind == RevisionKind.StageMoved).Should().ContainSingle().Which.Subject.Should().Be(nameof(Move.SignOffGoLive));
        onboarding.PendingRevisions.Should().HaveCount(2, "and the recheck date going live gives the post-go-live review");
        onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff).CompletedAtUtc.Should().Be(At);
    }

    [Fact]
    public void A_time_given_without_a_kind_is_kept_as_utc()
    {
        var onboarding = Fresh();
        var unspecified = DateTime.SpecifyKind(At, DateTimeKind.Unspecified);

        onboarding.AssignSupport(SupportResponsibility.ManagesQuota, "Li Wei", Actors.ReleaseOwner, unspecified);

        var entry = onboarding.PendingRevisions.Should().ContainSingle().Which;
        entry.AtUtc.Should().Be(At);
        entry.AtUtc.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void A_refused_change_yields_no_entry()
    {
        var onboarding = Fresh();

        onboarding.Invoking(o => o.StartTrial(Actors.TeamAdmin, At)).Should().Throw<MoveRefusedException>();
        onboarding.Invoking(o => o.UpdateDetails(o.Details with { BaseUrl = "https://x.example" }, Actors.Finance, At))
            .Should().Throw<Alltkn.Handoff.Domain.Common.DomainException>();

        onboarding.PendingRevisions.Should().BeEmpty();
    }
}
