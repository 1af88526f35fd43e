using Alltkn.Handoff.App.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>The background checkpoint: the write-ahead log copied into the database file off the writers' path.</summary>
public sealed class WalCheckpointerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-checkpoint-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_checkpoint_copies_the_whole_log_into_the_file_while_a_writer_keeps_its_connection_open()
    {
        var paths = new HandoffPaths(Path.Combine(_folder, "handoff.db"));
        await using var writer = new SqliteConnection(paths.ConnectionString);
        await writer.OpenAsync(Cancel);
        Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x TEXT);");
        for (var n = 0; n < 100; n++)
        {
            Execute(writer, $"INSERT INTO t VALUES ('{new string('x', 1000)}');");
        }
        new FileInfo(paths.DatabaseFile).Length.Should().BeLessThan(100 * 1000, "the inserts are in the log, not yet in the file");

        await new WalCheckpointer(paths, TimeProvider.System, NullLogger<WalCheckpointer>.Instance).CheckpointAsync(Cancel);

        new FileInfo(paths.DatabaseFile).Length.Should().BeGreaterThan(100 * 1000, "the log was copied into the database file");
    }

    [Fact]
    public async Task A_checkpoint_never_makes_a_database_file_that_is_not_there()
    {
        var paths = new HandoffPaths(Path.Combine(_folder, "gone.db"));

        var checkpoint = () => new WalCheckpointer(paths, TimeProvider.System, NullLogger<WalCheckpointer>.Instance).CheckpointAsync(Cancel);

        await checkpoint.Should().ThrowAsync<SqliteException>();
        File.Exists(paths.DatabaseFile).Should().BeFalse();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
