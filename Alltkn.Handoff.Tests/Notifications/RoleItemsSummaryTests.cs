using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// Past a few items of their roles (no one assigned) due on their day, a person gets one summary for that day with the
/// counts instead of a reminder per item; a few are still reminded one by one, and items assigned to them always are.
/// Made once a day, however often the scheduler runs; counted over the whole workspace even when a run reads only the
/// onboardings changed.
/// </summary>
public class RoleItemsSummaryTests : ProviderTests
{
    private static readonly Actor Lead = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-many").Named("Lin Many").Build();
    private static readonly Actor LeadInChinese = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-zh").Named("Li Zhong").Build();
    private static readonly DateTime NineUtc = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc); // a Wednesday
    private static readonly DateOnly Today = DateOnly.FromDateTime(NineUtc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IHandoffTestDatabase> ArrangeAsync()
    {
        var database = await CreateDatabaseAsync();
        database.Clock.UtcNow = NineUtc;
        await database.AddPersonAsync(Lead, language: "en");
        await database.AddPersonAsync(LeadInChinese, language: "zh-CN");
        return database;
    }

    /// <summary>An onboarding whose one dated item (the tech lead's) is due on <paramref name="due"/>, maybe assigned.</summary>
    private static async Task<(Guid Onboarding, Guid Item)> DueAsync(IHandoffTestDatabase database, string customer, DateOnly due, Actor? assignee = null)
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).AtStage(Stage.Trial).Build();
        foreach (var other in onboarding.Items.Where(i => i.DueDate is not null).ToList())
        {
            onboarding.UpdateItem(other.Id, ItemUpdate.From(other) with { DueDate = null }, Actors.TeamAdmin, TestClock.Now);
        }
        var item = onboarding.ItemByKey("trial.stream");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with
        {
            DueDate = due, AssigneeUserId = assignee?.UserId, AssigneeName = assignee?.DisplayName,
        }, Actors.TeamAdmin, TestClock.Now);
        await database.SaveAsync(onboarding);
        return (onboarding.Id, item.Id);
    }

    /// <summary>Two overdue, two due today, one due tomorrow: five items of the tech leads' role, no one assigned.</summary>
    private static async Task<List<(Guid Onboarding, Guid Item)>> FiveDueAsync(IHandoffTestDatabase database) =>
    [
        await DueAsync(database, "Acme Robotics", Today.AddDays(-3)),
        await DueAsync(database, "Borealis Foods", Today.AddDays(-1)),
        await DueAsync(database, "Cobalt Mining", Today),
        await DueAsync(database, "Delta Freight", Today),
        await DueAsync(database, "Ember Health", Today.AddDays(1)),
    ];

    private static async Task<List<(string Person, NotificationEvent Event, string Key)>> MadeAsync(IHandoffTestDatabase database) =>
        [.. (await database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Notification)
            .Select(m => NotificationEvent.FromJson(m.Payload) is var e ? (e.UserIds.Single(), e, m.DedupeKey!) : default)];

    [Fact]
    public async Task A_person_with_no_more_items_of_their_roles_due_than_the_threshold_is_reminded_of_each()
    {
        await using var database = await ArrangeAsync();
        await DueAsync(database, "Acme Robotics", Today.AddDays(-1));
        await DueAsync(database, "Borealis Foods", Today);
        await DueAsync(database, "Cobalt Mining", Today.AddDays(1));

        await database.Reminders().RunAsync(Ct);

        var made = await MadeAsync(database);
        new NotificationOptions().RoleRemindersPerItemAtMost.Should().Be(3);
        made.Where(m => m.Person == Lead.UserId).Select(m => m.Event.Kind)
            .Should().BeEquivalentTo([NotificationKind.Overdue, NotificationKind.DueToday, NotificationKind.DueTomorrow]);
        made.Should().NotContain(m => m.Event.Kind == NotificationKind.RoleItemsDue);
    }

    [Fact]
    public async Task Past_the_threshold_a_person_gets_one_summary_with_the_counts_and_no_reminder_per_item()
    {
        await using var database = await ArrangeAsync();
        await FiveDueAsync(database);

        await database.Reminders().RunAsync(Ct);

        var made = await MadeAsync(database);
        foreach (var person in new[] { Lead.UserId, LeadInChinese.UserId })
        {
            var mine = made.Where(m => m.Person == person).ToList();
            mine.Should().ContainSingle();
            mine[0].Event.Kind.Should().Be(NotificationKind.RoleItemsDue);
            mine[0].Event.Counts.Should().Be(new DueCounts(Overdue: 2, DueToday: 2, DueTomorrow: 1));
            mine[0].Event.DueDate.Should().Be(Today);
            mine[0].Key.Should().Be($"remind-summary:20261125:{person}");
        }

        await database.Dispatcher("one").DrainAsync();
        var notifications = await database.NotificationsAsync();
        notifications.Should().HaveCount(2).And.OnlyContain(n => n.Kind == NotificationKind.RoleItemsDue && n.Link == "/my-items");
        notifications.Single(n => n.RecipientId == Lead.UserId).Subject
            .Should().Be("5 items of your roles need attention: 2 overdue, 2 due today, 1 due tomorrow");
        notifications.Single(n => n.RecipientId == LeadInChinese.UserId).Subject
            .Should().Be("你的角色有 5 项事项需要处理：2 项已逾期，2 项今天到期，1 项明天到期");
    }

    [Fact]
    public async Task Items_assigned_to_the_person_are_reminded_one_by_one_and_not_counted_in_the_summary()
    {
        await using var database = await ArrangeAsync();
        await FiveDueAsync(database);
        var mineToday = await DueAsync(database, "Fjord Energy", Today, assignee: Lead);
        var mineOverdue = await DueAsync(database, "Granite Bank", Today.AddDays(-2), assignee: Lead);

        await database.Reminders().RunAsync(Ct);

        var mine = (await MadeAsync(database)).Where(m => m.Person == Lead.UserId).ToList();
        mine.Single(m => m.Event.Kind == NotificationKind.RoleItemsDue).Event.Counts.Should().Be(new DueCounts(2, 2, 1));
        mine.Where(m => m.Event.Kind != NotificationKind.RoleItemsDue).Select(m => (m.Event.Kind, m.Event.ItemId))
            .Should().BeEquivalentTo([(NotificationKind.DueToday, (Guid?)mineToday.Item), (NotificationKind.Overdue, (Guid?)mineOverdue.Item)]);
        (await MadeAsync(database)).Where(m => m.Person == LeadInChinese.UserId).Select(m => m.Event.Kind)
            .Should().Equal(NotificationKind.RoleItemsDue);
    }

    [Fact]
    public async Task A_rerun_the_same_day_makes_nothing_more_whether_more_items_came_due_or_fewer_are_left()
    {
        await using var database = await ArrangeAsync();
        var five = await FiveDueAsync(database);
        await Task.WhenAll(database.Reminders().RunAsync(Ct), database.Reminders().RunAsync(Ct));
        var first = await MadeAsync(database);

        database.Clock.UtcNow = NineUtc.AddHours(3);
        var more = await DueAsync(database, "Fjord Energy", Today);
        await database.Reminders().RunAsync(Ct);
        await database.Reminders().RunAsync(new HashSet<Guid> { more.Onboarding }, Ct);
        await using (var db = database.NewContext())
        {
            // All but two are no longer due: under the threshold, but the day's summary is made already.
            var undated = five.Skip(2).Select(f => f.Item).Append(more.Item).ToArray();
            await db.HandoffItems.Where(i => undated.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.DueDate, (DateOnly?)null), Ct);
        }
        database.Clock.UtcNow = NineUtc.AddHours(6);
        await database.Reminders().RunAsync(Ct);

        first.Should().HaveCount(2);
        (await MadeAsync(database)).Select(m => m.Key).Should().BeEquivalentTo(first.Select(m => m.Key));
    }

    [Fact]
    public async Task The_next_day_makes_a_new_summary_of_what_is_due_then()
    {
        await using var database = await ArrangeAsync();
        await FiveDueAsync(database);
        await database.Reminders().RunAsync(Ct);

        database.Clock.UtcNow = NineUtc.AddDays(1);
        await database.Reminders().RunAsync(Ct);

        var summaries = (await MadeAsync(database)).Where(m => m.Person == Lead.UserId).ToList();
        summaries.Select(m => m.Key).Should().Equal($"remind-summary:20261125:{Lead.UserId}", $"remind-summary:20261126:{Lead.UserId}");
        summaries[1].Event.Counts.Should().Be(new DueCounts(Overdue: 4, DueToday: 1, DueTomorrow: 0));
        summaries[1].Event.DueDate.Should().Be(Today.AddDays(1));
    }

    [Fact]
    public async Task A_run_over_the_onboardings_changed_counts_the_items_of_the_whole_workspace()
    {
        await using var database = await ArrangeAsync();
        var five = await FiveDueAsync(database);

        await database.Reminders().RunAsync(new HashSet<Guid> { five[2].Onboarding }, Ct);

        var made = await MadeAsync(database);
        made.Should().HaveCount(2).And.OnlyContain(m => m.Event.Kind == NotificationKind.RoleItemsDue);
        made.Select(m => m.Event.Counts).Should().AllBeEquivalentTo(new DueCounts(2, 2, 1));
    }

    [Fact]
    public async Task An_item_whose_assignee_has_left_the_team_counts_as_the_role_s_also_in_a_run_over_the_onboardings_changed()
    {
        await using var database = await ArrangeAsync();
        var departed = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-gone").Named("Gone Lead").Build();
        await database.AddPersonAsync(departed);
        await database.TakeRolesAwayAsync(departed.UserId);
        var five = await FiveDueAsync(database);
        await DueAsync(database, "Fjord Energy", Today, assignee: departed);

        await database.Reminders().RunAsync(new HashSet<Guid> { five[2].Onboarding }, Ct);

        var made = await MadeAsync(database);
        made.Should().HaveCount(2).And.OnlyContain(m => m.Event.Kind == NotificationKind.RoleItemsDue);
        made.Select(m => m.Event.Counts).Should().AllBeEquivalentTo(new DueCounts(2, 3, 1), "Fjord Energy's item is the tech leads' now");
    }

    [Fact]
    public async Task A_run_over_the_onboardings_changed_does_not_count_the_workspace_once_everyone_has_today_s_summary()
    {
        await using var database = await ArrangeAsync();
        var five = await FiveDueAsync(database);
        var queries = new CommandRecorder();
        var reminders = new ReminderScheduler(database.ContextsWith(queries), database.Clock, Options.Create(new NotificationOptions()));

        await reminders.RunAsync(new HashSet<Guid> { five[2].Onboarding }, Ct);
        queries.Commands.Should().Contain(c => c.Sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase), "nobody has a summary yet: the workspace's items of their roles are counted");
        var first = await MadeAsync(database);
        first.Should().HaveCount(2).And.OnlyContain(m => m.Event.Kind == NotificationKind.RoleItemsDue);

        queries.Clear();
        database.Clock.UtcNow = NineUtc.AddHours(1);
        var more = await DueAsync(database, "Fjord Energy", Today);
        await reminders.RunAsync(new HashSet<Guid> { more.Onboarding }, Ct);

        queries.Commands.Should().NotContain(c => c.Sql.Contains("GROUP BY", StringComparison.OrdinalIgnoreCase), "everyone who could get a summary today has it: the count could change nothing");
        (await MadeAsync(database)).Select(m => m.Key).Should().BeEquivalentTo(first.Select(m => m.Key), "nothing more is made that day for items of their roles");
    }

    [Fact]
    public async Task A_person_whose_reminder_hour_has_not_come_gets_no_summary_yet()
    {
        await using var database = await ArrangeAsync();
        await FiveDueAsync(database);
        database.Clock.UtcNow = NineUtc.Date.AddHours(7);

        await database.Reminders().RunAsync(Ct);

        (await MadeAsync(database)).Should().BeEmpty();
    }
}

/// <summary>Every test of <see cref="RoleItemsSummaryTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class RoleItemsSummaryTestsOnPostgreSql : RoleItemsSummaryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
