using Microsoft.Data.Sqlite;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Copies the SQLite write-ahead log back into the database file in the background, off the writers' path.
/// </summary>
/// <remarks>
/// Why: SQLite checkpoints by itself when a commit finds the log past <see cref="SqliteConnectionSetup.AutoCheckpointPages"/>
/// pages, in that commit, while its writer holds the app's one write turn (<see cref="WriteGate"/>): that save then also
/// copies the log into the file and syncs it (the one sync of <c>synchronous=NORMAL</c>), and every writer in line waits for
/// it. Here a passive checkpoint (which takes no write lock: writers go on appending to the log meanwhile) runs on a
/// connection of its own every <see cref="Interval"/> after saves were made, so the copying is done off the writers' path
/// and, once saves pause, the log starts over small. (While people keep saving, the log cannot start over and grows
/// anyway: the automatic checkpoint's bound is set well above what a second of saves writes.) The automatic checkpoint is
/// kept as the bound when this service is not running (tools, tests).
/// </remarks>
public sealed class WalCheckpointer(HandoffPaths paths, TimeProvider clock, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var checkpointedAfter = WriteGate.SaveTurnsTaken;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var saves = WriteGate.SaveTurnsTaken;
                if (saves == checkpointedAfter)
                {
                    continue;
                }
                checkpointedAfter = saves;
                try
                {
                    await CheckpointAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    logger.LogWarning(failure, "A background checkpoint of the database failed; the next one tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One passive checkpoint: copies what it can of the log without waiting for readers or writers.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        // Never makes the file (a test may have removed it), and holds no handle on it between checkpoints.
        var connectionString = new SqliteConnectionStringBuilder(paths.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using var connection = new SqliteConnection(connectionString.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
