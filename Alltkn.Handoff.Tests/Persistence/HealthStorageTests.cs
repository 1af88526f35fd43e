using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>
/// The health stored with each onboarding is the domain's answer for today: stored with every change, refreshed when its
/// day comes (the health refresh), computed at start-up for rows stored before health existed.
/// </summary>
public class HealthStorageTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DateOnly Today(IHandoffTestDatabase database) => WorkingDays.DateOf(database.Clock.UtcNow);

    private static async Task<List<Onboarding>> AllAsync(IHandoffTestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery().ToListAsync(Cancel);
    }

    [Fact]
    public async Task The_stored_health_of_every_sample_onboarding_is_what_the_domain_says_today()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        // The sample walk makes its changes on earlier days, each storing the health of its day; the app's health refresh
        // (run at start-up, after the sample data) brings those whose day has come to today.
        var stale = (await AllAsync(database)).Count(o => o.Health.ChangesOn <= Today(database));
        (await database.Services.GetRequiredService<HealthRefresh>().RefreshStaleAsync(Cancel)).Should().BeLessThanOrEqualTo(stale);

        var onboardings = await AllAsync(database);

        onboardings.Should().HaveCountGreaterThan(10);
        onboardings.Should().AllSatisfy(o => o.Health.Should().Be(HealthSummary.Of(o.CheckHealth(Today(database))), o.Details.Customer));
        onboardings.Select(o => o.Health.Level).Distinct().Should().HaveCountGreaterThan(2, "the sample data shows more than one health");
    }

    [Fact]
    public async Task Days_later_the_refresh_brings_every_stale_row_to_what_the_domain_says_then_and_only_those()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var refresh = database.Services.GetRequiredService<HealthRefresh>();
        await refresh.RefreshStaleAsync(Cancel);
        (await refresh.RefreshStaleAsync(Cancel)).Should().Be(0, "once refreshed, nothing is stale again the same day");

        database.Clock.Advance(TimeSpan.FromDays(9));
        var before = (await AllAsync(database)).ToDictionary(o => o.Id, o => o.Health);
        var stale = before.Count(b => b.Value.ChangesOn <= Today(database));
        var wrong = (await AllAsync(database)).Count(o => HealthSummary.Of(o.CheckHealth(Today(database))) != o.Health);

        var refreshed = await refresh.RefreshStaleAsync(Cancel);

        wrong.Should().BePositive("nine days later some stored health is no longer true");
        refreshed.Should().BeGreaterThanOrEqualTo(wrong).And.BeLessThanOrEqualTo(stale);
        var after = await AllAsync(database);
        after.Should().AllSatisfy(o => o.Health.Should().Be(HealthSummary.Of(o.CheckHealth(Today(database))), o.Details.Customer));
        after.Where(o => before[o.Id].ChangesOn is null || before[o.Id].ChangesOn > Today(database))
            .Should().AllSatisfy(o => o.Health.Should().Be(before[o.Id], "a row whose day has not come is not touched"));
        (await refresh.RefreshStaleAsync(Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task A_change_through_the_service_stores_the_health_as_of_its_day()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        database.Clock.Advance(TimeSpan.FromDays(5)); // Friday 20 to Wednesday 25 November: every Inquiry item overdue
        var item = (await database.LoadAsync(onboarding.Id)).ItemsOf(Stage.Inquiry).First();

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { AssigneeName = "Tang Min" }, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok);
        var stored = await database.LoadAsync(onboarding.Id);
        stored.Health.Should().Be(HealthSummary.Of(stored.CheckHealth(Today(database))));
        stored.Health.Level.Should().Be(HealthLevel.OffTrack);
    }

    [Fact]
    public async Task Rows_stored_before_health_existed_get_theirs_at_start_up()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        using (var raw = database.OpenRawConnection())
        using (var forget = raw.CreateCommand())
        {
            // What the DueDatesAndHealth migration leaves in a row it adds the columns to.
            forget.CommandText = """
                UPDATE "Onboardings" SET "HealthVersion" = 0, "Health" = 'NotTracked', "HealthScore" = 0, "HealthChangesOn" = NULL;
                """;
            forget.ExecuteNonQuery().Should().BePositive();
        }

        (await DataSetup.RefreshGateSummariesAsync(database.Contexts, Cancel, database.Clock)).Should().BePositive();

        (await AllAsync(database)).Should().AllSatisfy(o => o.Health.Should().Be(HealthSummary.Of(o.CheckHealth(Today(database)))));
        (await DataSetup.RefreshGateSummariesAsync(database.Contexts, Cancel, database.Clock)).Should().Be(0);
    }
}

/// <summary>Every test of <see cref="HealthStorageTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class HealthStorageTestsOnPostgreSql : HealthStorageTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
