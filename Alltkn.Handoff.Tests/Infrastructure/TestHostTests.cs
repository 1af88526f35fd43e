using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Infrastructure;

public sealed class TestDatabaseTests
{
    [Fact]
    public void Each_test_database_gets_its_own_empty_folder_under_the_shared_temp_root()
    {
        using var first = new TestDatabase();
        using var second = new TestDatabase();

        first.Folder.Should().NotBe(second.Folder);
        Path.GetDirectoryName(first.Folder).Should().Be(TestDatabase.RootFolder.TrimEnd(Path.DirectorySeparatorChar));
        Directory.EnumerateFileSystemEntries(first.Folder).Should().BeEmpty();
        first.DatabasePath.Should().Be(Path.Combine(first.Folder, TestDatabase.DatabaseFileName));
    }

    [Fact]
    public void Disposing_deletes_the_folder_even_after_sqlite_pooled_a_connection_to_it()
    {
        var database = new TestDatabase();
        using (var connection = new SqliteConnection($"Data Source={database.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE probe (id INTEGER PRIMARY KEY)";
            command.ExecuteNonQuery();
        }

        database.Dispose();

        Directory.Exists(database.Folder).Should().BeFalse();
    }

    [Fact]
    public void Wrapping_an_existing_folder_leaves_it_in_place_on_dispose()
    {
        using var owner = new TestDatabase();
        File.WriteAllText(owner.PathFor("keep.txt"), "kept");

        TestDatabase.Existing(owner.Folder).Dispose();

        File.ReadAllText(owner.PathFor("keep.txt")).Should().Be("kept");
    }
}

public sealed class HandoffAppFactoryTests
{
    [Fact]
    public async Task Test_settings_win_over_appsettings_json()
    {
        await using var factory = new HandoffAppFactory();

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        configuration["Handoff:DatabasePath"].Should().Be(factory.Database.DatabasePath);
        factory.Database.Folder.Should().StartWith(TestDatabase.RootFolder);
        configuration["Handoff:BootstrapAdmin:Email"].Should().Be(HandoffAppFactory.AdminEmail);
        configuration["Handoff:BootstrapAdmin:Password"].Should().Be(HandoffAppFactory.AdminPassword);
        configuration["Handoff:SampleData"].Should().Be("false");
        HandoffAppFactory.AdminPassword.Length.Should().BeGreaterThanOrEqualTo(16);
    }

    [Fact]
    public async Task Extra_settings_override_the_test_defaults()
    {
        await using var factory = new HandoffAppFactory
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Handoff:SampleData"] = "true",
                ["Handoff:BootstrapAdmin:Email"] = "someone@alltkn.test",
            },
        };

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        configuration["Handoff:SampleData"].Should().Be("true");
        configuration["Handoff:BootstrapAdmin:Email"].Should().Be("someone@alltkn.test");
        configuration["Handoff:DatabasePath"].Should().Be(factory.Database.DatabasePath);
    }

    [Fact]
    public async Task Disposing_the_factory_deletes_its_own_temp_folder()
    {
        var factory = new HandoffAppFactory();
        _ = factory.Services;
        var folder = factory.Database.Folder;

        await factory.DisposeAsync();

        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public async Task A_factory_given_a_folder_uses_it_and_leaves_it_in_place()
    {
        using var database = new TestDatabase();
        var factory = new HandoffAppFactory { Database = database };

        factory.Services.GetRequiredService<IConfiguration>()["Handoff:DatabasePath"].Should().Be(database.DatabasePath);
        await factory.DisposeAsync();

        Directory.Exists(database.Folder).Should().BeTrue();
    }

    [Fact]
    public async Task Host_runs_in_the_Development_environment()
    {
        await using var factory = new HandoffAppFactory();

        factory.Services.GetRequiredService<IWebHostEnvironment>().EnvironmentName.Should().Be(HandoffAppFactory.EnvironmentName);
    }

    [Fact]
    public async Task A_test_can_run_the_app_in_Production_with_static_assets_still_served()
    {
        await using var factory = new HandoffAppFactory
        {
            ExtraSettings = new Dictionary<string, string?> { ["environment"] = "Production" },
        };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css", TestContext.Current.CancellationToken);

        factory.Services.GetRequiredService<IWebHostEnvironment>().EnvironmentName.Should().Be("Production");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

/// <summary>Everything App.razor links to is served by the test host (one host for all rows).</summary>
public sealed class StaticAssetTests(HandoffAppFactory app) : IClassFixture<HandoffAppFactory>
{
    [Theory]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "text/javascript")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/Alltkn.Handoff.App.styles.css", "text/css")]
    public async Task Static_assets_the_shell_links_to_are_served(string path, string mediaType)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be(mediaType);
        (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Should().NotBeEmpty();
    }
}

public sealed class HandoffServerTests
{
    [Fact]
    public async Task Server_answers_over_tcp_at_its_loopback_address()
    {
        await using var server = new HandoffServer().Start();
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.Url("/_framework/blazor.web.js"), TestContext.Current.CancellationToken);

        server.ServerAddress.Host.Should().Be("127.0.0.1");
        server.ServerAddress.Port.Should().BePositive();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task App_restarts_on_the_same_folder_and_port_after_the_first_server_stops()
    {
        using var database = new TestDatabase();
        File.WriteAllText(database.PathFor("left-by-first-run.txt"), "x");

        int port;
        await using (var first = HandoffServer.StartOn(database))
        {
            port = first.ServerAddress.Port;
        }
        database.DatabaseExists.Should().BeTrue("the first start created the database in the test folder");
        await using var second = HandoffServer.StartOn(database, port);
        using var http = new HttpClient();
        using var response = await http.GetAsync(second.Url("/_framework/blazor.web.js"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        second.ServerAddress.Port.Should().Be(port);
        second.Services.GetRequiredService<IConfiguration>()["Handoff:DatabasePath"].Should().Be(database.DatabasePath);
        File.Exists(database.PathFor("left-by-first-run.txt")).Should().BeTrue();
    }
}
