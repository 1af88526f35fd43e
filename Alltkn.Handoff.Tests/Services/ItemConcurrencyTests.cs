using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>Two people saving the same checklist item: the second gets a conflict that says what changed; nothing of the first is lost.</summary>
public class ItemConcurrencyTests : ProviderTests
{
    private const string Key = "trial.main-models";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_second_save_from_a_stale_copy_gets_a_conflict_with_both_values_and_who_changed_it()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var seen = (await database.LoadAsync(onboarding.Id)).ItemByKey(Key);
        var lead = new ActorBuilder().WithRoles(Role.TechLead).WithId("li-wei").Named("Li Wei").Build();

        var first = await database.OnboardingServiceFor(lead).UpdateItemAsync(onboarding.Id, seen.Id, seen.Version,
            ItemUpdate.From(seen) with { Status = ItemStatus.Done, Evidence = "gpt-4o-mini, claude-sonnet-4 verified" }, Cancel);
        var second = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, seen.Id, seen.Version,
            ItemUpdate.From(seen) with { Status = ItemStatus.InProgress, Evidence = "Only gpt-4o-mini so far" }, Cancel);

        first.Status.Should().Be(OutcomeStatus.Ok);
        second.Status.Should().Be(OutcomeStatus.Conflict);
        second.Message.Should().Contain(seen.Title).And.Contain("nothing was saved");
        second.Conflicts.Should().BeEquivalentTo(
        [
            new ConflictDetail($"{seen.Title} · Status", "InProgress", "Done", "Li Wei"),
            new ConflictDetail($"{seen.Title} · Evidence", "Only gpt-4o-mini so far", "gpt-4o-mini, claude-sonnet-4 verified", "Li Wei"),
        ]);
        var stored = (await database.LoadAsync(onboarding.Id)).ItemByKey(Key);
        stored.Status.Should().Be(ItemStatus.Done);
        stored.Evidence.Should().Be("gpt-4o-mini, claude-sonnet-4 verified");
        stored.CompletedByName.Should().Be("Li Wei");
        (await ItemRevisionsAsync(database, seen.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_save_that_loses_the_race_between_its_check_and_its_write_gets_the_conflict_too()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var seen = (await database.LoadAsync(onboarding.Id)).ItemByKey(Key);
        Outcome? theirs = null;

        // The other person's save lands after this one has loaded and checked the version, just before it writes.
        var race = new BeforeFirstSave(async saving => theirs = await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(
            onboarding.Id, seen.Id, seen.Version, ItemUpdate.From(seen) with { Status = ItemStatus.Done, Evidence = "gpt-4o verified" }, saving));
        var mine = await database.OnboardingServiceFor(Actors.TeamAdmin, race).UpdateItemAsync(onboarding.Id, seen.Id, seen.Version,
            ItemUpdate.From(seen) with { Status = ItemStatus.Blocked, StatusReason = "Trial key revoked by mistake" }, Cancel);

        race.Ran.Should().BeTrue();
        theirs!.Status.Should().Be(OutcomeStatus.Ok);
        mine.Status.Should().Be(OutcomeStatus.Conflict);
        mine.Conflicts.Should().Contain(c => c.Subject == $"{seen.Title} · Status" && c.Theirs == "Blocked" && c.Stored == "Done" && c.ChangedBy == Actors.TechLead.DisplayName);
        var stored = (await database.LoadAsync(onboarding.Id)).ItemByKey(Key);
        stored.Status.Should().Be(ItemStatus.Done);
        stored.Evidence.Should().Be("gpt-4o verified");
        (await ItemRevisionsAsync(database, seen.Id)).Should().ContainSingle().Which.ActorId.Should().Be(Actors.TechLead.UserId);
    }

    [Fact]
    public async Task When_two_people_save_the_same_item_at_the_same_moment_exactly_one_wins_every_time()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithScenario(Scenario.ContractOrCorporatePayment).NeedingEverything().Build());
        var items = onboarding.Items.Where(i => i.EvidenceKind != EvidenceKind.SignOff).Take(20).ToArray();

        foreach (var item in items)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<Outcome> Save(string evidence) => Task.Run(async () =>
            {
                await go.Task;
                return await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
                    ItemUpdate.From(item) with { Status = ItemStatus.InProgress, Evidence = evidence }, Cancel);
            }, Cancel);
            var a = Save($"A: {item.Key}");
            var b = Save($"B: {item.Key}");
            go.SetResult();
            var outcomes = await Task.WhenAll(a, b);

            outcomes.Select(o => o.Status).Should().BeEquivalentTo([OutcomeStatus.Ok, OutcomeStatus.Conflict], $"one save of {item.Key} wins");
            var winner = outcomes[0].Succeeded ? "A" : "B";
            var stored = (await database.LoadAsync(onboarding.Id)).Items.Single(i => i.Id == item.Id);
            stored.Evidence.Should().Be($"{winner}: {item.Key}");
            stored.Version.Should().Be(item.Version + 1);
            (await ItemRevisionsAsync(database, item.Id)).Should().ContainSingle().Which.After.Should().Contain($"{winner}: {item.Key}");
        }
    }

    [Fact]
    public async Task Saving_from_a_stale_copy_exactly_what_is_already_stored_is_no_conflict_and_logs_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var seen = (await database.LoadAsync(onboarding.Id)).ItemByKey(Key);
        var wanted = ItemUpdate.From(seen) with { Status = ItemStatus.Done, Evidence = "gpt-4o-mini verified" };

        (await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, seen.Id, seen.Version, wanted, Cancel)).Status.Should().Be(OutcomeStatus.Ok);
        var again = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, seen.Id, seen.Version, wanted, Cancel);

        again.Status.Should().Be(OutcomeStatus.Ok);
        (await ItemRevisionsAsync(database, seen.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task An_edit_from_before_a_move_conflicts_with_the_move_that_confirmed_the_item()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).WithGateSatisfied().Build());
        var seen = (await database.LoadAsync(onboarding.Id)).ItemByKey(Key);

        (await database.OnboardingServiceFor(Actors.TechLead).FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial, cancellationToken: Cancel))
            .Status.Should().Be(OutcomeStatus.Ok);
        var late = await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, seen.Id, seen.Version,
            ItemUpdate.From(seen) with { Evidence = "Replaced: only gpt-4o-mini" }, Cancel);

        late.Status.Should().Be(OutcomeStatus.Conflict, "the gate was passed on the item as it stood");
        (await database.LoadAsync(onboarding.Id)).ItemByKey(Key).Evidence.Should().Be(seen.Evidence);
    }

    [Fact]
    public async Task An_item_or_onboarding_that_does_not_exist_is_not_found()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var service = database.OnboardingServiceFor(Actors.TeamAdmin);
        var update = new ItemUpdate(ItemStatus.InProgress, null, null, null, null);

        (await service.UpdateItemAsync(onboarding.Id, Guid.NewGuid(), 0, update, Cancel)).Status.Should().Be(OutcomeStatus.NotFound);
        (await service.UpdateItemAsync(Guid.NewGuid(), onboarding.Items.First().Id, 0, update, Cancel)).Status.Should().Be(OutcomeStatus.NotFound);
        (await service.FireAsync(Guid.NewGuid(), Move.Hold, Stage.Inquiry, "Paused", Cancel)).Status.Should().Be(OutcomeStatus.NotFound);
    }

    private static async Task<List<RevisionEntry>> ItemRevisionsAsync(IHandoffTestDatabase database, Guid itemId)
    {
        await using var db = database.NewContext();
        // People's changes: not the due date the template gave the item when its stage started.
        return await db.Revisions.AsNoTracking().Where(r => r.ItemId == itemId && r.Kind == RevisionKind.ItemChanged
                                                            && (r.Reason == null || !r.Reason.StartsWith("From the template"))).ToListAsync(Cancel);
    }
}

/// <summary>Every test of <see cref="ItemConcurrencyTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class ItemConcurrencyTestsOnPostgreSql : ItemConcurrencyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
