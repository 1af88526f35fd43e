using System.Net;
using System.Text.Json;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alltkn.Handoff.Tests.Hosting;

/// <summary><c>/health</c>: open to a proxy or orchestrator, healthy when the database is reachable and migrated, telling no secrets.</summary>
public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_answers_healthy_without_signing_in_and_without_paths_or_versions()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(HealthSetup.Path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetString().Should().Be("Healthy");
        json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().Should().Be("Healthy");
        body.Should().NotContain(app.Database.Folder).And.NotContain("Data Source").And.NotContain(".db");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task A_database_without_its_migrations_is_unhealthy_saying_so()
    {
        var folder = Directory.CreateTempSubdirectory("alltkn-health-");
        try
        {
            var file = Path.Combine(folder.FullName, "old.db");
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
            {
                // A database file that exists and answers, but was never migrated.
                await connection.OpenAsync(Ct);
                await using var create = connection.CreateCommand();
                create.CommandText = "CREATE TABLE Something (Id INTEGER PRIMARY KEY);";
                await create.ExecuteNonQueryAsync(Ct);
            }
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = file })
                .Build();
            await using var services = new ServiceCollection().AddLogging().AddHandoffData(configuration).BuildServiceProvider();
            var check = new DatabaseHealthCheck(services.GetRequiredService<IDbContextFactory<AppDbContext>>(), NullLogger<DatabaseHealthCheck>.Instance);

            var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

            result.Status.Should().Be(HealthStatus.Unhealthy);
            result.Description.Should().MatchRegex(@"^\d+ database migration\(s\) are not applied\.$");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
