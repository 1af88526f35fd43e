using System.Text.Json;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL side of <see cref="QueryPlanTests"/>' outbox claim: the claim reads the first due rows of its index
/// (<c>State, NextAttemptAtUtc</c>) in the index's order and stops at the batch, with no sort of every pending row
/// (taken with <c>SET enable_seqscan = off</c>, as <see cref="PostgreSqlQueryPlanTests"/> explains).
/// </summary>
public sealed class PostgreSqlOutboxClaimPlanTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_outbox_claim_takes_the_first_due_rows_in_index_order_without_sorting_every_pending_row()
    {
        await using var database = await PostgreSqlTestDatabase.CreateAsync();
        await using (var db = database.NewContext())
        {
            for (var n = 0; n < OutboxDispatcher.BatchSize + 10; n++)
            {
                db.Add(new OutboxMessage(OutboxTypes.Notification, "{}", database.Clock.UtcNow.AddMinutes(-n), $"plan:{n}"));
            }
            await db.SaveChangesAsync(Cancel);
        }
        var updates = new UpdateRecorder();
        var dispatcher = database.ContextsWith(updates).Dispatcher(database.Clock, "plan");

        var claimed = await dispatcher.ClaimAsync(Cancel);

        claimed.Should().HaveCount(OutboxDispatcher.BatchSize, "a claim takes one batch");
        claimed.Select(m => m.DedupeKey).Should().BeEquivalentTo(Enumerable.Range(10, OutboxDispatcher.BatchSize).Select(n => $"plan:{n}"), "the oldest due rows are taken first");
        var claim = updates.Commands.Should().ContainSingle(c => c.Sql.StartsWith("UPDATE \"OutboxMessages\"", StringComparison.Ordinal)).Subject;
        await using var connection = await database.OpenRawConnectionAsync();
        await using (var set = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await set.ExecuteNonQueryAsync(Cancel);
        }
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + claim.Sql, connection);
        foreach (var (name, value) in claim.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        var plan = (string)(await explain.ExecuteScalarAsync(Cancel))!;
        var nodes = Nodes(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan")).ToList();

        nodes.Should().Contain(n => n.Index == "IX_OutboxMessages_State_NextAttemptAtUtc", plan);
        nodes.Should().NotContain(n => n.Type == "Sort" || n.Type == "Incremental Sort", "the batch comes from the index in its order: " + plan);
    }

    private static IEnumerable<(string Type, string? Index)> Nodes(JsonElement node)
    {
        yield return (node.GetProperty("Node Type").GetString()!, node.TryGetProperty("Index Name", out var index) ? index.GetString() : null);
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var below in Nodes(child))
                {
                    yield return below;
                }
            }
        }
    }
}
