using System.Net;
using Alltkn.Handoff.Front;
using Alltkn.Handoff.Tests.Persistence.PostgreSql;

namespace Alltkn.Handoff.Tests.Hosting.Front;

/// <summary>The front's cluster with its health probes every second instead of every 10 s (threshold as configured: 2 failures).</summary>
public sealed class FastProbesFrontCluster : FrontCluster
{
    protected override IReadOnlyDictionary<string, string?> FrontSettings { get; } = new Dictionary<string, string?>
    {
        [$"{FrontSetup.ProxySection}:Clusters:handoff:HealthCheck:Active:Interval"] = "00:00:01",
    };
}

/// <summary>
/// The front's active health checks on <c>/health</c> and its affinity failure policy (Redistribute), with a real instance
/// stopped: once the probes notice, a browser pinned to it is served by the other instance, still signed in, and new
/// browsers all go there. Skipped, saying why, without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class FrontHealthTests(FastProbesFrontCluster cluster) : IClassFixture<FastProbesFrontCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_an_instance_stops_its_browsers_and_new_ones_go_to_the_other_once_the_probes_notice()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var cookies = await PinnedSignedInBrowserAsync(cluster.B.Name);

        await cluster.B.DisposeAsync();

        using var client = cluster.CreateClient(cookies);
        var served = await PollAsync(async () =>
        {
            using var home = await client.GetAsync("/", Ct);
            return home.StatusCode == HttpStatusCode.OK && InstanceOf(home) == cluster.A.Name;
        });
        served.Should().BeTrue("within 20 s the probes mark B down and the browser pinned to it is moved to A, still signed in");
        for (var i = 0; i < 4; i++)
        {
            using var fresh = cluster.CreateClient(new CookieContainer());
            using var page = await fresh.GetAsync("/account/login", Ct);
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            InstanceOf(page).Should().Be(cluster.A.Name, "no new browser is sent to a stopped instance");
        }
    }

    private async Task<CookieContainer> PinnedSignedInBrowserAsync(string name)
    {
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var cookies = new CookieContainer();
            using var client = cluster.CreateClient(cookies);
            using var page = await client.GetAsync("/account/login", Ct);
            if (InstanceOf(page) != name)
            {
                continue;
            }
            using var signIn = await Identity.IdentityTestApp.SignInAsync(client, Infrastructure.HandoffAppFactory.AdminEmail, Infrastructure.HandoffAppFactory.AdminPassword);
            signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
            InstanceOf(signIn).Should().Be(name);
            return cookies;
        }
        throw new InvalidOperationException($"No new browser reached instance {name} in six tries.");
    }

    private static string InstanceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(TaggedInstance.InstanceHeader, out var values) ? string.Join(",", values) : "";

    private static async Task<bool> PollAsync(Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (await done())
            {
                return true;
            }
            await Task.Delay(250, Ct);
        }
        return false;
    }
}
