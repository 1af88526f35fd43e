using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>The gate summary lists read is the domain's own answer, stored with every change and refreshed for older rows.</summary>
public class GateSummaryTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_stored_summary_of_every_sample_onboarding_is_what_the_domain_says()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);

        await using var db = database.NewContext();
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Cancel);

        onboardings.Should().HaveCountGreaterThan(10);
        onboardings.Should().AllSatisfy(o => o.Summary.Should().Be(GateSummary.Of(o), o.Details.Customer));
        onboardings.Should().Contain(o => o.Summary.BlockedAtGate > 0, "the sample data has work blocked at a gate")
            .And.Contain(o => o.Summary.IsOverdue(DateOnly.FromDateTime(database.Clock.UtcNow)), "and overdue work");
    }

    [Fact]
    public async Task Each_change_through_the_service_stores_the_new_summary_in_the_same_save()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = (await database.LoadAsync(onboarding.Id)).RequiredItemsOf(Stage.Trial)[0];
        var before = (await database.LoadAsync(onboarding.Id)).Summary;

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = "Waiting for the customer's firewall rule", DueDate = new DateOnly(2026, 11, 1) },
            Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok);
        var stored = await database.LoadAsync(onboarding.Id);
        stored.Summary.Should().Be(GateSummary.Of(stored));
        stored.Summary.BlockedAtGate.Should().Be(before.BlockedAtGate + 1);
        stored.Summary.BlockedReason.Should().Contain("Waiting for the customer's firewall rule");
        stored.Summary.NextDueDate.Should().Be(new DateOnly(2026, 11, 1));
        stored.Summary.WorkingStage.Should().Be(Stage.Trial);
    }

    [Fact]
    public async Task Rows_stored_before_summaries_existed_get_theirs_from_the_domain_at_start_up()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        using (var raw = database.OpenRawConnection())
        using (var forget = raw.CreateCommand())
        {
            // What the ScaleReadModels migration leaves in a row it adds the columns to.
            forget.CommandText = """
                UPDATE "Onboardings" SET "SummaryVersion" = 0, "RequiredDone" = 0, "RequiredTotal" = 0, "ProgressPercent" = 0,
                    "OpenAtGate" = 0, "BlockedAtGate" = 0, "BlockedReason" = NULL, "NextDueDate" = NULL;
                """;
            forget.ExecuteNonQuery().Should().BePositive();
        }

        await database.RestartAsync();

        await using var db = database.NewContext();
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Cancel);
        onboardings.Should().AllSatisfy(o => o.Summary.Should().Be(GateSummary.Of(o)));
        onboardings.Should().Contain(o => o.Summary.RequiredTotal > 0);
        (await DataSetup.RefreshGateSummariesAsync(database.Contexts, Cancel)).Should().Be(0, "nothing is left to refresh");
    }
}

/// <summary>Every test of <see cref="GateSummaryTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class GateSummaryTestsOnPostgreSql : GateSummaryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
