using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.PostgreSql;

namespace Alltkn.Handoff.Tests.Hosting.Front;

/// <summary>
/// The sticky front (<c>deploy/Alltkn.Handoff.Front</c>, its own appsettings.json) before two app instances on one
/// PostgreSQL database, all on real ports (<see cref="FrontCluster"/>): a browser is pinned to one instance by the affinity
/// cookie, its sign-in is accepted by the other instance (the key ring is in the database), a Blazor circuit's negotiate and
/// WebSocket reach the instance that holds it, and the instances see the browser's host and scheme. Skipped, saying why,
/// without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class FrontTests(FrontCluster cluster) : IClassFixture<FrontCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_browser_stays_on_its_instance_and_its_sign_in_is_accepted_when_it_is_moved_to_the_other()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var cookies = new CookieContainer();
        using var client = cluster.CreateClient(cookies);

        var pinned = await InstanceOfAsync(client, "/account/login");
        cookies.GetCookies(cluster.Address)[FrontCluster.AffinityCookie].Should().NotBeNull("the front pins the browser with its affinity cookie");
        for (var i = 0; i < 4; i++)
        {
            (await InstanceOfAsync(client, "/account/login")).Should().Be(pinned, "every request of a pinned browser goes to its instance");
        }
        using var signIn = await IdentityTestApp.SignInAsync(client, HandoffAppFactory.AdminEmail, HandoffAppFactory.AdminPassword);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        Instance(signIn).Should().Be(pinned);
        signIn.Headers.Location.Should().Be(cluster.Address, "the instance builds its redirect from the browser's host and scheme");
        signIn.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith(".Alltkn.Handoff.Identity=", StringComparison.Ordinal)
            && c.Contains("secure", StringComparison.OrdinalIgnoreCase), "the browser spoke HTTPS to the front, so the sign-in cookie is Secure");
        using (var home = await client.GetAsync("/", Ct))
        {
            home.StatusCode.Should().Be(HttpStatusCode.OK);
            Instance(home).Should().Be(pinned);
        }

        var moved = await MovedToAsync(cookies, cluster.Other(pinned).Name);
        using var movedClient = cluster.CreateClient(moved);
        using var elsewhere = await movedClient.GetAsync("/", Ct);

        Instance(elsewhere).Should().Be(cluster.Other(pinned).Name);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.OK, "the other instance reads the sign-in cookie with the key ring kept in PostgreSQL");
        using var anonymous = cluster.CreateClient(await MovedToAsync(new CookieContainer(), cluster.Other(pinned).Name));
        using var refused = await anonymous.GetAsync("/", Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect, "without the sign-in cookie the same request is sent to sign in");
        Instance(refused).Should().Be(cluster.Other(pinned).Name);
    }

    [Fact]
    public async Task A_circuits_negotiate_and_WebSocket_reach_the_pinned_instance_and_fail_on_the_other()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var cookies = new CookieContainer();
        using var client = cluster.CreateClient(cookies);
        var pinned = await InstanceOfAsync(client, "/account/login");
        using (var signIn = await IdentityTestApp.SignInAsync(client, HandoffAppFactory.AdminEmail, HandoffAppFactory.AdminPassword))
        {
            signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, "circuits are for signed-in people");
        }

        var (negotiatedOn, connectionToken) = await NegotiateAsync(client);
        negotiatedOn.Should().Be(pinned);
        using (var socket = await ConnectAsync(cookies, connectionToken))
        {
            socket.State.Should().Be(WebSocketState.Open, "the front forwards the WebSocket upgrade");
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, Ct);
            var buffer = new byte[256];
            var received = await socket.ReceiveAsync(buffer, Ct);
            Encoding.UTF8.GetString(buffer, 0, received.Count).Should().Be("{}\u001e", "the instance that negotiated the circuit's connection accepts its handshake");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        }

        var (_, secondToken) = await NegotiateAsync(client);
        var elsewhere = await MovedToAsync(cookies, cluster.Other(pinned).Name);
        var connectElsewhere = async () => { using var socket = await ConnectAsync(elsewhere, secondToken); };

        await connectElsewhere.Should().ThrowAsync<WebSocketException>("the other instance does not know a connection negotiated on the pinned one: that is why the front is sticky");
    }

    [Fact]
    public async Task The_instance_sees_the_browsers_host_and_scheme_and_not_a_forged_client_address()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        using var client = cluster.CreateClient(new CookieContainer());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "http");
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await client.SendAsync(request, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var front = $"127.0.0.1:{cluster.Address.Port}";
        Header(response, TaggedInstance.ArrivedHeaderPrefix + "Host").Should().Be(front, "the front keeps the browser's Host header");
        Header(response, TaggedInstance.ArrivedHeaderPrefix + "ForwardedHost").Should().Be(front);
        Header(response, TaggedInstance.ArrivedHeaderPrefix + "Proto").Should().Be("https");
        Header(response, TaggedInstance.ArrivedHeaderPrefix + "For").Should().Be("127.0.0.1", "the front replaces what the browser claimed");
        Header(response, TaggedInstance.SeenSchemeHeader).Should().Be("https", "the instance trusts the front on loopback and takes its X-Forwarded-Proto");
        Header(response, TaggedInstance.SeenClientHeader).Should().Be("127.0.0.1");
    }

    private static string Instance(HttpResponseMessage response) => Header(response, TaggedInstance.InstanceHeader);

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new InvalidOperationException($"The response has no {name} header.");

    private static async Task<string> InstanceOfAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return Instance(response);
    }

    /// <summary>
    /// The cookies of <paramref name="cookies"/> with the affinity cookie of instance <paramref name="name"/> instead: new
    /// browsers are spread round robin, so one of the next few lands there and the front gives it that cookie.
    /// </summary>
    private async Task<CookieContainer> MovedToAsync(CookieContainer cookies, string name)
    {
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var fresh = new CookieContainer();
            using var client = cluster.CreateClient(fresh);
            if (await InstanceOfAsync(client, "/account/login") != name)
            {
                continue;
            }
            var moved = new CookieContainer();
            foreach (Cookie cookie in cookies.GetCookies(cluster.Address))
            {
                if (cookie.Name != FrontCluster.AffinityCookie)
                {
                    moved.Add(cluster.Address, new Cookie(cookie.Name, cookie.Value, cookie.Path));
                }
            }
            var affinity = fresh.GetCookies(cluster.Address)[FrontCluster.AffinityCookie]!;
            moved.Add(cluster.Address, new Cookie(affinity.Name, affinity.Value, affinity.Path));
            return moved;
        }
        throw new InvalidOperationException($"No new browser reached instance {name} in six tries.");
    }

    private static async Task<(string Instance, string ConnectionToken)> NegotiateAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", new StringContent(""), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("availableTransports").EnumerateArray()
            .Should().Contain(t => t.GetProperty("transport").GetString() == "WebSockets");
        return (Instance(response), json.RootElement.GetProperty("connectionToken").GetString()!);
    }

    private async Task<ClientWebSocket> ConnectAsync(CookieContainer cookies, string connectionToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.RemoteCertificateValidationCallback = FrontCluster.AcceptAnyCertificate;
        var address = new UriBuilder(cluster.Address) { Scheme = "wss", Path = "/_blazor", Query = $"id={Uri.EscapeDataString(connectionToken)}" }.Uri;
        try
        {
            await socket.ConnectAsync(address, Ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
