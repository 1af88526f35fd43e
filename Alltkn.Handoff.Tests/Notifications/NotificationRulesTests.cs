using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>What notifies whom (issue 10 point 2), answered from an onboarding before and after one change.</summary>
public sealed class NotificationRulesTests
{
    private static IReadOnlyList<PlannedNotification> After(Onboarding onboarding, Action<Onboarding> change, Actor actor)
    {
        onboarding.ClearPendingRevisions();
        var before = new OnboardingBefore(onboarding.Stage,
            onboarding.Items.ToDictionary(i => i.Id, i => new ItemBefore(i.Status, i.AssigneeUserId)));
        change(onboarding);
        return NotificationRules.For(onboarding, before, actor);
    }

    [Fact]
    public void Opening_an_onboarding_tells_the_roles_that_own_the_inquiry_items()
    {
        var onboarding = new OnboardingBuilder().Build();

        var planned = NotificationRules.For(onboarding, OnboardingBefore.New, Actors.TeamAdmin);

        var started = planned.Should().ContainSingle().Subject.Event;
        started.Kind.Should().Be(NotificationKind.StageStarted);
        started.Roles.Should().BeEquivalentTo(onboarding.ItemsOf(Stage.Inquiry).Select(i => i.OwnerRole).Distinct());
        started.ActorId.Should().Be(Actors.TeamAdmin.UserId, "the dispatcher leaves the person who acted out");
    }

    [Fact]
    public void Starting_the_trial_tells_the_roles_that_own_its_items_with_a_link_to_the_onboarding()
    {
        var onboarding = new OnboardingBuilder().Build().CompleteRequiredItems();

        var planned = After(onboarding, o => o.StartTrial(Actors.TeamAdmin, TestClock.Later()), Actors.TeamAdmin);

        var started = planned.Should().ContainSingle(p => p.Event.Kind == NotificationKind.StageStarted).Subject.Event;
        started.Stage.Should().Be(Stage.Trial);
        started.Roles.Should().BeEquivalentTo([Role.TeamAdmin, Role.TechLead]);
        started.Link.Should().Be($"/onboardings/{onboarding.Id}");
        started.OnboardingName.Should().Be(onboarding.Details.Customer);
    }

    [Fact]
    public void Assigning_an_item_tells_the_person_it_is_assigned_to()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.stream");

        var planned = After(onboarding, o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeUserId = "user-li", AssigneeName = "Li Wei" },
            Actors.TechLead, TestClock.Later()), Actors.TechLead);

        var assigned = planned.Should().ContainSingle().Subject.Event;
        assigned.Kind.Should().Be(NotificationKind.ItemAssigned);
        assigned.UserIds.Should().Equal("user-li");
        assigned.ItemId.Should().Be(item.Id);
        assigned.Link.Should().Be($"/onboardings/{onboarding.Id}#item-trial.stream");
    }

    [Fact]
    public void When_the_tech_lead_finishes_the_last_of_their_trial_items_the_team_admin_is_told_the_gate_waits_on_them()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership, "trial.rate-limit");

        var planned = After(onboarding, o => o.CompleteItem("trial.rate-limit"), Actors.TechLead);

        var waiting = planned.Should().ContainSingle(p => p.Event.Kind == NotificationKind.WaitingOnYou).Subject;
        waiting.Event.Roles.Should().Equal(Role.TeamAdmin);
        waiting.Event.ItemKey.Should().Be(ChecklistTemplates.Keys.AccountAndKeyOwnership);
        waiting.DedupeKey.Should().Be($"waiting:{onboarding.Id:N}:Trial:TeamAdmin", "they are told once per onboarding and stage");
    }

    [Fact]
    public void Waiting_on_you_goes_to_the_assignee_when_every_blocking_item_is_assigned()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership, "trial.rate-limit");
        var key = onboarding.ItemByKey(ChecklistTemplates.Keys.AccountAndKeyOwnership);
        onboarding.UpdateItem(key.Id, ItemUpdate.From(key) with { AssigneeUserId = "user-tang", AssigneeName = "Tang Min" }, Actors.TeamAdmin, TestClock.Now);

        var planned = After(onboarding, o => o.CompleteItem("trial.rate-limit"), Actors.TechLead);

        var waiting = planned.Should().ContainSingle(p => p.Event.Kind == NotificationKind.WaitingOnYou).Subject.Event;
        waiting.Roles.Should().BeEmpty();
        waiting.UserIds.Should().Equal("user-tang");
    }

    [Fact]
    public void Nobody_is_told_the_gate_waits_on_them_while_items_of_two_roles_are_open()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership, "trial.rate-limit", "trial.stream");

        var planned = After(onboarding, o => o.CompleteItem("trial.rate-limit"), Actors.TechLead);

        planned.Should().NotContain(p => p.Event.Kind == NotificationKind.WaitingOnYou);
    }

    [Fact]
    public void Finishing_your_own_items_while_only_yours_are_open_is_not_waiting_on_you()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, "trial.rate-limit", "trial.stream");

        var planned = After(onboarding, o => o.CompleteItem("trial.rate-limit"), Actors.TechLead);

        planned.Should().NotContain(p => p.Event.Kind == NotificationKind.WaitingOnYou);
    }

    [Fact]
    public void Setting_the_go_live_window_tells_the_release_owner_the_tech_lead_and_the_team_admins()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();

        var planned = After(onboarding, o => o.SetGoLiveWindow(ValidEvidence.Window(), Actors.ReleaseOwner, TestClock.Later()), Actors.ReleaseOwner);

        planned.Should().ContainSingle().Which.Event.Should().Match<NotificationEvent>(e =>
            e.Kind == NotificationKind.GoLiveWindowChanged && e.Roles.Count == 3
            && e.Roles.Contains(Role.ReleaseOwner) && e.Roles.Contains(Role.TechLead) && e.Roles.Contains(Role.TeamAdmin));
    }

    [Theory]
    [InlineData(Move.Hold, NotificationKind.OnHold)]
    [InlineData(Move.Cancel, NotificationKind.Cancelled)]
    public void Hold_and_cancel_tell_everyone_assigned_in_the_onboarding(Move move, NotificationKind kind)
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.stream");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeUserId = "user-li", AssigneeName = "Li Wei" }, Actors.TechLead, TestClock.Now);

        var planned = After(onboarding, o => o.Make(move, Actors.TeamAdmin, TestClock.Later(), "Budget approval pending"), Actors.TeamAdmin);

        var told = planned.Should().ContainSingle().Subject.Event;
        told.Kind.Should().Be(kind);
        told.UserIds.Should().Equal("user-li");
        told.Should().NotBeNull();
        told.ToJson().Should().NotContain("Budget approval pending", "a reason a person typed never goes into a notification");
    }
}
