using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>Open pages hear of a change after it is saved, and only then.</summary>
public sealed class ChangeNotificationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_saved_change_is_announced_once_after_it_is_stored()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var item = onboarding.ItemByKey("inquiry.contact-type");
        var heard = new List<(WorkspaceChange Change, string? StoredEvidence)>();
        // A page reloads what it shows when it hears of a change: by then the change must be in the database.
        database.Notifier.Changed += change => heard.Add((change,
            database.LoadAsync(change.OnboardingId!.Value).GetAwaiter().GetResult().ItemByKey("inquiry.contact-type").Evidence));

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
        await using var database = await SqliteTestDatabase.CreateAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.rate-limit");
        var heard = 0;
        database.Notifier.Changed += _ => heard++;

        (await database.OnboardingServiceFor(Actors.TechLead).FireAsync(onboarding.Id, Move.ConfirmTrial, Stage.Trial, cancellationToken: Cancel))
            .Status.Should().Be(OutcomeStatus.Refused, "the trial's gate is not met");
        (await database.OnboardingServiceFor(Actors.Viewer).FireAsync(onboarding.Id, Move.Hold, Stage.Trial, "Paused", Cancel))
            .Status.Should().Be(OutcomeStatus.Forbidden);
        (await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version + 3, ItemUpdate.From(item) with { Evidence = "429 seen" }, Cancel))
            .Status.Should().Be(OutcomeStatus.Conflict);
        (await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version, ItemUpdate.From(item), Cancel))
            .Status.Should().Be(OutcomeStatus.Ok, "saving an unchanged item is fine, and changes nothing");

        heard.Should().Be(0);
    }

    [Fact]
    public async Task A_page_whose_handler_throws_neither_fails_the_save_nor_deafens_the_other_pages()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var heard = 0;
        database.Notifier.Changed += _ => throw new InvalidOperationException("A page's circuit is gone");
        database.Notifier.Changed += _ => heard++;

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Hold, Stage.Inquiry, "Budget approval pending", Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok);
        heard.Should().Be(1);
        (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.OnHold);
    }
}
