using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>
/// Fields are merged one by one: people editing different fields from the same original all land; the same field
/// from a stale copy is a conflict naming the field, with what the person typed and what is stored (and by whom).
/// </summary>
public class FieldMergeTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Actor LiWei = new ActorBuilder().WithRoles(Role.TechLead).WithId("li-wei").Named("Li Wei").Build();
    private static readonly Actor ZhouFang = new ActorBuilder().WithRoles(Role.Finance).WithId("zhou-fang").Named("Zhou Fang").Build();

    [Fact]
    public async Task Two_people_editing_different_fields_from_the_same_original_both_land()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var original = (await database.LoadAsync(onboarding.Id)).Details;

        var technical = await database.OnboardingServiceFor(LiWei).UpdateDetailsAsync(onboarding.Id, original,
            original with { Sdk = "openai-go 1.x", StatusCodesSeen = "200, 401, 429" }, Cancel);
        var business = await database.OnboardingServiceFor(ZhouFang).UpdateDetailsAsync(onboarding.Id, original,
            original with { PaymentMethod = "Alipay enterprise account", BudgetCycle = "quarterly" }, Cancel);

        technical.Status.Should().Be(OutcomeStatus.Ok);
        business.Status.Should().Be(OutcomeStatus.Ok);
        var stored = (await database.LoadAsync(onboarding.Id)).Details;
        stored.Should().Be(original with
        {
            Sdk = "openai-go 1.x", StatusCodesSeen = "200, 401, 429", PaymentMethod = "Alipay enterprise account", BudgetCycle = "quarterly",
        });
        (await FieldRevisionsAsync(database, onboarding.Id)).Select(r => $"{r.Subject} by {r.ActorName}")
            .Should().BeEquivalentTo(["Sdk by Li Wei", "StatusCodesSeen by Li Wei", "PaymentMethod by Zhou Fang", "BudgetCycle by Zhou Fang"]);
    }

    [Fact]
    public async Task Two_people_editing_different_fields_whose_saves_race_both_land()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var original = (await database.LoadAsync(onboarding.Id)).Details;
        Outcome? theirs = null;

        // Zhou Fang's save lands between Li Wei's load and his write: his write loses the race, is reloaded and merged again.
        var race = new BeforeFirstSave(async saving => theirs = await database.OnboardingServiceFor(ZhouFang)
            .UpdateDetailsAsync(onboarding.Id, original, original with { PaymentMethod = "WeChat Pay for business" }, saving));
        var mine = await database.OnboardingServiceFor(LiWei, race)
            .UpdateDetailsAsync(onboarding.Id, original, original with { TestPlan = "Minimal, stream, 402, 429 on staging" }, Cancel);

        race.Ran.Should().BeTrue();
        theirs!.Status.Should().Be(OutcomeStatus.Ok);
        mine.Status.Should().Be(OutcomeStatus.Ok);
        var stored = (await database.LoadAsync(onboarding.Id)).Details;
        stored.PaymentMethod.Should().Be("WeChat Pay for business");
        stored.TestPlan.Should().Be("Minimal, stream, 402, 429 on staging");
        (await FieldRevisionsAsync(database, onboarding.Id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task The_same_field_saved_from_a_stale_copy_is_a_conflict_naming_the_field_with_both_values()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var original = (await database.LoadAsync(onboarding.Id)).Details;

        var first = await database.OnboardingServiceFor(LiWei).UpdateDetailsAsync(onboarding.Id, original,
            original with { TestPlan = "Replay 500 anonymised tickets" }, Cancel);
        var second = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateDetailsAsync(onboarding.Id, original,
            original with { TestPlan = "Minimal request and stream only", Sdk = "openai-node 4.x" }, Cancel);

        first.Status.Should().Be(OutcomeStatus.Ok);
        second.Status.Should().Be(OutcomeStatus.Conflict);
        second.Message.Should().Contain("TestPlan").And.Contain("nothing was saved");
        second.Conflicts.Should().ContainSingle().Which.Should().Be(
            new ConflictDetail("TestPlan", "Minimal request and stream only", "Replay 500 anonymised tickets", "Li Wei"));
        var stored = (await database.LoadAsync(onboarding.Id)).Details;
        stored.TestPlan.Should().Be("Replay 500 anonymised tickets", "the first save is not overwritten");
        stored.Sdk.Should().Be(original.Sdk, "nothing of the conflicting save is applied, not even its other fields");
        (await FieldRevisionsAsync(database, onboarding.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task Typing_the_value_someone_else_already_saved_is_no_conflict()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());
        var original = (await database.LoadAsync(onboarding.Id)).Details;

        await database.OnboardingServiceFor(LiWei).UpdateDetailsAsync(onboarding.Id, original, original with { Sdk = "openai-go 1.x" }, Cancel);
        var same = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateDetailsAsync(onboarding.Id, original,
            original with { Sdk = "  openai-go 1.x ", RampPlan = "10% for a week" }, Cancel);

        same.Status.Should().Be(OutcomeStatus.Ok);
        var stored = (await database.LoadAsync(onboarding.Id)).Details;
        stored.Sdk.Should().Be("openai-go 1.x");
        stored.RampPlan.Should().Be("10% for a week");
    }

    [Fact]
    public async Task A_go_live_window_set_from_a_stale_copy_is_a_conflict_and_keeps_the_first()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).Build());
        var seen = (await database.LoadAsync(onboarding.Id)).GoLiveWindow;

        var first = await database.OnboardingServiceFor(Actors.ReleaseOwner).SetGoLiveWindowAsync(onboarding.Id, seen,
            new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 30, 0), "Asia/Shanghai", Cancel);
        var second = await database.OnboardingServiceFor(LiWei).SetGoLiveWindowAsync(onboarding.Id, seen,
            new DateTime(2026, 12, 16, 1, 0, 0), new DateTime(2026, 12, 16, 2, 0, 0), "Asia/Shanghai", Cancel);

        first.Status.Should().Be(OutcomeStatus.Ok);
        second.Status.Should().Be(OutcomeStatus.Conflict);
        second.Conflicts.Should().ContainSingle().Which.Should().Be(new ConflictDetail("GoLiveWindow",
            "2026-12-16 01:00 – 2026-12-16 02:00 (Asia/Shanghai)", "2026-12-15 22:00 – 2026-12-15 23:30 (Asia/Shanghai)", Actors.ReleaseOwner.DisplayName));
        (await database.LoadAsync(onboarding.Id)).GoLiveWindow!.StartUtc.Should().Be(new DateTime(2026, 12, 15, 14, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Support_names_for_different_responsibilities_both_land_and_the_same_one_from_a_stale_copy_conflicts()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).Build());

        var logs = await database.OnboardingServiceFor(Actors.ReleaseOwner).AssignSupportAsync(onboarding.Id, SupportResponsibility.ReadsLogs, null, "Sun Hao", Cancel);
        var quota = await database.OnboardingServiceFor(LiWei).AssignSupportAsync(onboarding.Id, SupportResponsibility.ManagesQuota, null, "Li Wei", Cancel);
        var staleLogs = await database.OnboardingServiceFor(LiWei).AssignSupportAsync(onboarding.Id, SupportResponsibility.ReadsLogs, null, "Wang Lei", Cancel);

        logs.Status.Should().Be(OutcomeStatus.Ok);
        quota.Status.Should().Be(OutcomeStatus.Ok);
        staleLogs.Status.Should().Be(OutcomeStatus.Conflict);
        staleLogs.Conflicts.Should().ContainSingle().Which.Should().Be(
            new ConflictDetail("ReadsLogs", "Wang Lei", "Sun Hao", Actors.ReleaseOwner.DisplayName));
        (await database.LoadAsync(onboarding.Id)).SupportMatrix.Select(a => $"{a.Responsibility}={a.PersonName}")
            .Should().BeEquivalentTo(["ReadsLogs=Sun Hao", "ManagesQuota=Li Wei"]);
    }

    private static async Task<List<RevisionEntry>> FieldRevisionsAsync(IHandoffTestDatabase database, Guid onboardingId)
    {
        await using var db = database.NewContext();
        return await db.Revisions.AsNoTracking().Where(r => r.OnboardingId == onboardingId && r.Kind == RevisionKind.FieldChanged).ToListAsync(Cancel);
    }
}

/// <summary>Every test of <see cref="FieldMergeTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class FieldMergeTestsOnPostgreSql : FieldMergeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
