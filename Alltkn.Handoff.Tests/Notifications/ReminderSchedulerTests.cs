using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// Due-date reminders driven by a fake clock through days and time zones: due tomorrow, due today, overdue then every 2
/// working days at most, each made once per item, due date and person — with two schedulers and a restart in between.
/// </summary>
public class ReminderSchedulerTests : ProviderTests
{
    private static readonly Actor InShanghai = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-shanghai").Named("Li Wei").Build();
    private static readonly Actor InLosAngeles = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-la").Named("Lee Way").Build();
    private static readonly DateOnly Due = new(2026, 11, 25); // a Wednesday

    private async Task<(IHandoffTestDatabase Database, Onboarding Onboarding)> ArrangeAsync(Action<Onboarding>? change = null)
    {
        var database = await CreateDatabaseAsync();
        database.Clock.UtcNow = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        await database.AddPersonAsync(InShanghai, language: "zh-CN", timeZone: "Asia/Shanghai");
        await database.AddPersonAsync(InLosAngeles, language: "en", timeZone: "America/Los_Angeles");
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build();
        // Only this item is due: the dates the template gave the stage's other items are taken off.
        foreach (var other in onboarding.Items.Where(i => i.DueDate is not null).ToList())
        {
            onboarding.UpdateItem(other.Id, ItemUpdate.From(other) with { DueDate = null }, Actors.TeamAdmin, TestClock.Now);
        }
        var item = onboarding.ItemByKey("trial.stream");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = Due }, Actors.TechLead, TestClock.Now);
        change?.Invoke(onboarding);
        await database.SaveAsync(onboarding);
        return (database, onboarding);
    }

    /// <summary>Two hours at a time (8:00 falls on a step in both zones), two schedulers each step; the app restarts halfway.</summary>
    private static async Task WalkAsync(IHandoffTestDatabase database, DateTime untilUtc)
    {
        var restarted = false;
        while (database.Clock.UtcNow < untilUtc)
        {
            await Task.WhenAll(database.Reminders().RunAsync(TestContext.Current.CancellationToken),
                database.Reminders().RunAsync(TestContext.Current.CancellationToken));
            if (!restarted && database.Clock.UtcNow >= new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc))
            {
                await database.RestartAsync();
                restarted = true;
            }
            database.Clock.Advance(TimeSpan.FromHours(2));
        }
    }

    private static async Task<List<(string Person, NotificationKind Kind, DateTime MadeAtUtc, string Key)>> RemindersAsync(IHandoffTestDatabase database) =>
        [.. (await database.OutboxAsync()).Where(m => m.DedupeKey?.StartsWith("remind:", StringComparison.Ordinal) == true)
            .Select(m => (NotificationEvent.FromJson(m.Payload), m))
            .Select(p => (p.Item1.UserIds.Single(), p.Item1.Kind, p.m.CreatedAtUtc, p.m.DedupeKey!))];

    [Theory]
    [InlineData("2026-11-24", NotificationKind.Overdue, false)]
    [InlineData("2026-11-25", NotificationKind.DueToday, true)]
    [InlineData("2026-11-24", NotificationKind.DueTomorrow, true)]
    [InlineData("2026-11-26", NotificationKind.Overdue, true)]
    [InlineData("2026-11-27", NotificationKind.Overdue, true)]
    public void The_kind_of_reminder_follows_the_person_s_day(string today, NotificationKind kind, bool expected)
    {
        var plan = ReminderScheduler.Plan(Due, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        (plan?.Kind == kind).Should().Be(expected);
    }

    [Fact]
    public void Overdue_comes_again_every_two_working_days_and_never_on_a_weekend_alone()
    {
        var rounds = Enumerable.Range(1, 10).Select(d => Due.AddDays(d))
            .Select(day => (day.DayOfWeek, ReminderScheduler.Plan(Due, day)!.Value.Round)).ToList();

        // Thu, Fri: round 0; Sat, Sun: still 0; Mon, Tue: 1; Wed, Thu: 2; Fri, Sat: 3.
        rounds.Select(r => r.Round).Should().Equal(":0", ":0", ":0", ":0", ":1", ":1", ":2", ":2", ":3", ":3");
    }

    [Fact]
    public async Task Two_schedulers_and_a_restart_make_each_reminder_once_at_eight_in_each_person_s_own_time_zone()
    {
        var (database, _) = await ArrangeAsync();
        await using var _database = database;

        await WalkAsync(database, new DateTime(2026, 12, 3, 0, 30, 0, DateTimeKind.Utc));

        var reminders = await RemindersAsync(database);
        foreach (var person in new[] { InShanghai.UserId, InLosAngeles.UserId })
        {
            reminders.Where(r => r.Person == person).Select(r => r.Kind).Should().Equal(
                NotificationKind.DueTomorrow, NotificationKind.DueToday, NotificationKind.Overdue, NotificationKind.Overdue, NotificationKind.Overdue);
            reminders.Where(r => r.Person == person).Select(r => r.Key).Should().OnlyHaveUniqueItems();
        }
        // 08:00 on 24 November is 00:00 UTC in Shanghai and 16:00 UTC in Los Angeles.
        reminders.Single(r => r.Person == InShanghai.UserId && r.Kind == NotificationKind.DueTomorrow).MadeAtUtc
            .Should().Be(new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc));
        reminders.Single(r => r.Person == InLosAngeles.UserId && r.Kind == NotificationKind.DueTomorrow).MadeAtUtc
            .Should().Be(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc));
        // Overdue on Thursday, then Monday (not over the weekend), then Wednesday, in Shanghai.
        reminders.Where(r => r.Person == InShanghai.UserId && r.Kind == NotificationKind.Overdue).Select(r => r.MadeAtUtc.Date)
            .Should().Equal(new DateTime(2026, 11, 26), new DateTime(2026, 11, 30), new DateTime(2026, 12, 2));

        var dispatcher = database.Dispatcher("one");
        await dispatcher.DrainAsync();
        var notifications = await database.NotificationsAsync();
        notifications.Should().HaveCount(10);
        // By kind, not by order: rows delivered in one batch under the test's still clock have one time, and their ids (v7)
        // are ordered only to the millisecond.
        notifications.Single(n => n.RecipientId == InShanghai.UserId && n.Kind == NotificationKind.DueTomorrow).Subject
            .Should().Be("Acme Robotics：“stream 流式响应已验证”明天到期（2026-11-25）");
        notifications.Single(n => n.RecipientId == InLosAngeles.UserId && n.Kind == NotificationKind.DueTomorrow).Subject.Should().Be("Acme Robotics: “Streaming response verified” is due tomorrow (2026-11-25)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_item_whose_assignee_has_left_the_team_is_reminded_to_the_holders_of_its_owner_role(bool disabled)
    {
        var (database, _) = await ArrangeAsync(o =>
        {
            var item = o.ItemByKey("trial.stream");
            o.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeUserId = InShanghai.UserId, AssigneeName = InShanghai.DisplayName },
                Actors.TeamAdmin, TestClock.Now);
        });
        await using var _database = database;
        if (disabled)
        {
            await database.DisableAsync(InShanghai.UserId);
        }
        else
        {
            await database.TakeRolesAwayAsync(InShanghai.UserId);
        }

        // 08:00 on the due day in Los Angeles is 16:00 UTC.
        await WalkAsync(database, new DateTime(2026, 11, 25, 17, 0, 0, DateTimeKind.Utc));
        await database.Dispatcher("one").DrainAsync();

        var notifications = await database.NotificationsAsync();
        notifications.Where(n => n.RecipientId == InLosAngeles.UserId).Select(n => n.Kind)
            .Should().BeEquivalentTo([NotificationKind.DueTomorrow, NotificationKind.DueToday], "the other tech lead holds the item's owner role");
        notifications.Should().NotContain(n => n.RecipientId == InShanghai.UserId, "he is no longer on the team");
    }

    [Fact]
    public async Task An_onboarding_on_hold_is_not_reminded()
    {
        var (database, _) = await ArrangeAsync(o => o.Hold(OnboardingBuilder.HoldReason, Actors.TeamAdmin, TestClock.Now));
        await using var _database = database;

        await WalkAsync(database, new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc));

        (await RemindersAsync(database)).Should().BeEmpty();
    }
}

/// <summary>Every test of <see cref="ReminderSchedulerTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class ReminderSchedulerTestsOnPostgreSql : ReminderSchedulerTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
