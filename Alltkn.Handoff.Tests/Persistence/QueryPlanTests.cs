using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Data.Sqlite;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>
/// Every query behind the pages, as the services issue it (recorded, not written by hand), explained by SQLite on the
/// real database file: none reads the whole checklist table or the whole revision log without an index.
/// </summary>
/// <remarks>
/// SQLite only: these read SQLite's EXPLAIN QUERY PLAN. The same page queries are explained by PostgreSQL in
/// <c>PostgreSql/PostgreSqlQueryPlanTests</c>.
/// </remarks>
public sealed partial class QueryPlanTests
{
    private static readonly string[] Guarded = ["HandoffItems", "RevisionEntries"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_page_query_scans_the_checklist_or_the_revision_log_without_an_index()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var commands = await PageQueriesAsync(database);

        commands.Should().HaveCountGreaterThan(50, "every page query above was recorded");
        using var connection = database.OpenRawConnection();
        var scans = commands
            .SelectMany(c => FullScans(connection, c).Select(scan => $"{scan}\n  in: {c.Sql}"))
            .Distinct()
            .ToArray();
        scans.Should().BeEmpty("a page query reads a guarded table through an index, never whole");
    }

    /// <summary>
    /// Loads the sample data, then makes every query behind the pages (lists in every sort, filters, dashboards, My items,
    /// the revision log's pages and searches) and returns them as the services issued them. Shared with
    /// <c>PostgreSqlQueryPlanTests</c>, which explains the same queries on PostgreSQL.
    /// </summary>
    internal static async Task<IReadOnlyList<RecordedCommand>> PageQueriesAsync(IHandoffTestDatabase database)
    {
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var recorder = new CommandRecorder();
        var contexts = database.ContextsWith(recorder);
        var clock = database.Clock;
        var queries = ServiceFactory.Queries(contexts, clock);
        var workspace = new WorkspaceQueries(contexts, new TestActor(Actors.TeamAdmin), Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkspaceQueries>.Instance);
        var log = new RevisionLog(contexts, new TestActor(Actors.TeamAdmin), Microsoft.Extensions.Logging.Abstractions.NullLogger<RevisionLog>.Instance);
        var someOnboarding = (await queries.ListAsync(new OnboardingListQuery(), Cancel)).Items[0].Id;

        recorder.Clear();
        foreach (var sort in Enum.GetValues<OnboardingSort>())
        {
            await queries.ListAsync(new OnboardingListQuery { Sort = sort }, Cancel);
            await queries.ListAsync(new OnboardingListQuery { Sort = sort, Descending = false, Page = 1 }, Cancel);
        }
        await queries.ListAsync(new OnboardingListQuery { Search = "Acme", Stage = Stage.Trial, Scenario = Scenario.EnterpriseTrial }, Cancel);
        await queries.ListAsync(new OnboardingListQuery { Owner = Role.Finance, OverdueOnly = true }, Cancel);
        foreach (var sort in Enum.GetValues<OnboardingSort>())
        {
            await queries.ListAsync(new OnboardingListQuery { Owner = Role.Finance, Scenario = Scenario.InvoiceInquiry, Sort = sort }, Cancel);
            await queries.ListAsync(new OnboardingListQuery { Owner = Role.TechLead, Sort = sort, Descending = false, Page = 1 }, Cancel);
        }
        await queries.ListAsync(new OnboardingListQuery { Health = HealthLevel.AtRisk, Sort = OnboardingSort.Health }, Cancel);
        (await new DashboardCharts(contexts, clock, new TestActor(Actors.Viewer), Microsoft.Extensions.Logging.Abstractions.NullLogger<DashboardCharts>.Instance).LoadAsync(Cancel)).Should().NotBeNull();
        foreach (var actor in new[] { Actors.TeamAdmin, Actors.TechLead, Actors.Viewer, new ActorBuilder().WithRoles(Enum.GetValues<Role>()).Build() })
        {
            var asActor = ServiceFactory.Queries(contexts, clock, actor);
            (await asActor.DashboardAsync(Cancel)).Should().NotBeNull();
            await asActor.MyItemsPageAsync(new MyItemsQuery(), Cancel);
            await asActor.MyItemsPageAsync(new MyItemsQuery { IncludeSettled = true, LatestFirst = true, Take = 5 }, Cancel);
        }
        await queries.BlockedAtGatePageAsync(5, Cancel);
        await queries.AtGoLivePageAsync(0, 10, Cancel);
        await workspace.SearchPeopleAsync("li", Cancel);
        await workspace.PersonAsync(SampleData.Actor.UserId, Cancel);
        await workspace.SearchOnboardingsAsync("a", Cancel);
        await workspace.OnboardingNamesAsync([someOnboarding], Cancel);
        await log.ForOnboardingAsync(someOnboarding, Cancel);
        // The onboarding page's history: its first entry (so that the count and the stage moves are read too) and older ones.
        var head = await log.HistoryHeadAsync(someOnboarding, 1, Cancel);
        await log.PageAsync(new RevisionQuery { OnboardingId = someOnboarding, PageSize = 20 }, RevisionCursor.Of(head.Newest[0]), cancellationToken: Cancel);
        var first = await log.PageAsync(new RevisionQuery(), cancellationToken: Cancel);
        var cursor = first.Oldest!;
        foreach (var query in new[]
                 {
                     new RevisionQuery(),
                     new RevisionQuery { ActorId = SampleData.Actor.UserId },
                     new RevisionQuery { OnboardingId = someOnboarding },
                     new RevisionQuery { Kind = RevisionKind.StageMoved },
                     new RevisionQuery { FromUtc = clock.UtcNow.AddDays(-30), ToUtc = clock.UtcNow },
                     new RevisionQuery { ActorId = SampleData.Actor.UserId, OnboardingId = someOnboarding, Kind = RevisionKind.ItemChanged },
                 })
        {
            await log.PageAsync(query, cancellationToken: Cancel);
            await log.PageAsync(query, before: cursor, cancellationToken: Cancel);
            await log.PageAsync(query, after: cursor, cancellationToken: Cancel);
        }
        await database.OnboardingServiceFor(Actors.Viewer, recorder).FindAsync(someOnboarding, Cancel);
        return recorder.Commands;
    }

