using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>Open pages hear of a change after it is saved, and only then.</summary>
public class ChangeNotificationTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_saved_change_is_announced_once_after_it_is_stored()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var item = onboarding.ItemByKey("inquiry.contact-type");
        var heard = new List<(WorkspaceChange Change, string? StoredEvidence)>();
        // A page reloads what it shows when it hears of a change: by then the change must be in the database.
        using var listening = new HeardChanges(database.Notifier, change => heard.Add((change,
            database.LoadAsync(change.OnboardingId!.Value).GetAwaiter().GetResult().ItemByKey("inquiry.contact-type").Evidence)));

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "Enterprise trial declared on the first call" }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok);
        heard.Should().ContainSingle();
        heard[0].Change.Should().BeEquivalentTo(new WorkspaceChange(onboarding.Id, Actors.TeamAdmin.UserId) { Stages = [Stage.Inquiry] });
        heard[0].StoredEvidence.Should().Be("Enterprise trial declared on the first call");
    }

    [Fact]
    public async Task Refused_conflicting_and_empty_changes_are_not_announced()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.rate-limit");
        using var heard = new HeardChanges(database.Notifier);

        (await database.OnboardingServiceFor(Actors.TechLead).FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial, cancellationToken: Cancel))
            .Status.Should().Be(OutcomeStatus.Refused, "the trial's gate is not met");
        (await database.OnboardingServiceFor(Actors.Viewer).FireAsync(onboarding.Id, Move.Hold, Stage.Trial, "Paused", Cancel))
            .Status.Should().Be(OutcomeStatus.Forbidden);
        (await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version + 3, ItemUpdate.From(item) with { Evidence = "429 seen" }, Cancel))
            .Status.Should().Be(OutcomeStatus.Conflict);
        (await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version, ItemUpdate.From(item), Cancel))
            .Status.Should().Be(OutcomeStatus.Ok, "saving an unchanged item is fine, and changes nothing");

        heard.All.Should().BeEmpty();
    }

    [Fact]
    public async Task A_page_whose_handler_throws_neither_fails_the_save_nor_deafens_the_other_pages()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        using var failing = database.Notifier.SubscribeToOnboarding(onboarding.Id, () => throw new InvalidOperationException("A page's circuit is gone"));
        using var heard = new HeardChanges(database.Notifier);

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Hold, Stage.Inquiry, "Budget approval pending", Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok);
        heard.All.Should().ContainSingle();
        (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.OnHold);
    }

    [Fact]
    public async Task A_save_returns_without_waiting_for_the_pages_that_hear_of_it()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var item = onboarding.ItemByKey("inquiry.contact-type");
        // The app's notifier as registered (reloads queued to the thread pool), with one page whose reload blocks.
        var notifier = new ChangeNotifier();
        using var release = new ManualResetEventSlim();
        var reloading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = notifier.SubscribeToOnboarding(onboarding.Id, () =>
        {
            reloading.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(30));
            return Task.CompletedTask;
        });
        var service = ActivatorUtilities.CreateInstance<OnboardingService>(database.Services, new TestActor(Actors.TeamAdmin), notifier);

        var save = Task.Run(() => service.UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Evidence = "Declared on the first call" }, Cancel), Cancel);
        var returned = await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(10), Cancel)) == save;
        await reloading.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        release.Set();

        returned.Should().BeTrue("the page's reload runs elsewhere; the save does not wait for it");
        (await save).Status.Should().Be(OutcomeStatus.Ok);
    }

    [Fact]
    public async Task Pages_hear_of_a_change_after_the_onboarding_is_out_of_line()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var item = onboarding.ItemByKey("inquiry.contact-type");
        bool? lineFree = null;
        // The test database's notifier runs reloads inline, inside the save's call: whatever a page does then (here:
        // another flow of work taking the onboarding's line, as the next save would) happens while the call is running.
        using var page = database.Notifier.SubscribeToOnboarding(onboarding.Id, () =>
        {
            Task<bool> next;
            using (ExecutionContext.SuppressFlow())
            {
                next = Task.Run(async () =>
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                    try
                    {
                        using var turn = (await WriteGate.OnboardingAsync(onboarding.Id, timeout.Token)).Here();
                        return true;
                    }
                    catch (OperationCanceledException)
                    {
                        return false;
                    }
                });
            }
            lineFree = next.GetAwaiter().GetResult();
            return Task.CompletedTask;
        });

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Evidence = "Declared on the first call" }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok);
        lineFree.Should().BeTrue("the save left the onboarding's line before telling the pages");
    }
}

/// <summary>Every test of <see cref="ChangeNotificationTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class ChangeNotificationTestsOnPostgreSql : ChangeNotificationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
