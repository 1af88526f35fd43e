using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// Delivery from the outbox on a real SQLite file: one in-app notification per recipient in their language, never the
/// person who acted, never twice for one row (two dispatchers at once, a dispatcher dying with rows leased, a restart),
/// failures retried with backoff and every attempt recorded.
/// </summary>
public class OutboxDispatcherTests : ProviderTests
{
    private async Task<IHandoffTestDatabase> WithPeopleAsync()
    {
        var database = await CreateDatabaseAsync();
        await database.AddPersonAsync(Actors.TeamAdmin, language: "zh-CN");
        await database.AddPersonAsync(Actors.TechLead, language: "en");
        await database.AddPersonAsync(Actors.Finance);
        await database.AddPersonAsync(Actors.ReleaseOwner);
        return database;
    }

    private static async Task<Guid> StartTrialAsync(IHandoffTestDatabase database, Actor by)
    {
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build().CompleteRequiredItems());
        var outcome = await database.OnboardingServiceFor(by).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);
        return onboarding.Id;
    }

    [Fact]
    public async Task A_move_becomes_one_notification_per_owner_in_their_language_and_none_for_the_person_who_moved()
    {
        await using var database = await WithPeopleAsync();
        var admin = new ActorBuilder().WithRoles(Role.TeamAdmin).WithId("user-second-admin").Named("Second Admin").Build();
        await database.AddPersonAsync(admin, language: "zh-CN");
        var id = await StartTrialAsync(database, Actors.TeamAdmin);

        await database.Dispatcher("one").DrainAsync();

        var notifications = await database.NotificationsAsync();
        notifications.Select(n => n.RecipientId).Should().BeEquivalentTo([admin.UserId, Actors.TechLead.UserId],
            "the roles owning Trial items are told, but not the team admin who made the move");
        var english = notifications.Single(n => n.RecipientId == Actors.TechLead.UserId);
        english.Subject.Should().Be("Acme Robotics is at Trial: your items are current");
        english.Link.Should().Be($"/onboardings/{id}");
        var chinese = notifications.Single(n => n.RecipientId == admin.UserId);
        chinese.Subject.Should().Contain("Acme Robotics").And.Contain("企业试用").And.Contain("你的事项已生效");
        (await database.OutboxAsync()).Should().ContainSingle().Which.State.Should().Be(OutboxState.Delivered);
        (await database.AttemptsAsync()).Should().ContainSingle().Which.Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_every_row_exactly_once()
    {
        await using var database = await WithPeopleAsync();
        for (var i = 0; i < 12; i++)
        {
            await StartTrialAsync(database, Actors.TeamAdmin);
        }

        var one = database.Dispatcher("one");
        var two = database.Dispatcher("two");
        var token = TestContext.Current.CancellationToken;
        await Task.WhenAll(Task.Run(one.DrainAsync, token), Task.Run(two.DrainAsync, token), Task.Run(one.DrainAsync, token), Task.Run(two.DrainAsync, token));

        var rows = await database.OutboxAsync();
        rows.Should().HaveCount(12).And.OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1);
        (await database.NotificationsAsync()).Should().HaveCount(12, "one tech lead per onboarding; the team admin moved it")
            .And.OnlyHaveUniqueItems(n => n.OutboxMessageId);
        var attempts = await database.AttemptsAsync();
        attempts.Should().HaveCount(12).And.OnlyContain(a => a.Succeeded);
        attempts.Select(a => a.MessageId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Rows_claimed_by_a_dispatcher_that_died_are_delivered_once_after_a_restart_when_its_lease_runs_out()
    {
        await using var database = await WithPeopleAsync();
        await StartTrialAsync(database, Actors.TeamAdmin);
        await StartTrialAsync(database, Actors.TeamAdmin);

        // The first dispatcher claims both rows and is killed before it delivers anything.
        (await database.Dispatcher("killed").ClaimAsync(TestContext.Current.CancellationToken)).Should().HaveCount(2);
        await database.RestartAsync();

        var survivor = database.Dispatcher("after-restart");
        (await survivor.RunOnceAsync(TestContext.Current.CancellationToken)).Should().Be(0, "the dead dispatcher's lease still holds");
        database.Clock.Advance(new NotificationOptions().Lease + TimeSpan.FromSeconds(1));
        await survivor.DrainAsync();
        await survivor.DrainAsync();

        (await database.OutboxAsync()).Should().OnlyContain(m => m.State == OutboxState.Delivered && m.LeaseOwner == "after-restart");
        (await database.NotificationsAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_delivery_that_lost_its_lease_writes_nothing()
    {
        await using var database = await WithPeopleAsync();
        await StartTrialAsync(database, Actors.TeamAdmin);
        var slow = database.Dispatcher("slow");
        var claimed = await slow.ClaimAsync(TestContext.Current.CancellationToken);
        database.Clock.Advance(new NotificationOptions().Lease + TimeSpan.FromSeconds(1));

        // Another dispatcher takes the row over and delivers it; then the slow one's lease is worthless.
        await database.Dispatcher("fast").DrainAsync();
        claimed.Should().ContainSingle();
        (await slow.RunOnceAsync(TestContext.Current.CancellationToken)).Should().Be(0);

        (await database.NotificationsAsync()).Should().ContainSingle();
        (await database.AttemptsAsync()).Should().ContainSingle().Which.Owner.Should().Be("fast");
    }

    [Fact]
    public async Task A_failed_e_mail_is_retried_after_its_backoff_and_every_attempt_is_recorded()
    {
        await using var database = await WithPeopleAsync();
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.EmailNow);
        await StartTrialAsync(database, Actors.TeamAdmin);
        var mail = new RecordingMailSender { FailNext = 1 };
        var dispatcher = database.Dispatcher("one", mail);

        await dispatcher.DrainAsync();

        var email = (await database.OutboxAsync()).Single(m => m.Type == OutboxTypes.Email);
        email.State.Should().Be(OutboxState.Pending);
        email.AttemptCount.Should().Be(1);
        email.NextAttemptAtUtc.Should().Be(database.Clock.UtcNow + OutboxDispatcher.Backoff(1));
        email.LastError.Should().Contain("Connection refused");
        mail.Sent.Should().BeEmpty();

        database.Clock.Advance(TimeSpan.FromSeconds(10));
        await dispatcher.DrainAsync();
        mail.Sent.Should().BeEmpty("the backoff is not over yet");

        database.Clock.Advance(OutboxDispatcher.Backoff(1));
        await dispatcher.DrainAsync();
        await dispatcher.DrainAsync();

        mail.Sent.Should().ContainSingle().Which.To.Should().Be($"{Actors.TechLead.UserId}@example.com");
        var attempts = (await database.AttemptsAsync()).Where(a => a.MessageId == email.Id).OrderBy(a => a.Number).ToList();
        attempts.Select(a => (a.Number, a.Succeeded)).Should().Equal((1, false), (2, true));
        attempts[0].Error.Should().Contain("Connection refused");
    }

    [Fact]
    public async Task A_row_is_given_up_after_the_last_attempt()
    {
        await using var database = await WithPeopleAsync();
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.EmailNow);
        await StartTrialAsync(database, Actors.TeamAdmin);
        var mail = new RecordingMailSender { FailNext = 100 };
        var dispatcher = database.Dispatcher("one", mail, options: new NotificationOptions { MaxAttempts = 3 });

        for (var i = 0; i < 5; i++)
        {
            await dispatcher.DrainAsync();
            database.Clock.Advance(TimeSpan.FromHours(1));
        }

        var email = (await database.OutboxAsync()).Single(m => m.Type == OutboxTypes.Email);
        email.State.Should().Be(OutboxState.Failed);
        email.AttemptCount.Should().Be(3);
        (await database.AttemptsAsync()).Count(a => a.MessageId == email.Id).Should().Be(3);
    }
}

/// <summary>Every test of <see cref="OutboxDispatcherTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class OutboxDispatcherTestsOnPostgreSql : OutboxDispatcherTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
