using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

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

    [Fact]
    public async Task A_row_that_fails_in_a_batch_is_retried_alone_and_the_others_of_its_batch_are_delivered_once()
    {
        await using var database = await WithPeopleAsync();
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.EmailNow);
        for (var i = 0; i < 3; i++)
        {
            await StartTrialAsync(database, Actors.TeamAdmin);
        }
        var mail = new RecordingMailSender { FailNext = 1 };
        var dispatcher = database.Dispatcher("one", mail);

        // The three notification rows make three e-mail rows, claimed and delivered as one batch; the first send fails.
        await dispatcher.DrainAsync();

        var emails = (await database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Email).ToList();
        emails.Should().HaveCount(3);
        emails.Count(m => m.State == OutboxState.Delivered && m.AttemptCount == 1 && m.LastError == null).Should().Be(2);
        var failed = emails.Single(m => m.State == OutboxState.Pending);
        failed.AttemptCount.Should().Be(1);
        failed.LastError.Should().Contain("Connection refused");
        failed.LeaseToken.Should().BeNull("it is handed back to be retried");
        failed.NextAttemptAtUtc.Should().Be(database.Clock.UtcNow + OutboxDispatcher.Backoff(1));
        mail.Sent.Should().HaveCount(2);

        database.Clock.Advance(OutboxDispatcher.Backoff(1));
        await dispatcher.DrainAsync();

        (await database.OutboxAsync()).Should().OnlyContain(m => m.State == OutboxState.Delivered);
        mail.Sent.Select(m => m.MessageId).Should().HaveCount(3).And.OnlyHaveUniqueItems("the two delivered at first are not sent again");
        var attempts = await database.AttemptsAsync();
        attempts.Where(a => a.MessageId == failed.Id).OrderBy(a => a.Number).Select(a => (a.Number, a.Succeeded)).Should().Equal((1, false), (2, true));
        attempts.Where(a => a.MessageId != failed.Id).Should().OnlyContain(a => a.Succeeded && a.Number == 1);
    }

    [Fact]
    public async Task A_row_whose_writes_are_refused_is_retried_alone_and_the_rest_of_its_batch_is_delivered()
    {
        await using var database = await WithPeopleAsync();
        for (var i = 0; i < 3; i++)
        {
            await StartTrialAsync(database, Actors.TeamAdmin);
        }
        // The second row's notification to the tech lead is there already (as a broken earlier delivery could have left
        // it): completing the batch together is refused by the unique index, so each row is completed alone.
        var refused = (await database.OutboxAsync())[1];
        await using (var db = database.NewContext())
        {
            db.Add(new Notification(refused.Id, Actors.TechLead.UserId, NotificationKind.StageStarted, null, null, "there already", "", "/",
                database.Clock.UtcNow, EmailPlan.None));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        (await database.Dispatcher("one").RunOnceAsync(TestContext.Current.CancellationToken)).Should().Be(3);

        var rows = await database.OutboxAsync();
        rows.Where(m => m.Id != refused.Id).Should().HaveCount(2).And.OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1);
        var retried = rows.Single(m => m.Id == refused.Id);
        retried.State.Should().Be(OutboxState.Pending);
        retried.AttemptCount.Should().Be(1);
        retried.LastError.Should().NotBeNullOrEmpty();
        (await database.NotificationsAsync()).GroupBy(n => n.OutboxMessageId).Should().HaveCount(3).And.OnlyContain(g => g.Count() == 1);
        var attempts = await database.AttemptsAsync();
        attempts.Should().HaveCount(3);
        attempts.Single(a => a.MessageId == refused.Id).Succeeded.Should().BeFalse();
    }

    [Fact]
    public async Task A_batch_with_a_row_another_dispatcher_took_over_delivers_the_rest_and_leaves_that_row_to_the_other()
    {
        await using var database = await WithPeopleAsync();
        for (var i = 0; i < 3; i++)
        {
            await StartTrialAsync(database, Actors.TeamAdmin);
        }
        var slow = database.Dispatcher("slow");
        var claimed = await slow.ClaimAsync(TestContext.Current.CancellationToken);
        claimed.Should().HaveCount(3);

        // The slow dispatcher's lease ran out; another took the rows over and delivered the first one meanwhile.
        database.Clock.Advance(new NotificationOptions().Lease + TimeSpan.FromSeconds(1));
        var fast = database.Dispatcher("fast");
        var takenOver = await fast.ClaimAsync(TestContext.Current.CancellationToken);
        await fast.DeliverAsync([takenOver.Single(m => m.Id == claimed[0].Id)], TestContext.Current.CancellationToken);

        await slow.DeliverAsync(claimed, TestContext.Current.CancellationToken);
        (await database.NotificationsAsync()).Should().ContainSingle("the slow dispatcher holds none of its rows any more");

        await fast.DeliverAsync([.. takenOver.Where(m => m.Id != claimed[0].Id)], TestContext.Current.CancellationToken);
        (await database.OutboxAsync()).Should().OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1 && m.LeaseOwner == "fast");
        (await database.NotificationsAsync()).Should().HaveCount(3).And.OnlyHaveUniqueItems(n => n.OutboxMessageId);
        (await database.AttemptsAsync()).Should().HaveCount(3).And.OnlyContain(a => a.Owner == "fast" && a.Succeeded);
    }

    [Fact]
    public async Task A_batch_whose_lease_held_for_some_rows_only_delivers_those_and_writes_nothing_for_the_others()
    {
        await using var database = await WithPeopleAsync();
        for (var i = 0; i < 3; i++)
        {
            await StartTrialAsync(database, Actors.TeamAdmin);
        }
        var one = database.Dispatcher("one");
        var claimed = await one.ClaimAsync(TestContext.Current.CancellationToken);
        // Another instance holds the middle row now (as after this dispatcher's lease had run out and it was claimed again).
        var other = Guid.NewGuid();
        await using (var db = database.NewContext())
        {
            var id = claimed[1].Id;
            await db.Set<OutboxMessage>().Where(m => m.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeaseToken, other).SetProperty(m => m.LeaseOwner, "other"), TestContext.Current.CancellationToken);
        }

        await one.DeliverAsync(claimed, TestContext.Current.CancellationToken);

        var rows = await database.OutboxAsync();
        rows.Where(m => m.Id != claimed[1].Id).Should().HaveCount(2).And.OnlyContain(m => m.State == OutboxState.Delivered && m.LeaseOwner == "one");
        rows.Single(m => m.Id == claimed[1].Id).Should().Match<OutboxMessage>(m => m.State == OutboxState.Pending && m.AttemptCount == 0 && m.LeaseToken == other);
        (await database.NotificationsAsync()).Select(n => n.OutboxMessageId).Should().BeEquivalentTo([claimed[0].Id, claimed[2].Id]);
        (await database.AttemptsAsync()).Select(a => a.MessageId).Should().BeEquivalentTo([claimed[0].Id, claimed[2].Id]);
    }

    /// <summary>Three e-mail rows, due now, for the tech lead (who chose e-mail at once): the notification rows fanned out.</summary>
    private async Task<IHandoffTestDatabase> WithThreeEmailsAsync()
    {
        var database = await WithPeopleAsync();
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.EmailNow);
        for (var i = 0; i < 3; i++)
        {
            await StartTrialAsync(database, Actors.TeamAdmin);
        }
        (await database.Dispatcher("fan-out", new RecordingMailSender()).RunOnceAsync(TestContext.Current.CancellationToken)).Should().Be(3);
        (await database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Email).Should().HaveCount(3).And.OnlyContain(m => m.State == OutboxState.Pending);
        return database;
    }

    [Fact]
    public async Task A_batch_that_outlasts_its_lease_sends_again_at_most_the_row_in_flight_when_another_dispatcher_takes_it_over()
    {
        await using var database = await WithThreeEmailsAsync();
        var token = TestContext.Current.CancellationToken;
        // A's second send takes longer than the lease (on the shared clock) and waits while B runs.
        var slow = new SlowMailSender(database.Clock, slowCall: 2, takes: new NotificationOptions().Lease + TimeSpan.FromSeconds(1), waits: true);
        var fast = new RecordingMailSender();
        var a = database.Dispatcher("a", slow);
        var b = database.Dispatcher("b", fast);

        var runA = Task.Run(() => a.RunOnceAsync(token), token);
        await slow.Entered.Task.WaitAsync(token);
        await b.RunOnceAsync(token);
        slow.Release.SetResult();
        await runA;

        var sent = slow.Sent.Concat(fast.Sent.Select(m => m.MessageId)).ToList();
        sent.Where(id => id != slow.Slow).Should().HaveCount(2).And.OnlyHaveUniqueItems(
            "a row sent before the lease ran out, or after it, is sent by one dispatcher only");
        sent.Count(id => id == slow.Slow).Should().BeInRange(1, 2, "only the row in flight when the lease ran out may go out twice, as after a crash");
        (await database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Email).Should().HaveCount(3)
            .And.OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1);
        var attempts = (await database.AttemptsAsync()).Where(x => x.Owner != "fan-out").ToList();
        attempts.Should().HaveCount(3).And.OnlyContain(a => a.Succeeded);
        attempts.Select(a => a.MessageId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_dispatcher_whose_lease_ran_out_sends_no_more_of_its_batch_and_leaves_the_rest_to_the_next_claim()
    {
        await using var database = await WithThreeEmailsAsync();
        var token = TestContext.Current.CancellationToken;
        // The first send takes longer than the lease; no other dispatcher has claimed the rows (yet).
        var mail = new SlowMailSender(database.Clock, slowCall: 1, takes: new NotificationOptions().Lease + TimeSpan.FromSeconds(1), waits: false);
        var a = database.Dispatcher("a", mail);

        await a.RunOnceAsync(token);

        mail.Sent.Should().ContainSingle("past its lease another dispatcher may hold the rows and send them");
        var emails = (await database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Email).ToList();
        emails.Count(m => m.State == OutboxState.Delivered && m.AttemptCount == 1).Should().Be(1, "the row sent is marked delivered");
        emails.Where(m => m.State == OutboxState.Pending).Should().HaveCount(2).And.OnlyContain(m => m.AttemptCount == 0 && m.LastError == null,
            "not tried: the next claim takes them");

        await a.DrainAsync();
        mail.Sent.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        (await database.OutboxAsync()).Should().OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1);
    }

    [Fact]
    public async Task Three_dispatchers_racing_over_more_rows_than_a_batch_deliver_every_row_exactly_once()
    {
        await using var database = await WithPeopleAsync();
        var count = OutboxDispatcher.BatchSize * 2 + 5;
        await using (var db = database.NewContext())
        {
            // Reminders of the tech lead, as the scheduler writes them.
            for (var i = 0; i < count; i++)
            {
                var e = new NotificationEvent(NotificationKind.DueToday, Guid.NewGuid(), $"Customer {i}", Guid.NewGuid(), "trial.stream", "Streaming response verified",
                    Stage.Trial, new DateOnly(2026, 11, 25), ActorId: "", ActorName: "", Roles: [], UserIds: [Actors.TechLead.UserId]);
                db.Add(new OutboxMessage(OutboxTypes.Notification, e.ToJson(), database.Clock.UtcNow, $"remind:test:{i}"));
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var token = TestContext.Current.CancellationToken;
        var dispatchers = new[] { database.Dispatcher("one"), database.Dispatcher("two"), database.Dispatcher("three") };
        await Task.WhenAll(dispatchers.Select(d => Task.Run(d.DrainAsync, token)));

        (await database.OutboxAsync()).Should().HaveCount(count).And.OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1);
        (await database.NotificationsAsync()).Should().HaveCount(count).And.OnlyHaveUniqueItems(n => n.OutboxMessageId);
        var attempts = await database.AttemptsAsync();
        attempts.Should().HaveCount(count).And.OnlyContain(a => a.Succeeded);
        attempts.Select(a => a.MessageId).Should().OnlyHaveUniqueItems();
    }
}

/// <summary>
/// Records the Message-IDs it sends; its <c>slowCall</c>th send takes <c>takes</c> on the test's clock and, when it
/// <c>waits</c>, stays in flight (<see cref="Entered"/>) until <see cref="Release"/>, before the server accepts it.
/// </summary>
internal sealed class SlowMailSender(SettableClock clock, int slowCall, TimeSpan takes, bool waits) : IMailSender
{
    private int _calls;

    public System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The Message-ID of the slow send.</summary>
    public string? Slow { get; private set; }

    public bool Enabled => true;

    public async Task SendAsync(string toAddress, string? toName, MailContent content, string messageId, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == slowCall)
        {
            Slow = messageId;
            clock.Advance(takes);
            if (waits)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
        }
        Sent.Enqueue(messageId);
    }
}

/// <summary>Every test of <see cref="OutboxDispatcherTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class OutboxDispatcherTestsOnPostgreSql : OutboxDispatcherTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
