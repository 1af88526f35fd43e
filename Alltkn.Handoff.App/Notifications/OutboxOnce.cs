using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Adds outbox rows that must exist once ever (by <see cref="OutboxMessage.DedupeKey"/>, unique in the table): rows whose
/// key is already there are left out, and when another instance wrote one of them meanwhile (the unique index refuses
/// the batch: <see cref="UniqueViolation"/>, on SQLite and PostgreSQL alike), each is tried alone and the one already
/// there is kept. Any other failure is the caller's.
/// </summary>
/// <remarks>
/// Saved <see cref="MostPerSave"/> rows at a time, people's changes going first between two saves
/// (<see cref="WriteGate.YieldToPeopleAsync"/>): the first reminder run over a large workspace makes hundreds of thousands
/// of rows (about 490,000 at 10,000 onboardings), which in one save held the app's one write turn, and every person's
/// save with it, for many seconds. A batch saved stays saved if a later one fails.
/// </remarks>
internal static class OutboxOnce
{
    /// <summary>The most rows one save writes.</summary>
    public const int MostPerSave = 1000;

    public static async Task<int> AddAsync(IDbContextFactory<AppDbContext> dbFactory, IReadOnlyList<OutboxMessage> candidates,
        CancellationToken cancellationToken)
    {
        var added = 0;
        var first = true;
        foreach (var batch in candidates.Chunk(MostPerSave))
        {
            if (!first)
            {
                await WriteGate.YieldToPeopleAsync(cancellationToken);
            }
            first = false;
            added += await AddBatchAsync(dbFactory, batch, cancellationToken);
        }
        return added;
    }

    private static async Task<int> AddBatchAsync(IDbContextFactory<AppDbContext> dbFactory, IReadOnlyList<OutboxMessage> candidates,
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
