using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Adds outbox rows that must exist once ever (by <see cref="OutboxMessage.DedupeKey"/>, unique in the table): rows whose
/// key is already there are left out, and when another instance wrote one of them meanwhile (the unique index refuses
/// the batch: <see cref="UniqueViolation"/>, on SQLite and PostgreSQL alike), each is tried alone and the one already
/// there is kept. Any other failure is the caller's.
/// </summary>
internal static class OutboxOnce
{
    public static async Task<int> AddAsync(IDbContextFactory<AppDbContext> dbFactory, IReadOnlyList<OutboxMessage> candidates,
        CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return 0;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Select(c => c.DedupeKey!).Chunk(500))
        {
            existing.UnionWith(await db.Set<OutboxMessage>().Where(m => chunk.Contains(m.DedupeKey!)).Select(m => m.DedupeKey!).ToListAsync(cancellationToken));
        }
        var fresh = candidates.Where(c => existing.Add(c.DedupeKey!)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }
        try
        {
            db.AddRange(fresh);
            await Busy.RetryAsync(() => db.SaveChangesAsync(cancellationToken), cancellationToken);
            return fresh.Count;
        }
        catch (DbUpdateException unique) when (UniqueViolation.Is(unique))
        {
            // Another instance wrote some of them first: one at a time, keeping theirs.
            var added = 0;
            foreach (var row in fresh)
            {
                db.ChangeTracker.Clear();
                try
                {
                    db.Add(row);
                    await Busy.RetryAsync(() => db.SaveChangesAsync(cancellationToken), cancellationToken);
                    added++;
                }
                catch (DbUpdateException alreadyThere) when (UniqueViolation.Is(alreadyThere))
                {
                    // Already there.
                }
            }
            return added;
        }
    }
}
