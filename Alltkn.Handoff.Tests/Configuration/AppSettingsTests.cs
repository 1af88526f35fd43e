using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Configuration;

public sealed class AppSettingsTests
{
    [Fact]
    public void The_root_appsettings_json_is_the_configuration_the_app_reads()
    {
        using var factory = new HandoffAppFactory();

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        // Written in the repository's root appsettings.json and nowhere else.
        configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"].Should().Be("Warning");
        configuration["Handoff:SampleData"].Should().NotBeNull();
    }

    [Fact]
    public void A_relative_database_path_is_resolved_against_the_working_directory()
    {
        var paths = new HandoffPaths("data/handoff.db");

        paths.DatabaseFile.Should().Be(Path.Combine(Environment.CurrentDirectory, "data", "handoff.db"));
        paths.KeysDirectory.Should().Be(Path.Combine(Environment.CurrentDirectory, "data", "keys"));
    }
}
