using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>A move is checked against the state it was decided on.</summary>
public class MoveConcurrencyTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_move_decided_on_a_stage_the_onboarding_has_left_is_a_conflict_and_does_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithGateSatisfied().Build());

        var trial = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Cancel);
        var stale = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Hold, Stage.Inquiry, "Customer asked to pause", Cancel);

        trial.Status.Should().Be(OutcomeStatus.Ok);
        stale.Status.Should().Be(OutcomeStatus.Conflict);
        stale.Message.Should().Contain("moved from Inquiry to Trial");
        stale.Conflicts.Should().ContainSingle().Which.Should().Be(new ConflictDetail("Stage", "Inquiry", "Trial", Actors.TeamAdmin.DisplayName));
        var stored = await database.LoadAsync(onboarding.Id);
        stored.Stage.Should().Be(Stage.Trial);
        stored.HoldReason.Should().BeNull();
        await using var db = database.NewContext();
        (await db.Revisions.CountAsync(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.StageMoved, Cancel)).Should().Be(1);
    }

    [Fact]
    public async Task A_move_whose_gate_item_is_changed_while_it_is_being_saved_is_a_conflict_naming_the_item()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).WithGateSatisfied().Build());
        var item = (await database.LoadAsync(onboarding.Id)).ItemByKey("trial.rate-limit");
        Outcome? edit = null;

        // The gate was checked with the 429 test Done; before the move is written, the tech lead reopens it.
        var race = new BeforeFirstSave(async saving => edit = await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(
            onboarding.Id, item.Id, item.Version, ItemUpdate.From(item) with { Status = ItemStatus.InProgress, Evidence = "Retest: 429 handling regressed" }, saving));
        var move = await database.OnboardingServiceFor(Actors.TechLead, race).FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial, cancellationToken: Cancel);

        race.Ran.Should().BeTrue();
        edit!.Status.Should().Be(OutcomeStatus.Ok);
        move.Status.Should().Be(OutcomeStatus.Conflict);
        move.Conflicts.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Subject = item.Title,
            ChangedBy = Actors.TechLead.DisplayName,
        });
        move.Conflicts[0].Theirs.Should().Contain("Status: Done");
        move.Conflicts[0].Stored.Should().Contain("Status: InProgress").And.Contain("Retest: 429 handling regressed");
        var stored = await database.LoadAsync(onboarding.Id);
        stored.Stage.Should().Be(Stage.Trial, "the move was decided on a gate that no longer holds");
        stored.ItemByKey("trial.rate-limit").Status.Should().Be(ItemStatus.InProgress, "the edit that won is kept");
    }

    [Fact]
    public async Task Two_people_making_moves_from_the_same_stage_at_the_same_moment_one_wins_and_the_other_is_told()
    {
        await using var database = await CreateDatabaseAsync();
        for (var round = 0; round < 10; round++)
        {
            var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var hold = Task.Run(async () =>
            {
                await go.Task;
                return await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Hold, Stage.Trial, "Budget approval pending", Cancel);
            }, Cancel);
            var cancel = Task.Run(async () =>
            {
                await go.Task;
                return await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Cancel, Stage.Trial, "Customer chose another vendor", Cancel);
            }, Cancel);
            go.SetResult();
            var outcomes = await Task.WhenAll(hold, cancel);

            outcomes.Select(o => o.Status).Should().BeEquivalentTo([OutcomeStatus.Ok, OutcomeStatus.Conflict]);
            var loser = outcomes.Single(o => o.Status == OutcomeStatus.Conflict);
            loser.Conflicts.Should().Contain(c => c.Subject == "Stage");
            (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(outcomes[0].Succeeded ? Stage.OnHold : Stage.Cancelled);
        }
    }
}

/// <summary>Every test of <see cref="MoveConcurrencyTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class MoveConcurrencyTestsOnPostgreSql : MoveConcurrencyTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