    [Fact]
    public async Task My_items_and_the_dashboards_lists_read_their_first_page_in_index_order_without_sorting_every_match()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var recorder = new CommandRecorder();
        var queries = ServiceFactory.Queries(database.ContextsWith(recorder), database.Clock);

        recorder.Clear();
        foreach (var actor in new[] { Actors.TeamAdmin, Actors.Finance, new ActorBuilder().WithRoles(Enum.GetValues<Role>()).Build() })
        {
            var asActor = ServiceFactory.Queries(database.ContextsWith(recorder), database.Clock, actor);
            await asActor.MyItemsPageAsync(new MyItemsQuery(), Cancel);
            await asActor.MyItemsPageAsync(new MyItemsQuery { LatestFirst = true, Take = 5 }, Cancel);
            await asActor.MyItemsPageAsync(new MyItemsQuery { IncludeSettled = true, Take = 5 }, Cancel);
            (await asActor.DashboardAsync(Cancel)).Should().NotBeNull();
        }

        using var connection = database.OpenRawConnection();
        var pagesOfItems = recorder.Commands
            .Where(c => c.Sql.Contains("FROM \"HandoffItems\"", StringComparison.Ordinal) && c.Sql.Contains("ORDER BY", StringComparison.Ordinal)
                        && c.Sql.Contains("LIMIT", StringComparison.Ordinal)
                        // Items without a due date are read (by customer) only when the dated ones do not fill the page.
                        && !c.Sql.Contains("\"DueDate\" IS NULL", StringComparison.Ordinal))
            .ToArray();
        pagesOfItems.Should().HaveCountGreaterThan(10, "My items and the dashboard read pages of items");
        pagesOfItems.Select(c => (c.Sql, Plan: string.Join(" | ", Plan(connection, c))))
            .Where(p => p.Plan.Contains("USE TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal))
            .Should().BeEmpty("a first page of items comes from an index in due-date order (sorting only ties), not from sorting every match");
    }

    [Fact]
    public async Task The_owner_filter_asks_each_onboarding_through_its_partial_index_and_a_page_stops_in_the_sorts_index_order()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var recorder = new CommandRecorder();
        var queries = ServiceFactory.Queries(database.ContextsWith(recorder), database.Clock);

        recorder.Clear();
        await queries.ListAsync(new OnboardingListQuery { Owner = Role.Finance, Scenario = Scenario.InvoiceInquiry }, Cancel);
        var newestFirst = recorder.Commands.ToArray();
        recorder.Clear();
        await queries.ListAsync(new OnboardingListQuery { Owner = Role.Finance, Sort = OnboardingSort.Customer, Descending = false }, Cancel);
        var byCustomer = recorder.Commands.ToArray();

        using var connection = database.OpenRawConnection();
        var owned = newestFirst.Concat(byCustomer).Where(c => c.Sql.Contains("\"Required\"", StringComparison.Ordinal)).ToArray();
        owned.Should().HaveCount(4, "each list counts and reads a page through the owner filter");
        Plans(connection, owned).Should().OnlyContain(p => p.Contains("IX_HandoffItems_UnsettledRequired_OwnerRole_OnboardingId (OwnerRole=? AND OnboardingId=?)"),
            "whether an onboarding has a required item of the role not yet settled is one look-up in the partial index");
        Plans(connection, owned.Where(c => c.Sql.Contains("LIMIT", StringComparison.Ordinal)))
            .Should().HaveCount(2).And.OnlyContain(p => !p.Contains("TEMP B-TREE"), "a page is read in its sort's index order and stops after its rows");
    }

