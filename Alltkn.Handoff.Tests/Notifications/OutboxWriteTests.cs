using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>Notifications are written to the outbox in the transaction of the change that causes them, or not at all.</summary>
public class OutboxWriteTests : ProviderTests
{
    [Fact]
    public async Task A_move_writes_its_notification_to_the_outbox_with_the_change()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build().CompleteRequiredItems());

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);

        outcome.Succeeded.Should().BeTrue(outcome.Message);
        var row = (await database.OutboxAsync()).Should().ContainSingle().Subject;
        row.Type.Should().Be(OutboxTypes.Notification);
        row.State.Should().Be(OutboxState.Pending);
        var e = NotificationEvent.FromJson(row.Payload);
        e.Kind.Should().Be(NotificationKind.StageStarted);
        e.Stage.Should().Be(Stage.Trial);
        e.ActorId.Should().Be(Actors.TeamAdmin.UserId);
    }

    [Fact]
    public async Task Opening_an_onboarding_writes_its_notification_too()
    {
        await using var database = await CreateDatabaseAsync();

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().Build(),
            TestContext.Current.CancellationToken);

        outcome.Succeeded.Should().BeTrue(outcome.Message);
        (await database.OutboxAsync()).Should().ContainSingle()
            .Which.Payload.Should().Contain(nameof(NotificationKind.StageStarted));
    }

    [Fact]
    public async Task When_the_change_fails_at_commit_no_notification_is_left_in_the_outbox()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build().CompleteRequiredItems());
        var failure = new FailAtCommit();

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin, failure).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);

        failure.Failed.Should().BeTrue();
        outcome.Succeeded.Should().BeFalse();
        (await database.OutboxAsync()).Should().BeEmpty();
        (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.Inquiry);
    }

    [Fact]
    public async Task A_refused_change_writes_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);

        outcome.Succeeded.Should().BeFalse();
        (await database.OutboxAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_gate_owners_refused_try_tells_the_one_role_the_gate_waits_on_once()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership));
        var lead = database.OnboardingServiceFor(Actors.TechLead);

        var first = await lead.FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial, cancellationToken: TestContext.Current.CancellationToken);
        var again = await lead.FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial, cancellationToken: TestContext.Current.CancellationToken);

        first.Status.Should().Be(OutcomeStatus.Refused);
        again.Status.Should().Be(OutcomeStatus.Refused);
        var waiting = (await database.OutboxAsync()).Select(m => NotificationEvent.FromJson(m.Payload)).Should().ContainSingle().Subject;
        waiting.Kind.Should().Be(NotificationKind.WaitingOnYou);
        waiting.Roles.Should().Equal(Role.TeamAdmin);
        waiting.ActorId.Should().Be(Actors.TechLead.UserId);
        (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.Trial, "the refused move itself saved nothing");
    }

    [Fact]
    public async Task A_refused_try_by_someone_who_may_not_make_the_move_tells_no_one()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership));

        var outcome = await database.OnboardingServiceFor(Actors.Finance).FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial,
            cancellationToken: TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(OutcomeStatus.Forbidden);
        (await database.OutboxAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Waiting_on_you_for_an_item_whose_assignee_has_left_the_team_goes_to_the_holders_of_its_owner_role()
    {
        await using var database = await CreateDatabaseAsync();
        var departed = new ActorBuilder().WithId("user-departed").Named("Departed Admin").WithRoles(Role.TeamAdmin).Build();
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(departed);
        await database.TakeRolesAwayAsync(departed.UserId);
        var built = new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership, "trial.rate-limit");
        var key = built.ItemByKey(ChecklistTemplates.Keys.AccountAndKeyOwnership);
        built.UpdateItem(key.Id, ItemUpdate.From(key) with { AssigneeUserId = departed.UserId, AssigneeName = departed.DisplayName },
            Actors.TeamAdmin, TestClock.Now);
        var onboarding = await database.SaveAsync(built);
        var item = onboarding.ItemByKey("trial.rate-limit");
        var done = ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.For(item.EvidenceKind) };

        (await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version, done,
            TestContext.Current.CancellationToken)).Succeeded.Should().BeTrue();

        var waiting = (await database.OutboxAsync()).Select(m => NotificationEvent.FromJson(m.Payload))
            .Should().ContainSingle(e => e.Kind == NotificationKind.WaitingOnYou).Subject;
        waiting.Roles.Should().Equal(Role.TeamAdmin);
        waiting.UserIds.Should().BeEmpty();
        await database.Dispatcher("one").DrainAsync();
        (await database.NotificationsAsync()).Where(n => n.Kind == NotificationKind.WaitingOnYou).Select(n => n.RecipientId)
            .Should().Equal(Actors.TeamAdmin.UserId);
    }

    [Fact]
    public async Task Waiting_on_you_is_written_once_even_when_the_last_other_item_is_reopened_and_done_again()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership, "trial.rate-limit"));
        var service = database.OnboardingServiceFor(Actors.TechLead);
        var item = onboarding.ItemByKey("trial.rate-limit");
        var done = ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.For(item.EvidenceKind) };

        (await service.UpdateItemAsync(onboarding.Id, item.Id, item.Version, done, TestContext.Current.CancellationToken)).Succeeded.Should().BeTrue();
        var stored = (await database.LoadAsync(onboarding.Id)).Item(item.Id);
        (await service.UpdateItemAsync(onboarding.Id, item.Id, stored.Version, done with { Status = ItemStatus.InProgress },
            TestContext.Current.CancellationToken)).Succeeded.Should().BeTrue();
        stored = (await database.LoadAsync(onboarding.Id)).Item(item.Id);
        (await service.UpdateItemAsync(onboarding.Id, item.Id, stored.Version, done, TestContext.Current.CancellationToken)).Succeeded.Should().BeTrue();

        (await database.OutboxAsync()).Select(m => NotificationEvent.FromJson(m.Payload).Kind)
            .Should().ContainSingle(k => k == NotificationKind.WaitingOnYou);
    }
}

/// <summary>Every test of <see cref="OutboxWriteTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class OutboxWriteTestsOnPostgreSql : OutboxWriteTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
