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
/// got a thread. Here one thread of its own (the saver, <see cref="SaveGroups"/>) saves every change waiting for the turn
/// in one go, group after group while changes keep coming.
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

    // Set when a change joins Together: wakes the saver thread.
    private static readonly AutoResetEvent Arrived = new(false);

    // The one thread that saves groups (started at the first grouped save); guarded by Together.
    private static Thread? _saver;

    private static long _groupsCommitted;

    private static long _groupChanges;

    private static long _groupTicks;

    /// <summary>
    /// Groups saved since the process started, the changes in them and the time spent saving them (in the write turn):
    /// for the benchmark, which compares the time groups held the turn with the time its writers ran.
    /// </summary>
    public static (long Groups, long Changes, TimeSpan Saving) GroupTotals =>
        (Interlocked.Read(ref _groupsCommitted), Interlocked.Read(ref _groupChanges), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _groupTicks)));

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
        if (AloneNow())
        {
            // Nobody else saving or waiting: saved here at once, as a group of one, without waking the saver thread.
            using (new Turn(SaveLock).Here())
            {
                await SaveGroupAsync([mine]);
            }
            mine.Failure?.Throw();
            db.ChangeTracker.AcceptAllChanges();
            return mine.SavingSince;
        }
        lock (Together)
        {
            Together.Add(mine);
            if (_saver is null)
            {
                // Started without this flow's execution context (UnsafeStart): the saver serves every writer to come, so it
                // must not carry the AsyncLocals of the one that happened to start it (its request's logging scope and
                // trace, its HttpContext, the turns it held) into every group it saves; each change is saved in its own
                // writer's flow instead (InWritersFlow).
                _saver = new Thread(SaveGroups) { IsBackground = true, Name = "Handoff group saver" };
                _saver.UnsafeStart();
            }
        }
        Arrived.Set();
        await mine.Saved.Task;
        mine.Failure?.Throw();
        db.ChangeTracker.AcceptAllChanges();
        return mine.SavingSince;
    }

    /// <summary>Takes the write turn if it is free and no change waits for it (then the caller holds it).</summary>
    private static bool AloneNow()
    {
        lock (Together)
        {
            if (Together.Count > 0 || !SaveLock.Wait(0))
            {
                return false;
            }
        }
        Interlocked.Increment(ref _saveTurnsTaken);
        return true;
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

    /// <summary>
    /// The saver thread: while changes wait, takes the turn, saves one group (the oldest waiting change and those of the
    /// same database, up to <see cref="MostTogether"/>), lets the turn go, tells the group's writers, and goes on.
    /// </summary>
    /// <remarks>
    /// A thread of its own rather than one of the writers: a writer handing the lead to the next through the thread
    /// pool waited behind every other writer's queued work (their loads, their pages) before the next group began, and
    /// the turn stood idle meanwhile (about half the time, 50 writers on two cores in a measure on a busy machine). This thread is woken by the operating
    /// system as soon as a change waits, and saves group after group while changes keep coming. SQLite's calls are
    /// synchronous underneath, so the thread is simply busy while it saves; the writers resume on the thread pool.
    /// </remarks>
    private static void SaveGroups()
    {
        while (true)
        {
            Arrived.WaitOne();
            while (true)
            {
                lock (Together)
                {
                    if (Together.Count == 0)
                    {
                        break;
                    }
                }
                SaveOneGroup();
            }
        }
    }

    private static void SaveOneGroup()
    {
        List<Waiting> group;
        SaveLock.Wait();
        Interlocked.Increment(ref _saveTurnsTaken);
        using (new Turn(SaveLock).Here())
        {
            lock (Together)
            {
                var database = Together[0].Database;
                group = Together.Where(w => w.Database == database).Take(MostTogether).ToList();
                Together.RemoveAll(group.Contains);
            }
            try
            {
                // Completes synchronously (SQLite's calls are); waited for here, on this thread, if it ever does not.
                SaveGroupAsync(group).GetAwaiter().GetResult();
            }
            catch (Exception failure)
            {
                var lost = ExceptionDispatchInfo.Capture(failure);
                foreach (var waiting in group)
                {
                    waiting.Failure ??= lost;
                }
            }
        }
        foreach (var done in group)
        {
            done.Saved.TrySetResult();
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
                await InWritersFlow(alone, () => alone.Db.SaveChangesAsync(alone.CancellationToken));
            }
            catch (Exception failure)
            {
                alone.Failure = ExceptionDispatchInfo.Capture(failure);
            }
            finally
            {
                Counted(group.Count, began);
            }
            return;
        }
        var first = group[0].Db.Database;
        var connectionString = group[0].Database;
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
                    await InWritersFlow(waiting, () => waiting.Db.SaveChangesAsync(acceptAllChangesOnSuccess: false, waiting.CancellationToken));
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
            try
            {
                foreach (var database in joined)
                {
                    await LeaveGroupAsync(database, connectionString);
                }
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync();
                }
                await first.CloseConnectionAsync();
                Counted(group.Count, began);
            }
        }
    }

    /// <summary>
    /// A context that joined the group leaves its transaction and its connection: back to a connection of its own (made
    /// again at its next use), for a pooled context must not keep the group's. Joining opened the group's connection once
    /// more for this context (EF counts opens per context): closed here once, which leaves the group's connection open
    /// (this context did not open it) and this context's count at nought, whatever EF's <c>SetDbConnection</c> does with it.
    /// </summary>
    private static async Task LeaveGroupAsync(DatabaseFacade database, string? connectionString)
    {
        try
        {
            await database.UseTransactionAsync(null, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Nothing to leave.
        }
        await database.CloseConnectionAsync();
        database.SetDbConnection(null, contextOwnsConnection: true);
        database.SetConnectionString(connectionString);
    }

    private static void Counted(int changes, long began)
    {
        Interlocked.Add(ref _groupTicks, Stopwatch.GetTimestamp() - began);
        Interlocked.Add(ref _groupChanges, changes);
        Interlocked.Increment(ref _groupsCommitted);
    }

    /// <summary>
    /// Runs a change's save in its writer's flow (the execution context captured when it began to wait: its request's
    /// logging scope and trace, its culture, the onboarding's line it holds), with the write turn marked as held there
    /// (the saver holds it for the writer), so the save and whatever runs inside it (an interceptor) behave as if the
    /// writer saved alone; the saver thread itself carries no writer's flow.
    /// </summary>
    private static Task<int> InWritersFlow(Waiting waiting, Func<Task<int>> save)
    {
        if (waiting.Flow is null)
        {
            return save();
        }
        Task<int>? saving = null;
        ExecutionContext.Run(waiting.Flow, _ =>
        {
            Turn.HeldFor(SaveLock);
            saving = save();
        }, null);
        return saving!;
    }

    /// <summary>One change waiting to be saved together.</summary>
    private sealed class Waiting(DbContext db, string? database, CancellationToken cancellationToken)
    {
        public DbContext Db { get; } = db;

        public string? Database { get; } = database;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>The writer's flow, in which its save runs (<see cref="InWritersFlow"/>); null when the writer suppressed it.</summary>
        public ExecutionContext? Flow { get; } = ExecutionContext.Capture();

        /// <summary>Done once its group is saved (committed or failed: see <see cref="Failure"/>).</summary>
        public TaskCompletionSource Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ExceptionDispatchInfo? Failure { get; set; }

        public long SavingSince { get; set; }
    }
}
