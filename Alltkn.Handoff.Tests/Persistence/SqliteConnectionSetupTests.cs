using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Tests.Persistence.Support;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Persistence;

public sealed class SqliteConnectionSetupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_connection_the_app_opens_waits_for_the_write_lock_and_keeps_its_savepoint_journal_in_memory()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = await database.Contexts.CreateDbContextAsync(Cancel);
        await db.Database.OpenConnectionAsync(Cancel);

        var settings = new Dictionary<string, string?>();
        foreach (var pragma in new[] { "busy_timeout", "synchronous", "wal_autocheckpoint", "temp_store", "journal_mode" })
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA {pragma}";
            var value = await command.ExecuteScalarAsync(Cancel);
            settings[pragma] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        settings.Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["busy_timeout"] = SqliteConnectionSetup.BusyTimeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["synchronous"] = "1", // NORMAL: no sync of the log at every commit (safe in WAL mode)
            ["wal_autocheckpoint"] = SqliteConnectionSetup.AutoCheckpointPages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["temp_store"] = "2", // MEMORY: the group save's savepoint journal (see SqliteConnectionSetup)
            ["journal_mode"] = "wal",
        });
    }
}
