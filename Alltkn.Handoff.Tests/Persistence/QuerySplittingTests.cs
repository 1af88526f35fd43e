using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>An onboarding is read with its items and its support matrix without multiplying one by the other.</summary>
public class QuerySplittingTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_an_onboarding_with_its_items_and_support_matrix_logs_no_cartesian_warning()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build());
        var warnings = new List<string>();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseHandoffDatabase(database.Services.GetRequiredService<HandoffDatabase>(), database.Services.GetRequiredService<HandoffPaths>())
            .LogTo(warnings.Add, [RelationalEventId.MultipleCollectionIncludeWarning]);
        await using var db = new AppDbContext(options.Options);

        var loaded = await db.Onboardings.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);

        loaded.Items.Should().HaveCount(onboarding.Items.Count);
        loaded.SupportMatrix.Should().HaveCount(onboarding.SupportMatrix.Count).And.NotBeEmpty();
        warnings.Should().BeEmpty("queries with two collections run split by default, as the app sets up every context");
    }

    [Fact]
    public async Task The_services_behind_the_pages_log_no_cartesian_warning()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).Build());
        var item = onboarding.RequiredItemsOf(Stage.GoLive).First(i => EvidenceRules.NeedsText(i.EvidenceKind));
        var recorder = new CommandRecorder();
        var service = database.OnboardingServiceFor(Actors.TeamAdmin, recorder);

        (await service.UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.For(item.EvidenceKind) }, Cancel)).Status.Should().Be(OutcomeStatus.Ok);
        (await service.FindAsync(onboarding.Id, Cancel)).Should().NotBeNull();

        recorder.Commands.Where(c => c.Sql.Contains("FROM \"Onboardings\"", StringComparison.Ordinal))
            .Should().NotBeEmpty()
            .And.OnlyContain(c => !(c.Sql.Contains("JOIN \"HandoffItems\"", StringComparison.Ordinal) && c.Sql.Contains("JOIN \"SupportAssignments\"", StringComparison.Ordinal)),
                "the items and the support matrix are read by separate queries, never multiplied in one");
    }
}

/// <summary>Every test of <see cref="QuerySplittingTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class QuerySplittingTestsOnPostgreSql : QuerySplittingTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
