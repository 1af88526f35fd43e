using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>Start-up on a real SQLite file: created and migrated from nothing, kept across starts, set up for several people.</summary>
/// <remarks>
/// SQLite only: the file and its folder, WAL, the busy timeout, foreign keys per connection and sqlite_master are SQLite's
/// own. Start-up on PostgreSQL (migrations from empty, three instances at once, the schema) is in PostgreSql/PostgreSqlStartTests
/// and PostgreSql/PostgreSqlStorageTests.
/// </remarks>
public sealed class DatabaseStartTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_up_creates_the_folder_and_the_database_and_applies_every_migration()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();

        File.Exists(database.DatabaseFile).Should().BeTrue("start-up creates the database file and the folder it sits in");
        await using var db = database.NewContext();
        var applied = (await db.Database.GetAppliedMigrationsAsync(Cancel)).ToArray();
        applied.Should().Equal(db.Database.GetMigrations(), "every migration of the app is applied, in order");
        applied.Should().Contain(m => m.EndsWith("_InitialCreate", StringComparison.Ordinal))
            .And.Contain(m => m.EndsWith("_RevisionLogAppendOnly", StringComparison.Ordinal));
        (await db.Database.GetPendingMigrationsAsync(Cancel)).Should().BeEmpty();

        using var raw = database.OpenRawConnection();
        SchemaObjects(raw, "table").Should().Contain(["Onboardings", "HandoffItems", "SupportAssignments", "RevisionEntries", "ItemComments", "AspNetUsers", "__EFMigrationsHistory"]);
        SchemaObjects(raw, "trigger").Should().BeEquivalentTo(["RevisionEntries_NoUpdate", "RevisionEntries_NoDelete", "ItemComments_NoDelete"]);
    }

    [Fact]
    public async Task The_migrations_match_the_model_so_no_change_is_left_without_a_migration()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.NewContext();

        db.Database.HasPendingModelChanges().Should().BeFalse("every change to the EF model comes with a migration");
    }

    [Fact]
    public async Task Every_enum_is_stored_as_its_name()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build());
        await using var db = database.NewContext();

        var enums = db.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType).IsEnum).ToArray();
        enums.Should().NotBeEmpty();
        enums.Should().OnlyContain(p => (p.GetValueConverter() == null ? p.GetProviderClrType() : p.GetValueConverter()!.ProviderClrType) == typeof(string),
            "enums are stored as their names, so the file reads on its own and reordering an enum breaks nothing");

        using var raw = database.OpenRawConnection();
        var stored = new[]
        {
            "SELECT Stage || ' ' || Scenario FROM Onboardings",
            "SELECT DISTINCT Status || ' ' || OwnerRole || ' ' || EvidenceKind || ' ' || Stage FROM HandoffItems",
            "SELECT Responsibility FROM SupportAssignments",
            "SELECT DISTINCT Kind FROM RevisionEntries",
        }.SelectMany(sql => Column(raw, sql)).ToArray();
        stored.Should().Contain("GoLive EnterpriseTrial").And.Contain("OwnsNightReleaseWindow").And.Contain("StageMoved")
            .And.Contain(v => v.StartsWith("Done TechLead StatusCodeObservation", StringComparison.Ordinal));
        stored.Should().OnlyContain(v => v.Split(' ', StringSplitOptions.None).All(word => word.Length > 0 && !char.IsDigit(word[0])));
    }

    [Fact]
    public async Task A_second_start_on_the_same_file_keeps_every_onboarding_item_and_revision_and_applies_nothing_again()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var service = database.OnboardingServiceFor(Actors.TeamAdmin);
        var created = await service.CreateAsync(Scenario.InvoiceInquiry, new DetailsBuilder().NeedingInvoice().Build(), Cancel);
        created.Succeeded.Should().BeTrue(created.Message);
        var item = (await database.LoadAsync(created.Value)).ItemByKey("inquiry.contact-type");
        (await service.UpdateItemAsync(created.Value, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "Invoice inquiry declared on the first call" }, Cancel))
            .Status.Should().Be(OutcomeStatus.Ok);
        var before = OnboardingSnapshot.Of(await database.LoadAsync(created.Value));
        var revisionsBefore = await database.RevisionCountAsync();
        var historyBefore = MigrationHistory(database);

        await database.RestartAsync();

        OnboardingSnapshot.Of(await database.LoadAsync(created.Value)).Should().Be(before);
        (await database.RevisionCountAsync()).Should().Be(revisionsBefore).And.BeGreaterThan(1);
        MigrationHistory(database).Should().Equal(historyBefore, "a second start applies no migration again");
    }

    [Fact]
    public async Task After_start_up_the_database_file_is_in_WAL_mode()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();

        // A new raw connection reads the mode stored in the file itself, not a setting of the app's connections.
        using var raw = database.OpenRawConnection();
        Scalar(raw, "PRAGMA journal_mode;").Should().Be("wal");
    }

    [Fact]
    public async Task A_context_connection_enforces_foreign_keys()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync(Cancel);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Scalar(connection, "PRAGMA foreign_keys;").Should().Be("1");

        var orphan = () => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO SupportAssignments (OnboardingId, Responsibility, PersonName) VALUES ({0}, 'ReadsLogs', 'Sun Hao')",
            [Guid.NewGuid()], Cancel);
        (await orphan.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("FOREIGN KEY constraint failed");
    }

    [Fact]
    public async Task Writers_wait_for_a_busy_file_instead_of_failing()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var held = TimeSpan.FromSeconds(2);

        // Someone else holds the write lock for two seconds (a long import, a backup).
        using var blocker = database.OpenRawConnection();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }
        var release = Task.Run(async () =>
        {
            await Task.Delay(held, Cancel);
            using var commit = blocker.CreateCommand();
            commit.CommandText = "COMMIT;";
            commit.ExecuteNonQuery();
        }, Cancel);

        var started = DateTime.UtcNow;
        var writers = Enumerable.Range(1, 12).Select(n => Task.Run(() =>
            database.OnboardingServiceFor(Actors.TeamAdmin).CreateAsync(Scenario.EnterpriseTrial,
                new DetailsBuilder().ForCustomer($"Writer {n:00}").Build(), Cancel), Cancel)).ToArray();
        var outcomes = await Task.WhenAll(writers);
        await release;

        outcomes.Should().AllSatisfy(o => o.Status.Should().Be(OutcomeStatus.Ok, o.Message));
        (DateTime.UtcNow - started).Should().BeGreaterThan(held - TimeSpan.FromMilliseconds(200), "the writers waited for the lock");
        await using var db = database.NewContext();
        (await db.Onboardings.CountAsync(Cancel)).Should().Be(12);
    }

    [Fact]
    public void A_relative_database_path_is_resolved_to_an_absolute_one_with_the_keys_beside_it()
    {
        var paths = new HandoffPaths(HandoffPaths.DefaultDatabasePath);

        Path.IsPathFullyQualified(paths.DatabaseFile).Should().BeTrue();
        paths.DatabaseFile.Should().Be(Path.Combine(Environment.CurrentDirectory, "data", "handoff.db"));
        paths.DataDirectory.Should().Be(Path.Combine(Environment.CurrentDirectory, "data"));
        paths.KeysDirectory.Should().Be(Path.Combine(Environment.CurrentDirectory, "data", "keys"));
        paths.ConnectionString.Should().Contain(paths.DatabaseFile).And.Contain("Foreign Keys=True").And.Contain("Default Timeout=");
    }

    [Fact]
    public void The_default_database_folder_and_database_files_are_kept_out_of_git()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Alltkn.Handoff.sln")))
        {
            root = root.Parent;
        }
        root.Should().NotBeNull("the tests run inside the repository");

        var ignored = File.ReadAllLines(Path.Combine(root!.FullName, ".gitignore")).Select(l => l.Trim()).ToArray();

        ignored.Should().Contain(["data/", "*.db", "*.db-wal", "*.db-shm"]);
    }

    private static string[] SchemaObjects(SqliteConnection connection, string type)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = $type";
        command.Parameters.AddWithValue("$type", type);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return [.. names];
    }

    private static IEnumerable<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private static string[] MigrationHistory(SqliteTestDatabase database)
    {
        using var raw = database.OpenRawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return [.. ids];
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
