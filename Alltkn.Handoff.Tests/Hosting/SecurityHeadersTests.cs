using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Hosting;

/// <summary>
/// The security headers on every kind of response the app sends: pages (static and interactive), downloads, redirects,
/// the error page, a refused form, static files and "not found"; and the policy's parts, which the browser tests
/// check in Chromium.
/// </summary>
public sealed partial class SecurityHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_kind_of_response_carries_the_policy_nosniff_the_referrer_policy_and_refuses_framing()
    {
        await using var app = new IdentityTestApp();
        using var anonymous = app.CreateBrowserClient();
        using var signedIn = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(signedIn, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).Dispose();
        var export = ExportEndpoints.PackageUrl(await OpenOnboardingAsync(app), HandoffPackage.Technical, "md");

        var responses = new (string Kind, HttpClient Client, HttpMethod Method, string Path, HttpStatusCode Status)[]
        {
            ("sign-in page", anonymous, HttpMethod.Get, "/account/login", HttpStatusCode.OK),
            ("interactive page", signedIn, HttpMethod.Get, "/", HttpStatusCode.OK),
            ("download", signedIn, HttpMethod.Get, export, HttpStatusCode.OK),
            ("redirect to sign in", anonymous, HttpMethod.Get, "/onboardings", HttpStatusCode.Redirect),
            ("error page", signedIn, HttpMethod.Get, "/Error", HttpStatusCode.OK),
            ("refused form", signedIn, HttpMethod.Post, "/account/logout", HttpStatusCode.BadRequest),
            ("static file", anonymous, HttpMethod.Get, "/app.css", HttpStatusCode.OK),
            ("theme sheet", anonymous, HttpMethod.Get, "/theme/dark.css", HttpStatusCode.OK),
            ("framework script", anonymous, HttpMethod.Get, "/_framework/blazor.web.js", HttpStatusCode.OK),
            ("not found", signedIn, HttpMethod.Get, "/no-such-page", HttpStatusCode.NotFound),
            ("unknown download", signedIn, HttpMethod.Get, $"/onboardings/{Guid.NewGuid()}/export/technical.md", HttpStatusCode.NotFound),
        };

        foreach (var (kind, client, method, path, status) in responses)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string>());
            }
            using var response = await client.SendAsync(request, Ct);
            response.StatusCode.Should().Be(status, kind);
            var policy = Header(response, "Content-Security-Policy");
            policy.Should().Contain("frame-ancestors 'none'", kind).And.Contain("script-src 'self' 'nonce-", kind);
            Header(response, "X-Content-Type-Options").Should().Be("nosniff", kind);
            Header(response, "Referrer-Policy").Should().Be("same-origin", kind);
            Header(response, "X-Frame-Options").Should().Be("DENY", kind);
        }
    }

    [Fact]
    public async Task Scripts_are_the_sites_own_and_the_one_inline_script_carries_the_nonce_of_its_response()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var first = await client.GetAsync("/account/login", Ct);
        using var second = await client.GetAsync("/account/login", Ct);

        var policy = Header(first, "Content-Security-Policy");
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        directives["default-src"].Should().Be("default-src 'self'");
        directives["script-src"].Should().MatchRegex("^script-src 'self' 'nonce-[A-Za-z0-9_-]{24}'$", "no 'unsafe-inline' and no 'unsafe-eval' for scripts");
        directives["style-src"].Should().Be("style-src 'self'", "only the site's own style sheets: no <style> element, no 'unsafe-inline'");
        directives["style-src-attr"].Should().Be("style-src-attr 'unsafe-inline'");
        directives["object-src"].Should().Be("object-src 'none'");
        directives["connect-src"].Should().Be("connect-src 'self'");

        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        var html = await first.Content.ReadAsStringAsync(Ct);
        var inlineScripts = InlineScript().Matches(html);
        inlineScripts.Should().NotBeEmpty("the import map is an inline script");
        inlineScripts.Should().OnlyContain(m => m.Value.Contains($"nonce=\"{nonce}\""), "every inline script carries this response's nonce");
        Header(second, "Content-Security-Policy").Should().NotContain(nonce, "each response has its own nonce");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new InvalidOperationException($"{response.RequestMessage!.RequestUri} answered without {name}.");

    private static async Task<Guid> OpenOnboardingAsync(IdentityTestApp app)
    {
        await using var scope = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
            .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("Headers Customer").Build(), Ct);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value;
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
