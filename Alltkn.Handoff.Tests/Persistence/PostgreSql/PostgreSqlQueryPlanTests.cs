using System.Text.Json;
using Alltkn.Handoff.Tests.Persistence.Support;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL side of <see cref="QueryPlanTests"/>: the same page queries, recorded as the services issue them on a
/// PostgreSQL database holding the sample data, explained by PostgreSQL: none reads the whole checklist table or the whole
/// revision log.
/// </summary>
/// <remarks>
/// The sample data is small (a few thousand rows), and on tables that small PostgreSQL rightly prefers a sequential scan
/// to any index, so a plain EXPLAIN would say nothing about the indexes. The plans are therefore taken with
/// <c>SET enable_seqscan = off</c>, which makes a sequential scan cost so much that the planner takes one only when no index
/// can serve the query: a Seq Scan left in such a plan is a missing index, whatever the table's size. Likewise an index read
/// whole (no index condition and no LIMIT above it) is a full read, unless the index is partial (e.g. the blocked items' index,
/// <c>WHERE "Status" = 'Blocked'</c>): the planner reads one only for a query whose filter implies its predicate, and it holds
/// just the matching rows. (On 10,000 onboardings the planner picks these indexes by
/// itself: docs/benchmarks.md.)
/// </remarks>
public sealed class PostgreSqlQueryPlanTests
{
    private static readonly string[] Guarded = ["HandoffItems", "RevisionEntries"];

    [Fact]
    public async Task No_page_query_scans_the_checklist_or_the_revision_log_without_an_index_on_PostgreSQL()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        var commands = await QueryPlanTests.PageQueriesAsync(database);

        commands.Should().HaveCountGreaterThan(50, "every page query was recorded");
        await using var connection = await database.OpenRawConnectionAsync();
        await using (var set = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var partial = await PartialIndexesAsync(connection);
        partial.Should().Contain("IX_HandoffItems_Blocked_OnboardingId_Stage_SortOrder");
        var scans = new List<string>();
        var explained = 0;
        foreach (var command in commands)
        {
            var plan = await PlanAsync(connection, command);
            explained++;
            scans.AddRange(FullReads(plan, underLimit: false, partial)
                .Select(read => $"{read}\n  in: {command.Sql}"));
        }

        explained.Should().Be(commands.Count);
        scans.Distinct().Should().BeEmpty("a page query reads a guarded table through an index, never whole");
    }

    [Fact]
    public async Task The_plan_reader_sees_a_full_read_when_there_is_one()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        await using var connection = await database.OpenRawConnectionAsync();
        await using (var set = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        async Task<string[]> Reads(string sql, params (string, object?)[] parameters) =>
            FullReads(await PlanAsync(connection, new RecordedCommand(sql, parameters)), false, new HashSet<string>()).ToArray();

        (await Reads("SELECT h.\"Id\" FROM \"HandoffItems\" AS h WHERE h.\"Title\" = @t", ("t", "x")))
            .Should().ContainSingle().Which.Should().StartWith("Seq Scan on HandoffItems", "no index has the title");
        (await Reads("SELECT h.\"Id\" FROM \"HandoffItems\" AS h WHERE h.\"Id\" = @t", ("t", Guid.NewGuid())))
            .Should().BeEmpty("the primary key finds the row");
        (await Reads("SELECT h.\"Id\" FROM \"HandoffItems\" AS h ORDER BY h.\"Id\""))
            .Should().NotBeEmpty("the whole primary key index read in order is still the whole table");
        (await Reads("SELECT h.\"Id\" FROM \"HandoffItems\" AS h ORDER BY h.\"Id\" LIMIT 5"))
            .Should().BeEmpty("an index read in its order stops after the page");
    }

    private static async Task<IReadOnlySet<string>> PartialIndexesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indpred IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static async Task<JsonElement> PlanAsync(NpgsqlConnection connection, RecordedCommand recorded)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + recorded.Sql, connection);
        foreach (var (name, value) in recorded.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        var json = (string)(await explain.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].GetProperty("Plan").Clone();
    }

    /// <summary>
    /// The plan's nodes that read a guarded table whole: a Seq Scan, or an index or bitmap scan with no condition on the index
    /// that no LIMIT above it stops early (a LIMIT above a sort, a hash or an aggregate waits for every row below).
    /// </summary>
    private static IEnumerable<string> FullReads(JsonElement node, bool underLimit, IReadOnlySet<string> partialIndexes)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        var relation = node.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;
        if (relation is not null && Guarded.Contains(relation))
        {
            var conditioned = node.TryGetProperty("Index Cond", out _) || node.TryGetProperty("Recheck Cond", out _)
                              || (node.TryGetProperty("Index Name", out var used) && partialIndexes.Contains(used.GetString()!));
            if (type == "Seq Scan"
                || (type is "Index Scan" or "Index Only Scan" or "Bitmap Heap Scan" && !conditioned && !underLimit))
            {
                yield return $"{type} on {relation}" + (node.TryGetProperty("Index Name", out var index) ? $" using {index.GetString()}" : "");
            }
        }
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                var stopsEarly = type == "Limit" || (underLimit && type is not ("Sort" or "Hash" or "Aggregate" or "Materialize" or "SetOp" or "WindowAgg"));
                foreach (var read in FullReads(child, stopsEarly, partialIndexes))
                {
                    yield return read;
                }
            }
        }
    }
}
