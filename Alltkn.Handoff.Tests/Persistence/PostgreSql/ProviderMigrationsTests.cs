using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// One model, two sets of migrations: each provider sees only its own migrations and snapshot, and each snapshot matches
/// the model. Needs no server (EF compares the model and the snapshot without connecting).
/// </summary>
public sealed class ProviderMigrationsTests
{
    private const string NoServer = "Host=127.0.0.1;Port=1;Database=never_opened;Username=nobody";

    [Fact]
    public void SQLite_is_the_default_provider_and_sees_only_the_SQLite_migrations()
    {
        using var db = Context(new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = Path.Combine(Path.GetTempPath(), "never-created", "handoff.db") });

        db.Database.IsSqlite().Should().BeTrue("nothing in the configuration names a provider");
        var migrations = db.Database.GetMigrations().ToArray();
        migrations.Should().Contain(m => m.EndsWith("_InitialCreate", StringComparison.Ordinal))
            .And.Contain(m => m.EndsWith("_RevisionLogAppendOnly", StringComparison.Ordinal))
            .And.Contain(m => m.EndsWith("_DataProtectionKeys", StringComparison.Ordinal))
            .And.NotContain(m => m.EndsWith("_InitialPostgreSql", StringComparison.Ordinal));
        MigrationTypes(db).Should().OnlyContain(t => t.Namespace == ProviderMigrationsAssembly.SqliteNamespace);
        db.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType().Namespace.Should().Be(ProviderMigrationsAssembly.SqliteNamespace);
        db.Database.HasPendingModelChanges().Should().BeFalse("every change to the EF model comes with a SQLite migration");
    }

    [Fact]
    public void PostgreSQL_sees_only_its_own_migrations_and_its_snapshot_matches_the_model()
    {
        using var db = Context(new Dictionary<string, string?>
        {
            [HandoffDatabase.ProviderKey] = "PostgreSQL",
            [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = NoServer,
        });

        db.Database.IsNpgsql().Should().BeTrue();
        db.Database.GetMigrations().Should().NotBeEmpty().And.Contain(m => m.EndsWith("_InitialPostgreSql", StringComparison.Ordinal))
            .And.NotContain(m => m.EndsWith("_RevisionLogAppendOnly", StringComparison.Ordinal));
        MigrationTypes(db).Should().OnlyContain(t => t.Namespace == ProviderMigrationsAssembly.PostgreSqlNamespace);
        db.GetService<IMigrationsAssembly>().ModelSnapshot!.GetType().Namespace.Should().Be(ProviderMigrationsAssembly.PostgreSqlNamespace);
        db.Database.HasPendingModelChanges().Should().BeFalse("every change to the EF model comes with a PostgreSQL migration too");
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_or_an_unknown_provider_stops_the_start_saying_what_to_set()
    {
        var noConnection = () => HandoffDatabase.From(Configuration(new Dictionary<string, string?> { [HandoffDatabase.ProviderKey] = "PostgreSQL" }));
        var unknown = () => HandoffDatabase.From(Configuration(new Dictionary<string, string?> { [HandoffDatabase.ProviderKey] = "Oracle" }));

        noConnection.Should().Throw<InvalidOperationException>().WithMessage("*ConnectionStrings:Handoff*");
        unknown.Should().Throw<InvalidOperationException>().WithMessage("*Sqlite*PostgreSQL*");
        HandoffDatabase.From(Configuration(new Dictionary<string, string?> { [HandoffDatabase.ProviderKey] = "postgresql", ["ConnectionStrings:Handoff"] = NoServer }))
            .Provider.Should().Be(DatabaseProvider.PostgreSQL);
    }

    [Fact]
    public void Only_SQLite_connections_get_SQLites_connection_setup()
    {
        using var sqlite = Context(new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = Path.Combine(Path.GetTempPath(), "never-created", "handoff.db") });
        using var postgres = Context(new Dictionary<string, string?>
        {
            [HandoffDatabase.ProviderKey] = "PostgreSQL",
            [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = NoServer,
        });

        Interceptors(sqlite).Should().Contain(SqliteConnectionSetup.Instance);
        Interceptors(postgres).Should().NotContain(SqliteConnectionSetup.Instance);
    }

    [Theory]
    [InlineData("40001", true)]  // serialization_failure
    [InlineData("40P01", true)]  // deadlock_detected
    [InlineData("23505", false)] // unique_violation: retrying cannot help
    [InlineData("42P01", false)] // undefined_table
    public void On_PostgreSQL_serialization_failures_and_deadlocks_count_as_busy_and_nothing_else_does(string sqlState, bool busy)
    {
        var failure = new PostgresException("server says no", "ERROR", "ERROR", sqlState);

        DataSetup.IsBusy(failure).Should().Be(busy);
        DataSetup.IsBusy(new DbUpdateException("save failed", failure)).Should().Be(busy, "EF wraps the server's error");
    }

    private static IEnumerable<object> Interceptors(AppDbContext db) =>
        db.GetService<IDbContextOptions>().Extensions.OfType<CoreOptionsExtension>().SelectMany(e => e.Interceptors ?? []);

    private static IEnumerable<Type> MigrationTypes(AppDbContext db) =>
        db.GetService<IMigrationsAssembly>().Migrations.Values.Select(t => t.AsType());

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static AppDbContext Context(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        var database = HandoffDatabase.From(configuration);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseHandoffDatabase(database, HandoffPaths.From(configuration));
        return new AppDbContext((DbContextOptions<AppDbContext>)options.Options);
    }
}
