using Alltkn.Handoff.App.Data;
using System.Collections.Concurrent;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>Optimistic concurrency on the real file: item and onboarding Version tokens, raised by the domain.</summary>
public class ConcurrencyTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_contexts_saving_the_same_item_from_the_same_version_one_wins_and_the_other_gets_a_concurrency_exception()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var key = "inquiry.use-case";

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
        var theirs = await second.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
        mine.CompleteItem(key, Actors.TeamAdmin, TestClock.Later(1), "Chat assistant; gpt-4o-mini; CNY 20,000 a month");
        theirs.CompleteItem(key, Actors.TeamAdmin, TestClock.Later(2), "Batch summaries; claude-sonnet-4; CNY 5,000 a month");
        first.Revisions.AddRange(mine.PendingRevisions);
        second.Revisions.AddRange(theirs.PendingRevisions);

        await first.SaveChangesAsync(Cancel);
        var late = () => second.SaveChangesAsync(Cancel);

        await late.Should().ThrowAsync<DbUpdateConcurrencyException>();
        var stored = await database.LoadAsync(onboarding.Id);
        stored.ItemByKey(key).Evidence.Should().Be("Chat assistant; gpt-4o-mini; CNY 20,000 a month", "the first save is not overwritten");
        stored.ItemByKey(key).Version.Should().Be(1);
        await using var db = database.NewContext();
        (await db.Revisions.Where(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.ItemChanged && r.Before != "Due: —").Select(r => r.After).ToListAsync(Cancel))
            .Should().ContainSingle().Which.Should().Contain("CNY 20,000", "the loser's revision entry went down with its save");
    }

    [Fact]
    public async Task Two_contexts_moving_the_same_onboarding_from_the_same_version_one_wins()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
        var theirs = await second.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
        mine.Hold("Budget approval pending", Actors.TeamAdmin, TestClock.Later());
        theirs.Cancel("Customer chose another vendor", Actors.TeamAdmin, TestClock.Later());

        await first.SaveChangesAsync(Cancel);
        var late = () => second.SaveChangesAsync(Cancel);

        await late.Should().ThrowAsync<DbUpdateConcurrencyException>();
        (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.OnHold);
    }

    [Fact]
    public async Task Four_hundred_updates_of_distinct_items_from_eight_parallel_tasks_all_land_with_one_revision_each()
    {
        const int tasks = 8;
        const int updatesPerTask = 50;
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithScenario(Scenario.ContractOrCorporatePayment).NeedingEverything().Build());
        var items = onboarding.Items.Where(i => i.EvidenceKind != EvidenceKind.SignOff && i.EvidenceField is null).OrderBy(i => i.SortOrder).ToArray();
        items.Length.Should().BeGreaterThanOrEqualTo(tasks * 3, "every task gets several items of its own");
        var revisionsBefore = await database.RevisionCountAsync(onboarding.Id);

        // Each task owns every eighth item and writes 50 distinct evidence values, round robin over its items,
        // each from the version it last saw: eight people (team admins may edit every item), all at once.
        var outcomes = new ConcurrentBag<(string Value, Outcome Outcome)>();
        var written = new ConcurrentDictionary<Guid, List<string>>();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var person = new Actor($"admin-{t}", $"Admin {t}", [Role.TeamAdmin]);
            var service = database.OnboardingServiceFor(person);
            var mine = items.Where((_, index) => index % tasks == t).ToArray();
            var versions = mine.ToDictionary(i => i.Id, i => i.Version);
            await go.Task;
            for (var n = 0; n < updatesPerTask; n++)
            {
                var item = mine[n % mine.Length];
                var value = $"Note {t}-{n:00} on {item.Key}";
                var outcome = await service.UpdateItemAsync(onboarding.Id, item.Id, versions[item.Id],
                    new ItemUpdate(ItemStatus.InProgress, value, null, $"Admin {t}", null), Cancel);
                outcomes.Add((value, outcome));
                written.GetOrAdd(item.Id, _ => []).Add(value);
                versions[item.Id]++;
            }
        }, Cancel)).ToArray();
        go.SetResult();
        await Task.WhenAll(workers);

        outcomes.Should().HaveCount(tasks * updatesPerTask);
        outcomes.Where(o => o.Outcome.Status != OutcomeStatus.Ok)
            .Select(o => $"{o.Value}: {o.Outcome.Status} {o.Outcome.Message}").Should().BeEmpty();
        outcomes.Select(o => o.Value).Should().OnlyHaveUniqueItems();

        await using var db = database.NewContext();
        var logged = await db.Revisions.AsNoTracking()
            .Where(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.ItemChanged
                        && (r.Reason == null || !r.Reason.StartsWith("From the template")))
            .ToListAsync(Cancel);
        logged.Should().HaveCount(tasks * updatesPerTask);
        (await database.RevisionCountAsync(onboarding.Id)).Should().Be(revisionsBefore + tasks * updatesPerTask);
        var loggedValues = logged.Select(r => r.After!).ToArray();
        foreach (var (value, _) in outcomes)
        {
            loggedValues.Where(after => after.Contains($"Evidence: {value}", StringComparison.Ordinal)).Should().ContainSingle($"'{value}' is logged exactly once");
        }
        var stored = await database.LoadAsync(onboarding.Id);
        written.Keys.Should().HaveCount(items.Length, "every item got updates");
        foreach (var (itemId, values) in written)
        {
            var item = stored.Items.Single(i => i.Id == itemId);
            item.Version.Should().Be(values.Count, $"{item.Key} was written {values.Count} times");
            item.Evidence.Should().Be(values[^1], "the last write of its task is what is stored");
        }
        stored.Version.Should().Be(onboarding.Version, "item changes never touch the onboarding's own row");
    }

    [Fact]
    public async Task Two_people_changing_different_items_of_one_onboarding_at_the_same_moment_both_succeed()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var keyOwnership = onboarding.ItemByKey("trial.account-key-ownership");
        var rateLimit = onboarding.ItemByKey("trial.rate-limit");

        for (var round = 0; round < 10; round++)
        {
            var current = await database.LoadAsync(onboarding.Id);
            var a = current.Items.Single(i => i.Id == keyOwnership.Id);
            var b = current.Items.Single(i => i.Id == rateLimit.Id);
            var outcomes = await Task.WhenAll(
                Task.Run(() => database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, a.Id, a.Version,
                    ItemUpdate.From(a) with { Status = ItemStatus.Done, Evidence = $"ops@acme.example, group trial-{round}, key sk-AbCd**********WxYz" }, Cancel), Cancel),
                Task.Run(() => database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, b.Id, b.Version,
                    ItemUpdate.From(b) with { Status = ItemStatus.Done, Evidence = $"429 at 10:0{round} UTC, gpt-4o-mini" }, Cancel), Cancel));

            outcomes.Should().AllSatisfy(o => o.Status.Should().Be(OutcomeStatus.Ok, o.Message));
        }
        var stored = await database.LoadAsync(onboarding.Id);
        stored.Items.Single(i => i.Id == keyOwnership.Id).Evidence.Should().Contain("trial-9");
        stored.Items.Single(i => i.Id == rateLimit.Id).Evidence.Should().Be("429 at 10:09 UTC, gpt-4o-mini");
    }
}

/// <summary>Every test of <see cref="ConcurrencyTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class ConcurrencyTestsOnPostgreSql : ConcurrencyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
