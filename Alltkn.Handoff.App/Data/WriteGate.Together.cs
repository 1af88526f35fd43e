using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Saves committed together (group commit): changes waiting for the one write turn at the same moment are saved in
/// one SQLite transaction, one after the other, each under a savepoint of its own, and committed once.
/// </summary>
/// <remarks>
/// Why: with many people saving at once the write turn, not the processor, was the queue: every save held it for its
/// own begin, statements and commit, and between two saves the turn stood idle until the next writer's continuation
/// got a thread. Here the writer holding the turn (the leader) saves every change waiting for it in one go.
/// <para>
/// What a change still means: each change runs its own SaveChanges (its own statements, interceptors, concurrency
/// checks: a stale version is still a <see cref="DbUpdateConcurrencyException"/> to its writer) under a savepoint; a change
/// that fails is rolled back to its savepoint alone and its writer gets its own exception, the others are not undone.
/// Nothing is reported saved before the one commit: if the commit fails, every change of the group gets that failure
/// (and nothing of the group is stored). A change and its revision entries and outbox rows stay in one transaction.
/// Changes to different database files are never grouped; on PostgreSQL (no one write turn) a save goes straight to
/// the server as before. A change alone in its group is saved exactly as before (its own transaction, begun by its
/// save); in a group of several the transaction is begun before the first save, so a save interceptor that wrote through
/// another connection would wait for the group's lock (the app has none).
/// </para>
/// </remarks>
public static partial class WriteGate
{
    /// <summary>The most changes one commit takes; the rest wait for the next (bounds how long one commit holds the turn).</summary>
    public const int MostTogether = 64;

    private static readonly List<Waiting> Together = [];

    // Whether a writer leads a group now (or has been told to lead the next); guarded by Together.
    private static bool _leading;

    private static long _groupsCommitted;

    /// <summary>Groups saved (committed or failed) since the process started: for tests.</summary>
    internal static long GroupsSaved => Interlocked.Read(ref _groupsCommitted);

    /// <summary>Changes waiting to be saved together now: for tests.</summary>
    internal static int WaitingTogether
    {
        get
        {
            lock (Together)
            {
                return Together.Count;
            }
        }
    }

