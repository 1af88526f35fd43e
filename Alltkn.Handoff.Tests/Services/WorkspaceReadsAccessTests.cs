using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>
/// The dashboard, list and filter reads decide who may read them (<see cref="OnboardingQueries"/>, <see cref="WorkspaceQueries"/>:
/// the team's policy), whichever page or endpoint calls them: an account without a role, or no one, is answered nothing.
/// </summary>
public sealed class WorkspaceReadsAccessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static OnboardingQueries ReadingAs(SqliteTestDatabase database, Actor? reader) =>
        ActivatorUtilities.CreateInstance<OnboardingQueries>(database.Services, new TestActor(reader));

    private static WorkspaceQueries FiltersAs(SqliteTestDatabase database, Actor? reader) =>
        ActivatorUtilities.CreateInstance<WorkspaceQueries>(database.Services, new TestActor(reader));

    private static async Task<SqliteTestDatabase> WorkspaceAsync()
    {
        var database = await SqliteTestDatabase.CreateAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(Actors.Finance);
        return database;
    }

    public static TheoryData<string> NotTheTeam => ["an account without a role", "no one"];

    private static Actor? Reader(string who) => who == "no one" ? null : Actors.With();

    [Theory]
    [MemberData(nameof(NotTheTeam))]
    public async Task Every_read_answers_nothing_to_someone_outside_the_team_and_says_why(string who)
    {
        await using var database = await WorkspaceAsync();
        var queries = ReadingAs(database, Reader(who));

        var reader = await queries.ReaderAsync(Cancel);
        reader.Status.Should().Be(OutcomeStatus.Forbidden);
        reader.Code.Should().Be(Refusals.NotTheTeamCode);
        reader.Message.Should().Be("Sign in with a role in this workspace to read the onboardings.");
        (await queries.DashboardAsync(Cancel)).Should().BeNull("the dashboard shows the workspace's onboardings, windows and items");
        var list = await queries.ListAsync(new OnboardingListQuery(), Cancel);
        list.Items.Should().BeEmpty();
        list.Total.Should().Be(0);
        (await queries.MyItemsPageAsync(new MyItemsQuery(), Cancel)).Should().BeNull("My items says why it shows nothing");
        (await queries.AtGoLivePageAsync(0, 10, Cancel)).Should().BeNull("Go-live says why it shows nothing");
        (await queries.BlockedAtGatePageAsync(10, Cancel)).Items.Should().BeEmpty();
        (await queries.AssigneesAsync("", Role.Finance, Cancel)).Should().BeEmpty();
        var someOnboarding = (await ReadingAs(database, Actors.TeamAdmin).ListAsync(new OnboardingListQuery(), Cancel)).Items[0].Id;
        var one = await database.OnboardingServiceFor(Reader(who)).ReadAsync(someOnboarding, Cancel);
        one.Status.Should().Be(OutcomeStatus.Forbidden);
        one.Code.Should().Be(Refusals.NotTheTeamCode, "one onboarding is refused with the same answer as the list");
        one.Message.Should().Be("Sign in with a role in this workspace to read an onboarding.");
    }

    [Theory]
    [MemberData(nameof(NotTheTeam))]
    public async Task The_revision_logs_filters_name_no_one_and_nothing_to_someone_outside_the_team(string who)
    {
        await using var database = await WorkspaceAsync();
        var someOnboarding = (await ReadingAs(database, Actors.TeamAdmin).ListAsync(new OnboardingListQuery(), Cancel)).Items[0].Id;
        var filters = FiltersAs(database, Reader(who));
        var team = FiltersAs(database, Actors.Viewer);

        (await filters.SearchPeopleAsync("", Cancel)).Should().BeEmpty();
        (await filters.PersonAsync(Actors.Finance.UserId, Cancel)).Should().BeNull();
        (await filters.SearchOnboardingsAsync("", Cancel)).Should().BeEmpty();
        (await filters.OnboardingNamesAsync([someOnboarding], Cancel)).Should().BeEmpty();
        (await team.SearchPeopleAsync("", Cancel)).Should().HaveCount(2, "the team reads the same");
        (await team.PersonAsync(Actors.Finance.UserId, Cancel)).Should().NotBeNull();
        (await team.SearchOnboardingsAsync("", Cancel)).Should().NotBeEmpty();
        (await team.OnboardingNamesAsync([someOnboarding], Cancel)).Should().ContainKey(someOnboarding);
    }

    [Fact]
    public async Task A_viewer_reads_the_workspace_as_the_team_does()
    {
        await using var database = await WorkspaceAsync();
        var viewer = ReadingAs(database, Actors.Viewer);
        var admin = ReadingAs(database, Actors.TeamAdmin);

        (await viewer.ReaderAsync(Cancel)).Status.Should().Be(OutcomeStatus.Ok);
        var dashboard = await viewer.DashboardAsync(Cancel);
        dashboard.Should().NotBeNull();
        dashboard!.PerStage.Values.Sum().Should().Be((await admin.DashboardAsync(Cancel))!.PerStage.Values.Sum()).And.BeGreaterThan(0);
        var list = await viewer.ListAsync(new OnboardingListQuery(), Cancel);
        list.Items.Should().NotBeEmpty();
        list.Total.Should().Be((await admin.ListAsync(new OnboardingListQuery(), Cancel)).Total);
        (await viewer.AtGoLivePageAsync(0, 10, Cancel))!.Total.Should().Be((await admin.AtGoLivePageAsync(0, 10, Cancel))!.Total);
        (await viewer.AssigneesAsync("", Role.Finance, Cancel)).Select(p => p.UserId).Should().Equal([Actors.Finance.UserId, Actors.TeamAdmin.UserId], "the owner role's people first");
    }

    [Fact]
    public async Task My_items_are_the_signed_in_persons_whoever_calls()
    {
        await using var database = await WorkspaceAsync();

        var finance = await ReadingAs(database, Actors.Finance).MyItemsPageAsync(new MyItemsQuery(), Cancel);
        var techLead = await ReadingAs(database, Actors.TechLead).MyItemsPageAsync(new MyItemsQuery(), Cancel);

        finance!.Items.Should().NotBeEmpty().And.OnlyContain(r => r.Item.OwnerRole == Role.Finance || r.Item.AssigneeUserId == Actors.Finance.UserId);
        techLead!.Items.Should().NotBeEmpty().And.OnlyContain(r => r.Item.OwnerRole == Role.TechLead || r.Item.AssigneeUserId == Actors.TechLead.UserId);
        finance.Items.Select(r => r.Item.Id).Should().NotBeEquivalentTo(techLead.Items.Select(r => r.Item.Id));
    }
}
