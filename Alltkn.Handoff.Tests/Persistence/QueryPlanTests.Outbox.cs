using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;

namespace Alltkn.Handoff.Tests.Persistence;

public sealed partial class QueryPlanTests
{
    /// <summary>
    /// The dispatcher's claim runs in the app's one write turn: it must read the first due rows of its index and stop,
    /// not read and sort every pending row (with hundreds of thousands of reminders pending that held every person's
    /// save for about a second).
    /// </summary>
    [Fact]
    public async Task The_outbox_claim_reads_the_first_due_rows_in_index_order_without_sorting_every_pending_row()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using (var db = await database.Contexts.CreateDbContextAsync(Cancel))
        {
            for (var n = 0; n < OutboxDispatcher.BatchSize + 10; n++)
            {
                db.Add(new OutboxMessage(OutboxTypes.Notification, "{}", database.Clock.UtcNow.AddMinutes(-n), $"plan:{n}"));
            }
            await db.SaveChangesAsync(Cancel);
        }
        var updates = new UpdateRecorder();
        var dispatcher = database.ContextsWith(updates).Dispatcher(database.Clock, "plan");

        (await dispatcher.ClaimAsync(Cancel)).Should().HaveCount(OutboxDispatcher.BatchSize, "a claim takes one batch");

        using var connection = database.OpenRawConnection();
        var claim = updates.Commands.Should().ContainSingle(c => c.Sql.StartsWith("UPDATE \"OutboxMessages\"", StringComparison.Ordinal)).Subject;
        var plan = string.Join(" | ", Plan(connection, claim));
        plan.Should().Contain("IX_OutboxMessages_State_NextAttemptAtUtc").And.NotContain("TEMP B-TREE", "the batch comes from the index in its order");
    }
}
