using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// Work that must happen once, done by several instances at once on a real PostgreSQL server: reminders made by
/// schedulers running together (the outbox's unique key refuses the second, reported as PostgreSQL's unique violation),
/// and two create requests with one Idempotency-Key opening one onboarding. Each test has a database of its own.
/// </summary>
public sealed class PostgreSqlOnceTests
{
    private static readonly Actor SecondLead = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-second").Named("Second Lead").Build();
    private static readonly DateOnly Due = new(2026, 11, 25);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ReminderScheduler Reminders(PostgreSqlDatabase database) =>
        new(database.Contexts, database.Clock, Options.Create(new NotificationOptions()));

    [Fact]
    public async Task Schedulers_of_several_instances_running_at_once_make_each_reminder_once()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        await database.Contexts.AddPersonAsync(Actors.TechLead);
        await database.Contexts.AddPersonAsync(SecondLead);
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build();
        foreach (var other in onboarding.Items.Where(i => i.DueDate is not null).ToList())
        {
            onboarding.UpdateItem(other.Id, ItemUpdate.From(other) with { DueDate = null }, Actors.TeamAdmin, TestClock.Now);
        }
        var item = onboarding.ItemByKey("trial.stream");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = Due }, Actors.TechLead, TestClock.Now);
        await database.SaveAsync(onboarding);

        // The day before, after the reminder hour (UTC, no time zone chosen), then the day itself: four instances each time.
        foreach (var at in new[] { new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc) })
        {
            database.Clock.UtcNow = at;
            var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Reminders(database).RunAsync(Ct), Ct)));
            made.Sum().Should().Be(2, "one reminder per tech lead, however many schedulers ran");
        }

        var reminders = (await database.Contexts.OutboxAsync()).Where(m => m.DedupeKey!.StartsWith("remind:", StringComparison.Ordinal))
            .Select(m => NotificationEvent.FromJson(m.Payload)).ToList();
        reminders.Select(e => (e.UserIds.Single(), e.Kind)).Should().BeEquivalentTo(new[]
        {
            (Actors.TechLead.UserId, NotificationKind.DueTomorrow), (SecondLead.UserId, NotificationKind.DueTomorrow),
            (Actors.TechLead.UserId, NotificationKind.DueToday), (SecondLead.UserId, NotificationKind.DueToday),
        });
        await Task.WhenAll(Task.Run(() => database.Contexts.Dispatcher(database.Clock, "a").DrainAsync(), Ct),
            Task.Run(() => database.Contexts.Dispatcher(database.Clock, "b").DrainAsync(), Ct));
        (await database.Contexts.NotificationsAsync()).Should().HaveCount(4);
    }

    [Fact]
    public async Task Two_create_requests_with_one_idempotency_key_at_once_open_one_onboarding()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        await database.Contexts.AddPersonAsync(Actors.TeamAdmin);
        var details = new DetailsBuilder().ForCustomer("Keyed Customer").Build();
        var key = new CreateRequestKey("crm-deal-4711", "fingerprint-of-the-request");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            database.OnboardingServiceFor(Actors.TeamAdmin).CreateAsync(Scenario.EnterpriseTrial, details, key, Ct), Ct)));

        outcomes.Should().OnlyContain(o => o.Succeeded);
        outcomes.Select(o => o.Value).Distinct().Should().ContainSingle("every request with the key gets the one onboarding");
        outcomes.Count(o => o.Code == OnboardingService.ReplayedCode).Should().Be(3);
        await using var db = database.NewContext();
        (await db.Onboardings.CountAsync(Ct)).Should().Be(1);
        (await db.Set<IdempotencyKey>().CountAsync(Ct)).Should().Be(1);
    }
}
