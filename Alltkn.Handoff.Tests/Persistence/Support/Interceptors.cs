using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// Runs something once, just before the first save of the context it is given to (before its transaction begins), with
/// that save's cancellation token: the save may run on the app's group saver thread, outside the test's flow (where
/// <c>TestContext.Current</c> is no test's).
/// </summary>
public sealed class BeforeFirstSave(Func<CancellationToken, Task> action) : SaveChangesInterceptor
{
    private int _ran;

    public bool Ran => _ran == 1;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ran, 1) == 0)
        {
            await action(cancellationToken);
        }
        return result;
    }
}

/// <summary>
/// Fails a save half-way, the way a full disk would: right after the INSERT into the revision log has run inside the
/// save's transaction, it throws SQLite's "disk I/O error". Records the commands that ran before.
/// </summary>
public sealed class FailAfterRevisionInsert : DbCommandInterceptor
{
    private readonly List<string> _executed = [];

    public IReadOnlyList<string> Executed => _executed;

    public bool Failed { get; private set; }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }

    private void After(DbCommand command)
    {
        _executed.Add(command.CommandText);
        if (command.CommandText.Contains("INSERT INTO \"RevisionEntries\"", StringComparison.Ordinal))
        {
            Failed = true;
            throw new SqliteException("disk I/O error (thrown by the test after the revision insert ran)", 10);
        }
    }
}

/// <summary>Refuses to commit: every command of the save has run in the transaction, then the commit fails.</summary>
public sealed class FailAtCommit : DbTransactionInterceptor
{
    public bool Failed { get; private set; }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Failed = true;
        throw new SqliteException("disk I/O error (thrown by the test at commit)", 10);
    }
}
