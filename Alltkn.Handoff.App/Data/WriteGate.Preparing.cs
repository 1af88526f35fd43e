using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Changes prepared a few at a time (one per processor), in the order they asked: on SQLite a change's preparation
/// (load the onboarding, decide, find what changed) is processor work only, with no wait on the database in it.
/// </summary>
/// <remarks>
/// Why: 50 people saving at once on two cores prepared 50 changes side by side, each getting a slice of the processors
/// in turn, so every one of them took long and the processors spent more time per change switching between them; and
/// which change came through first was left to the thread pool, which runs work queued by its own threads before work
/// queued from elsewhere (the group saver's "saved" answers waited behind newly started changes). Here a change waits
/// for a place before it prepares and leaves it before it waits for the write turn; the next one in line is resumed
/// through the thread pool's shared queue (<see cref="PlacesInOrder"/>). On PostgreSQL a change's preparation waits on
/// the server (its reads cross the network), so no place is taken there.
/// </remarks>
public static partial class WriteGate
{
    private static readonly PlacesInOrder Preparing = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>
    /// Waits for a place to prepare a change to <paramref name="db"/>: after the changes that asked before, when all places
    /// are taken; at once on PostgreSQL (no place then). Dispose the answer as soon as the change is prepared.
    /// </summary>
    public static async ValueTask<IDisposable?> PrepareAsync(DbContext db, CancellationToken cancellationToken = default) =>
        db.Database.IsSqlite() ? await Preparing.TakeAsync(cancellationToken) : null;
}
