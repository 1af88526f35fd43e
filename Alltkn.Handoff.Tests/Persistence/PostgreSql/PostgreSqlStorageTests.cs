using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// The app's schema and storage on a real PostgreSQL server (a throwaway database for this class): every PostgreSQL migration
/// applied from empty, the same tables, indexes and append-only revision log as on SQLite, enums as names, times in UTC,
/// optimistic concurrency. Skipped, saying why, without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgreSqlStorageTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_PostgreSQL_migration_applies_from_empty_and_the_model_has_no_change_left_without_one()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var db = database.NewContext();

        db.Database.IsNpgsql().Should().BeTrue();
        var applied = (await db.Database.GetAppliedMigrationsAsync(Cancel)).ToArray();
        applied.Should().Equal(db.Database.GetMigrations(), "every PostgreSQL migration is applied (into the run's template this database is a copy of), in order");
        applied.Should().Contain(m => m.EndsWith("_InitialPostgreSql", StringComparison.Ordinal));
        (await db.Database.GetPendingMigrationsAsync(Cancel)).Should().BeEmpty();
        db.Database.HasPendingModelChanges().Should().BeFalse();
    }

    [Fact]
    public async Task The_PostgreSQL_schema_has_the_tables_indexes_and_append_only_triggers_of_the_SQLite_schema()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var sqlite = await SqliteTestDatabase.CreateAsync();
        using var sqliteRaw = sqlite.OpenRawConnection();
        await using var postgres = await database.OpenRawConnectionAsync();

        var sqliteTables = Names(sqliteRaw, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .Where(t => t != "__EFMigrationsLock").ToList(); // EF's migration lock on SQLite; PostgreSQL locks the history table itself
        var sqliteIndexes = Names(sqliteRaw, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'");
        var sqliteTriggers = Names(sqliteRaw, "SELECT name FROM sqlite_master WHERE type = 'trigger'");
        var postgresTables = await NamesAsync(postgres, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        // Primary keys and alternate keys are indexes of their own on PostgreSQL; SQLite's are its unnamed autoindexes.
        var postgresIndexes = await NamesAsync(postgres,
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'PK\\_%' AND indexname NOT LIKE 'AK\\_%'");
        var postgresTriggers = await NamesAsync(postgres, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal");

        sqliteTables.Should().Contain("DataProtectionKeys");
        postgresTables.Should().BeEquivalentTo(sqliteTables);
        sqliteIndexes.Should().Contain(["IX_Onboardings_Customer_Id", "IX_Onboardings_Blocked_Customer_Id", "IX_HandoffItems_Unsettled_DueDate"]);
        postgresIndexes.Should().BeEquivalentTo(sqliteIndexes, "every index SQLite has, by hand or from the model, PostgreSQL has too");
        postgresTriggers.Should().Contain(sqliteTriggers).And.Contain("RevisionEntries_NoTruncate");
        (await NamesAsync(postgres, "SELECT DISTINCT data_type FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%AtUtc'"))
            .Should().Equal(["timestamp with time zone"], "every time is stored as an instant (timestamptz)");
    }

    [Fact]
    public async Task The_revision_log_refuses_UPDATE_DELETE_and_TRUNCATE()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var onboarding = await SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        await using var db = database.NewContext();
        var before = await db.Revisions.CountAsync(r => r.OnboardingId == onboarding.Id, Cancel);
        before.Should().BeGreaterThan(0);

        var update = () => db.Database.ExecuteSqlRawAsync("UPDATE \"RevisionEntries\" SET \"After\" = 'rewritten' WHERE \"OnboardingId\" = {0}", [onboarding.Id], Cancel);
        var delete = () => db.Database.ExecuteSqlRawAsync("DELETE FROM \"RevisionEntries\" WHERE \"OnboardingId\" = {0}", [onboarding.Id], Cancel);
        var truncate = () => db.Database.ExecuteSqlRawAsync("TRUNCATE \"RevisionEntries\"", Cancel);

        (await update.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Be("The revision log is append-only: entries cannot be changed.");
        (await delete.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Be("The revision log is append-only: entries cannot be deleted.");
        await truncate.Should().ThrowAsync<PostgresException>();
        (await db.Revisions.CountAsync(r => r.OnboardingId == onboarding.Id, Cancel)).Should().Be(before);
        (await db.Revisions.Where(r => r.OnboardingId == onboarding.Id).Select(r => r.After).ToListAsync(Cancel)).Should().NotContain("rewritten");
    }

    [Fact]
    public async Task An_onboarding_created_and_changed_through_the_service_reads_back_with_UTC_times_and_enums_stored_as_names()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var service = database.OnboardingServiceFor(Actors.TeamAdmin);
        var createdAt = database.Clock.GetUtcNow().UtcDateTime;
        var created = await service.CreateAsync(Scenario.InvoiceInquiry, new DetailsBuilder().NeedingInvoice().Build(), Cancel);
        created.Succeeded.Should().BeTrue(created.Message);
        var item = (await LoadAsync(created.Value)).ItemByKey("inquiry.contact-type");
        database.Clock.Advance(TimeSpan.FromMinutes(7));
        (await service.UpdateItemAsync(created.Value, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "Invoice inquiry declared on the first call" }, Cancel))
            .Status.Should().Be(OutcomeStatus.Ok);

        var stored = await LoadAsync(created.Value);
        stored.Scenario.Should().Be(Scenario.InvoiceInquiry);
        stored.CreatedAtUtc.Should().Be(createdAt);
        stored.CreatedAtUtc.Kind.Should().Be(DateTimeKind.Utc);
        var done = stored.ItemByKey("inquiry.contact-type");
        done.Status.Should().Be(ItemStatus.Done);
        done.Evidence.Should().Be("Invoice inquiry declared on the first call");
        done.Version.Should().Be(item.Version + 1);
        await using (var db = database.NewContext())
        {
            var revisions = await db.Revisions.AsNoTracking().Where(r => r.OnboardingId == created.Value).ToListAsync(Cancel);
            revisions.Should().Contain(r => r.Kind == RevisionKind.ItemChanged && r.AtUtc == createdAt.AddMinutes(7));
            revisions.Should().OnlyContain(r => r.AtUtc.Kind == DateTimeKind.Utc);
        }

        await using var raw = await database.OpenRawConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Stage\" || ' ' || \"Scenario\", to_char(\"CreatedAtUtc\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM \"Onboardings\" WHERE \"Id\" = @id", raw);
        command.Parameters.AddWithValue("id", created.Value);
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            (await reader.ReadAsync(Cancel)).Should().BeTrue();
            reader.GetString(0).Should().Be("Inquiry InvoiceInquiry", "enums are stored as their names");
            reader.GetString(1).Should().Be(createdAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), "the instant stored is the clock's UTC time, not shifted by a zone");
        }
        await using var kinds = new NpgsqlCommand("SELECT DISTINCT \"Status\" FROM \"HandoffItems\" WHERE \"OnboardingId\" = @id", raw);
        kinds.Parameters.AddWithValue("id", created.Value);
        var statuses = new List<string>();
        await using (var reader = await kinds.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                statuses.Add(reader.GetString(0));
            }
        }
        statuses.Should().Contain(["Done", "Open"]);
    }

    [Fact]
    public async Task A_save_from_a_stale_version_is_refused_and_the_first_save_stays()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var onboarding = await SaveAsync(new OnboardingBuilder().Build());
        const string key = "inquiry.use-case";
        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
        var theirs = await second.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
        mine.CompleteItem(key, Actors.TeamAdmin, TestClock.Later(1), "Chat assistant; gpt-4o-mini; CNY 20,000 a month");
        theirs.CompleteItem(key, Actors.TeamAdmin, TestClock.Later(2), "Batch summaries; claude-sonnet-4; CNY 5,000 a month");
        first.Revisions.AddRange(mine.PendingRevisions);
        second.Revisions.AddRange(theirs.PendingRevisions);

        await first.SaveChangesAsync(Cancel);
        var late = () => second.SaveChangesAsync(Cancel);

        await late.Should().ThrowAsync<DbUpdateConcurrencyException>();
        var stored = (await LoadAsync(onboarding.Id)).ItemByKey(key);
        stored.Evidence.Should().Be("Chat assistant; gpt-4o-mini; CNY 20,000 a month", "the first save is not overwritten");
        stored.Version.Should().Be(1);
    }

    [Fact]
    public async Task A_stale_version_through_the_service_is_a_conflict_not_an_overwrite()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var service = database.OnboardingServiceFor(Actors.TeamAdmin);
        var created = await service.CreateAsync(Scenario.InvoiceInquiry, new DetailsBuilder().NeedingInvoice().Build(), Cancel);
        created.Succeeded.Should().BeTrue(created.Message);
        var item = (await LoadAsync(created.Value)).ItemByKey("inquiry.contact-type");
        (await service.UpdateItemAsync(created.Value, item.Id, item.Version, ItemUpdate.From(item) with { Evidence = "First word" }, Cancel))
            .Status.Should().Be(OutcomeStatus.Ok);

        var stale = await service.UpdateItemAsync(created.Value, item.Id, item.Version, ItemUpdate.From(item) with { Evidence = "Second word" }, Cancel);

        stale.Status.Should().Be(OutcomeStatus.Conflict);
        (await LoadAsync(created.Value)).ItemByKey("inquiry.contact-type").Evidence.Should().Be("First word");
    }

    private async Task<Onboarding> SaveAsync(Onboarding onboarding)
    {
        await using var db = database.NewContext();
        db.Onboardings.Add(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(Cancel);
        onboarding.ClearPendingRevisions();
        return onboarding;
    }

    private async Task<Onboarding> LoadAsync(Guid onboardingId)
    {
        await using var db = database.NewContext();
        return await db.Onboardings.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == onboardingId, Cancel);
    }

    private static List<string> Names(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static async Task<List<string>> NamesAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var names = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
