using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Configuration;

public sealed class AppSettingsTests
{
    [Fact]
    public void The_root_appsettings_json_is_the_configuration_the_app_reads()
    {
        using var factory = new WebApplicationFactory<Program>();

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        // The value below is written in the repository's root appsettings.json and nowhere else.
        configuration["Handoff:DatabasePath"].Should().Be("data/handoff.db");
    }
}
