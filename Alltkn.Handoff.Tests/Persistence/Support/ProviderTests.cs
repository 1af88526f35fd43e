using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Tests.Persistence.PostgreSql;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// The base of a test class whose tests run on both providers, each body written once. The class itself runs on SQLite
/// (its name and its tests' names as before); a thin subclass <c>…OnPostgreSql</c> overrides <see cref="Provider"/> and runs
/// every test again on a database of its own on the PostgreSQL server of <c>HANDOFF_TEST_POSTGRES</c>, or skips each, saying
/// why, when that is not set.
/// </summary>
public abstract class ProviderTests
{
    /// <summary>The provider this class's tests run on.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>A new database of this test's provider, migrated as the app starts (skips the test when PostgreSQL is not configured).</summary>
    protected Task<IHandoffTestDatabase> CreateDatabaseAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        CreateDatabaseAsync(Provider, settings);

    public static async Task<IHandoffTestDatabase> CreateDatabaseAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null) =>
        provider == DatabaseProvider.PostgreSQL
            ? await PostgreSqlTestDatabase.CreateAsync(settings)
            : await SqliteTestDatabase.CreateAsync(settings);

    /// <summary>
    /// Skips the calling test on PostgreSQL, saying why: for the few tests that check something only SQLite has (its file,
    /// its error codes, its connection settings); the PostgreSQL side of the same promise is in Persistence/PostgreSql.
    /// </summary>
    protected void SqliteOnly(string why)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            Assert.Skip($"SQLite only: {why}");
        }
    }
}
