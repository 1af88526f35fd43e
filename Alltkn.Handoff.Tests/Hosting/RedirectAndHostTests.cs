using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Tests.Identity;

namespace Alltkn.Handoff.Tests.Hosting;

/// <summary>
/// Addresses an attacker controls: a language switch or sign-in return address that a browser would read as another
/// site leads home instead (and never to a server error), and a forged Host header is refused by <c>AllowedHosts</c>.
/// </summary>
public sealed class RedirectAndHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%0A/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/ok/%5C%5Cevil.example")]
    public async Task A_language_switch_with_an_address_off_this_site_goes_home(string redirectUri)
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync($"/culture/set?culture=zh-CN&redirectUri={redirectUri}", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/");
    }

    [Fact]
    public async Task A_language_switch_keeps_an_ordinary_address_with_its_query()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/culture/set?culture=en&redirectUri=%2Frevisions%3Fkind%3DStageMoved%26page%3D2", Ct);

        response.Headers.Location!.ToString().Should().Be("/revisions?kind=StageMoved&page=2");
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\\evil.example")]
    public async Task After_signing_in_a_return_address_a_browser_would_read_as_another_site_leads_home(string returnUrl)
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword, returnUrl);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("http://localhost/");
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/onboardings?page=2", true)]
    [InlineData("/\t/x", false)]
    [InlineData("/\\x", false)]
    [InlineData("//x", false)]
    [InlineData("x", false)]
    [InlineData("", false)]
    public void Only_addresses_on_this_site_are_local(string address, bool local) =>
        LocalAddress.IsLocal(address).Should().Be(local);

    [Fact]
    public async Task A_request_for_another_host_name_is_refused_by_default()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "evil.example";

        using var forged = await client.SendAsync(request, Ct);
        using var local = await client.GetAsync("/account/login", Ct);

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        local.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_allowed_host_names_come_from_configuration()
    {
        await using var app = new IdentityTestApp(settings: new Dictionary<string, string?> { ["AllowedHosts"] = "handoff.example.com" });
        using var client = app.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "handoff.example.com";

        using var configured = await client.SendAsync(request, Ct);
        using var other = await client.GetAsync("/account/login", Ct);

        configured.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest, "localhost is no longer allowed once the real host name is set");
    }

    [Fact]
    public async Task A_reverse_proxy_address_that_is_not_an_address_stops_the_start_saying_what_to_write()
    {
        await using var app = new IdentityTestApp(settings: new Dictionary<string, string?> { ["Handoff:ReverseProxy:KnownProxies:0"] = "proxy.local" });

        FluentActions.Invoking(() => app.Services).Should().Throw<InvalidOperationException>()
            .WithMessage("*Handoff:ReverseProxy:KnownProxies holds \"proxy.local\", which is not an IP address (e.g. 10.0.0.5).*");
    }
}
