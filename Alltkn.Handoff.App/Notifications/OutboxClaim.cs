using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// The outbox claim on PostgreSQL, where several instances claim at once: one statement (its own transaction) picks the
/// oldest due rows that no live lease holds with <c>SELECT … FOR UPDATE SKIP LOCKED</c> and writes the lease on them.
/// A row locked by another claim at that moment is skipped, not waited for; a row another claim leased and committed
/// meanwhile is checked again against its new lease (PostgreSQL re-reads a locked row's latest version) and left out.
/// Due first, in the order of the claim's index (<c>State, NextAttemptAtUtc</c>; a new row is due when it is made, so that
/// is oldest first), as on SQLite: the server reads the index's first rows and stops at the batch, instead of reading
/// and sorting every pending row by <c>CreatedAtUtc</c> (hundreds of thousands with a reminder backlog).
/// </summary>
internal static class OutboxClaim
{
    /// <summary>Leases up to <paramref name="batchSize"/> due rows to <paramref name="owner"/> under <paramref name="token"/>; returns how many.</summary>
    public static Task<int> SkipLockedAsync(AppDbContext db, string owner, Guid token, DateTime until, DateTime now, int batchSize,
        CancellationToken cancellationToken)
    {
        var pending = nameof(OutboxState.Pending);
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "OutboxMessages"
               SET "LeaseOwner" = {owner}, "LeaseToken" = {token}, "LeaseUntilUtc" = {until}
             WHERE "Id" IN (
                   SELECT "Id" FROM "OutboxMessages"
                    WHERE "State" = {pending} AND "NextAttemptAtUtc" <= {now}
                      AND ("LeaseUntilUtc" IS NULL OR "LeaseUntilUtc" <= {now})
                    ORDER BY "NextAttemptAtUtc"
                    LIMIT {batchSize}
                      FOR UPDATE SKIP LOCKED)
            """, cancellationToken);
    }
}
