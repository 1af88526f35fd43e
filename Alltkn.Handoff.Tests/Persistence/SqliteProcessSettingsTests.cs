using Alltkn.Handoff.App.Data;
using FluentAssertions;
using Microsoft.Data.Sqlite;

namespace Alltkn.Handoff.Tests.Persistence;

public sealed class SqliteProcessSettingsTests
{
    [Fact]
    public void SQLite_counts_no_memory_so_its_allocations_share_no_lock_across_connections()
    {
        SqliteProcessSettings.MemoryStatisticsOff.Should().BeTrue("the app turns them off before any connection opens");
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (x TEXT); INSERT INTO t VALUES (randomblob(100000)); SELECT count(*) FROM t;";
        command.ExecuteScalar().Should().Be(1L);

        // With statistics on, SQLite counts every byte it holds (and takes a lock shared by all connections to do so).
        SQLitePCL.raw.sqlite3_memory_used().Should().Be(0);
    }
}
