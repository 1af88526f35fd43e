using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// The background worker's rounds read the workspace's due items only when what is due can have changed: the whole
/// workspace once per quarter of an hour, in between only the onboardings whose changes were heard, and nothing else.
/// Onboardings saved here without telling the notifier stand for what a round must not read again.
/// </summary>
public sealed class NotificationWorkerReminderTests : ProviderTests
{
    private static readonly Actor Lead = new ActorBuilder().WithRoles(Role.TechLead).WithId("lead-utc").Named("Lin Utc").Build();
    private static readonly DateTime NineUtc = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NotificationWorker WorkerOf(IHandoffTestDatabase database) =>
        new(database.Reminders(), database.Digests(), database.Dispatcher("worker"), database.Notifier, database.Clock,
            Options.Create(new NotificationOptions()), NullLogger<NotificationWorker>.Instance);

    /// <summary>An onboarding whose one dated item (the tech lead's) is due tomorrow, saved without telling the notifier.</summary>
    private static async Task<(Guid Onboarding, Guid Item)> DueTomorrowAsync(IHandoffTestDatabase database, string customer)
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).AtStage(Stage.Trial).Build();
        foreach (var other in onboarding.Items.Where(i => i.DueDate is not null).ToList())
        {
            onboarding.UpdateItem(other.Id, ItemUpdate.From(other) with { DueDate = null }, Actors.TeamAdmin, TestClock.Now);
        }
        var item = onboarding.ItemByKey("trial.stream");
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = DateOnly.FromDateTime(NineUtc).AddDays(1) }, Actors.TechLead, TestClock.Now);
        await database.SaveAsync(onboarding);
        return (onboarding.Id, item.Id);
    }

    private static async Task<bool> RemindedAsync(IHandoffTestDatabase database, (Guid Onboarding, Guid Item) due) =>
        (await database.OutboxAsync()).Any(m => m.DedupeKey?.StartsWith($"remind:{NotificationKind.DueTomorrow}:{due.Item:N}:", StringComparison.Ordinal) == true);

    private async Task<(IHandoffTestDatabase Database, NotificationWorker Worker)> ArrangeAsync()
    {
        var database = await CreateDatabaseAsync();
        database.Clock.UtcNow = NineUtc;
        await database.AddPersonAsync(Lead);
        return (database, WorkerOf(database));
    }

    [Fact]
    public async Task Within_a_quarter_hour_a_round_reads_only_the_onboardings_changed_since_the_last_and_the_next_quarter_reads_them_all()
    {
        var (database, worker) = await ArrangeAsync();
        await using var _database = database;
        var first = await DueTomorrowAsync(database, "Acme Robotics");
        await worker.RoundAsync(Ct);
        (await RemindedAsync(database, first)).Should().BeTrue("the first round reads the whole workspace");

        var unheard = await DueTomorrowAsync(database, "Borealis Foods");
        database.Clock.UtcNow = NineUtc.AddMinutes(5);
        await worker.RoundAsync(Ct);
        (await RemindedAsync(database, unheard)).Should().BeFalse("nothing was heard since the last round in this quarter hour");

        var heard = await DueTomorrowAsync(database, "Cobalt Mining");
        database.Notifier.Publish(new WorkspaceChange(heard.Onboarding, Actors.TeamAdmin.UserId));
        database.Clock.UtcNow = NineUtc.AddMinutes(10);
        await worker.RoundAsync(Ct);
        (await RemindedAsync(database, heard)).Should().BeTrue("its onboarding's change was heard");
        (await RemindedAsync(database, unheard)).Should().BeFalse("only the changed onboarding was read");

        database.Clock.UtcNow = NineUtc.AddMinutes(15);
        await worker.RoundAsync(Ct);
        (await RemindedAsync(database, unheard)).Should().BeTrue("a new quarter hour reads the whole workspace again");
    }

    [Fact]
    public async Task A_change_of_people_makes_the_next_round_read_the_whole_workspace()
    {
        var (database, worker) = await ArrangeAsync();
        await using var _database = database;
        await worker.RoundAsync(Ct);
        var unheard = await DueTomorrowAsync(database, "Borealis Foods");

        database.Notifier.Publish(new WorkspaceChange(null, Actors.TeamAdmin.UserId));
        database.Clock.UtcNow = NineUtc.AddMinutes(1);
        await worker.RoundAsync(Ct);

        (await RemindedAsync(database, unheard)).Should().BeTrue("a change of no onboarding cannot be placed, so every onboarding is read");
    }
}