    /// <summary>
    /// Saves <paramref name="db"/>'s changes in the app's one write turn, together with the changes of other writers
    /// waiting for it at the same moment (see the class remarks). Returns when the change is committed, or throws what
    /// its save (or the group's commit) threw; the context's tracked changes are accepted only after the commit. The
    /// context must not be used for the database afterwards except to be disposed (its connection was the group's).
    /// Returns the <see cref="Stopwatch"/> timestamp at which its group began to save (what came before is waiting).
    /// </summary>
    public static async Task<long> SaveTogetherAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite() || db.Database.CurrentTransaction is not null || Holds(SaveLock))
        {
            var began = Stopwatch.GetTimestamp();
            await db.SaveChangesAsync(cancellationToken);
            return began;
        }
        var mine = new Waiting(db, db.Database.GetConnectionString(), cancellationToken);
        bool lead;
        lock (Together)
        {
            Together.Add(mine);
            lead = !_leading;
            _leading = true;
        }
        if (lead || await mine.Turn.Task == Told.Lead)
        {
            await LeadAsync();
        }
        mine.Failure?.Throw();
        db.ChangeTracker.AcceptAllChanges();
        return mine.SavingSince;
    }

    private static bool Holds(SemaphoreSlim gate)
    {
        for (var held = HeldHere.Value; held is not null; held = held.Outer)
        {
            if (ReferenceEquals(held.Gate, gate) && !held.Released)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Takes the turn, saves one group (the oldest waiting change and those of the same database), hands the lead on.</summary>
    private static async Task LeadAsync()
    {
        List<Waiting> group;
        using (var turn = (await EnterAsync(SaveLock, CancellationToken.None)).Here())
        {
            lock (Together)
            {
                var database = Together[0].Database;
                group = Together.Where(w => w.Database == database).Take(MostTogether).ToList();
                Together.RemoveAll(group.Contains);
            }
            await SaveGroupAsync(group);
        }
        Waiting? next = null;
        lock (Together)
        {
            if (Together.Count == 0)
            {
                _leading = false;
            }
            else
            {
                next = Together[0];
            }
        }
        next?.Turn.SetResult(Told.Lead);
        foreach (var done in group)
        {
            done.Turn.TrySetResult(Told.Done);
        }
    }

    private static async Task SaveGroupAsync(List<Waiting> group)
    {
        var began = Stopwatch.GetTimestamp();
        foreach (var waiting in group)
        {
            waiting.SavingSince = began;
        }
        if (group.Count == 1)
        {
            // Alone: saved as every save was before, in a transaction of its own begun by the save itself (so work a save
            // does before its statements, such as an interceptor's, runs before the database's write lock is taken).
            var alone = group[0];
            try
            {
                await alone.Db.SaveChangesAsync(alone.CancellationToken);
            }
            catch (Exception failure)
            {
                alone.Failure = ExceptionDispatchInfo.Capture(failure);
            }
            finally
            {
                Interlocked.Increment(ref _groupsCommitted);
            }
            return;
        }
        var first = group[0].Db.Database;
        IDbContextTransaction? transaction = null;
        var joined = new List<DatabaseFacade>();
        try
        {
            await first.OpenConnectionAsync(CancellationToken.None);
            transaction = await first.BeginTransactionAsync(CancellationToken.None);
            var connection = first.GetDbConnection();
            var shared = transaction.GetDbTransaction();
            for (var n = 0; n < group.Count; n++)
            {
                var waiting = group[n];
                var database = waiting.Db.Database;
                IDbContextTransaction own;
                try
                {
                    if (n > 0)
                    {
                        database.SetDbConnection(connection, contextOwnsConnection: false);
                        joined.Add(database);
                        await database.UseTransactionAsync(shared, CancellationToken.None);
                    }
                    own = database.CurrentTransaction!;
                    database.AutoSavepointsEnabled = false;
                }
                catch (InvalidOperationException cannotJoin)
                {
                    // This context cannot share the connection (its own is open): it alone is not saved.
                    waiting.Failure = ExceptionDispatchInfo.Capture(cannotJoin);
                    continue;
                }
                var savepoint = $"together_{n}";
                await own.CreateSavepointAsync(savepoint, CancellationToken.None);
                try
                {
                    await waiting.Db.SaveChangesAsync(acceptAllChangesOnSuccess: false, waiting.CancellationToken);
                }
                catch (Exception failure)
                {
                    waiting.Failure = ExceptionDispatchInfo.Capture(failure);
                    // Undoes this change alone; if even that fails, the transaction is lost and so is the group.
                    await own.RollbackToSavepointAsync(savepoint, CancellationToken.None);
                }
                await own.ReleaseSavepointAsync(savepoint, CancellationToken.None);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception failure)
        {
            // Begin, a savepoint or the commit failed: nothing of the group is stored, and every change is told so.
            var lost = ExceptionDispatchInfo.Capture(failure);
            foreach (var waiting in group)
            {
                waiting.Failure ??= lost;
            }
            if (transaction is not null)
            {
                try
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
                catch (Exception)
                {
                    // Already rolled back by SQLite (or the connection is gone): the failure above is what the writers hear.
                }
            }
        }
        finally
        {
            foreach (var database in joined)
            {
                try
                {
                    await database.UseTransactionAsync(null, CancellationToken.None);
                }
                catch (InvalidOperationException)
                {
                    // Nothing to leave.
                }
            }
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await first.CloseConnectionAsync();
            Interlocked.Increment(ref _groupsCommitted);
        }
    }

    private enum Told
    {
        Done,
        Lead,
    }

    /// <summary>One change waiting to be saved together.</summary>
    private sealed class Waiting(DbContext db, string? database, CancellationToken cancellationToken)
    {
        public DbContext Db { get; } = db;

        public string? Database { get; } = database;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>Done once its group is saved; Lead when it is to lead the next group (it is in that group).</summary>
        public TaskCompletionSource<Told> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ExceptionDispatchInfo? Failure { get; set; }

        public long SavingSince { get; set; }
    }
}
