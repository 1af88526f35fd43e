using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// Several instances starting at once on one empty PostgreSQL database (a deployment's first start, or all instances
/// restarted together): each migrates and starts, and the migrations are applied once. Skipped, saying why, without
/// <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgreSqlStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_instances_starting_at_once_on_an_empty_database_all_start_and_migrate_it_once()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var server = PostgreSqlDatabase.ServerConnectionString!;
        var name = $"handoff_test_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var instances = Enumerable.Range(0, 3).Select(_ => Instance(connectionString)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => Task.Run(() => i.MigrateHandoffDatabaseAsync(Ct), Ct)));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(Ct);
            await using var applied = new NpgsqlCommand(
                """SELECT count(*), count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """, connection);
            await using var reader = await applied.ExecuteReaderAsync(Ct);
            (await reader.ReadAsync(Ct)).Should().BeTrue();
            reader.GetInt64(0).Should().BeGreaterThan(0).And.Be(reader.GetInt64(1), "each migration is applied once");
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static ServiceProvider Instance(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HandoffDatabase.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
            [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHandoffData(configuration);
        services.AddHandoffServices();
        services.AddSingleton<TimeProvider>(new SettableClock(Builders.TestClock.Now));
        return services.BuildServiceProvider();
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