    [Fact]
    public async Task Health_is_filtered_and_sorted_and_its_stale_rows_found_through_indexes()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var recorder = new CommandRecorder();
        var contexts = database.ContextsWith(recorder);
        var queries = ServiceFactory.Queries(contexts, database.Clock);

        recorder.Clear();
        await queries.ListAsync(new OnboardingListQuery { Health = HealthLevel.OffTrack, Sort = OnboardingSort.Health }, Cancel);
        var listing = recorder.Commands.ToArray();
        recorder.Clear();
        await queries.ListAsync(new OnboardingListQuery { Sort = OnboardingSort.Health, Descending = true }, Cancel);
        var sorting = recorder.Commands.ToArray();
        recorder.Clear();
        await new HealthRefresh(contexts, database.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<HealthRefresh>.Instance).RefreshStaleAsync(Cancel);
        var refreshing = recorder.Commands.Take(1).ToArray();

        using var connection = database.OpenRawConnection();
        Plans(connection, listing).Should().Contain(p => p.Contains("IX_Onboardings_HealthScore_CreatedAtUtc_Id"), "the filter reads a level's score range");
        Plans(connection, sorting).Should().Contain(p => p.Contains("IX_Onboardings_HealthScore_CreatedAtUtc_Id") && !p.Contains("TEMP B-TREE"),
            "the sort reads the index in its order");
        Plans(connection, refreshing).Should().ContainSingle().Which.Should().Contain("IX_Onboardings_HealthChangesOn");
    }

    private static IEnumerable<string> Plans(SqliteConnection connection, IEnumerable<RecordedCommand> commands) =>
        commands.Where(c => c.Sql.Contains("\"Onboardings\"", StringComparison.Ordinal)).Select(c =>
        {
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + c.Sql;
            foreach (var (name, value) in c.Parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
            using var reader = explain.ExecuteReader();
            var plan = new List<string>();
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
            return string.Join(" | ", plan);
        }).ToArray();

    [Fact]
    public void The_plan_reader_sees_a_full_scan_when_there_is_one()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE \"HandoffItems\" (\"Id\" TEXT PRIMARY KEY, \"Title\" TEXT);";
            create.ExecuteNonQuery();
        }

        FullScans(connection, new RecordedCommand("SELECT \"h\".\"Id\" FROM \"HandoffItems\" AS \"h\" WHERE \"h\".\"Title\" = @t", [("@t", "x")]))
            .Should().ContainSingle().Which.Should().StartWith("SCAN h");
        FullScans(connection, new RecordedCommand("SELECT \"h\".\"Id\" FROM \"HandoffItems\" AS \"h\" WHERE \"h\".\"Id\" = @t", [("@t", "x")]))
            .Should().BeEmpty();
        FullScans(connection, new RecordedCommand("SELECT DISTINCT \"h\".\"Id\" FROM \"HandoffItems\" AS \"h\" ORDER BY \"h\".\"Title\"", []))
            .Should().NotBeEmpty("an index read whole and sorted again is still the whole table");
        FullScans(connection, new RecordedCommand("SELECT \"h\".\"Id\" FROM \"HandoffItems\" AS \"h\" ORDER BY \"h\".\"Id\" LIMIT 5", []))
            .Should().BeEmpty("an index read in its order stops after the page");
    }

    private static List<string> Plan(SqliteConnection connection, RecordedCommand recorded)
    {
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + recorded.Sql;
        foreach (var (name, value) in recorded.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        using var reader = explain.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }

    /// <summary>
    /// The plan's steps that read a guarded table (by name or by the alias EF gave it) whole: a SCAN without an index, or
    /// a SCAN through an index that does not end early (no LIMIT, or the rows sorted again afterwards). A SCAN in an
    /// index's order under a LIMIT (the newest page of the log) reads only the page.
    /// </summary>
    private static IEnumerable<string> FullScans(SqliteConnection connection, RecordedCommand recorded)
    {
        var names = Guarded.SelectMany(table => new[] { table }.Concat(
                Alias().Matches(recorded.Sql).Where(m => m.Groups["table"].Value == table).Select(m => m.Groups["alias"].Value)))
            .ToHashSet(StringComparer.Ordinal);
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + recorded.Sql;
        foreach (var (name, value) in recorded.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        using var reader = explain.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }
        var endsEarly = recorded.Sql.Contains("LIMIT", StringComparison.Ordinal) && !plan.Any(p => p.StartsWith("USE TEMP B-TREE", StringComparison.Ordinal));
        return plan
            .Where(detail => Scan().Match(detail) is { Success: true } scan && names.Contains(scan.Groups["name"].Value)
                             && (!detail.Contains(" USING ", StringComparison.Ordinal) || !endsEarly))
            .Select(detail => $"{detail} (plan: {string.Join(" | ", plan)})")
            .ToArray();
    }

    [GeneratedRegex("\"(?<table>\\w+)\" AS \"(?<alias>\\w+)\"")]
    private static partial Regex Alias();

    [GeneratedRegex("^SCAN (?<name>\\w+)")]
    private static partial Regex Scan();
}
