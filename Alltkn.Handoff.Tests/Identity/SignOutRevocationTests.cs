using System.Net;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// Signing out revokes on the server: a copy of the cookie taken before <c>POST /account/logout</c> is refused at the
/// very next request, for pages and downloads alike, with the revalidation interval left at an hour so that nothing
/// but the sign-out can explain it.
/// </summary>
public sealed class SignOutRevocationTests
{
    private const string Password = "copper kettle river song";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_of_the_cookie_taken_before_signing_out_is_refused_at_once_for_pages_and_downloads()
    {
        await using var app = new IdentityTestApp(revalidation: TimeSpan.FromHours(1));
        await app.CreateUserAsync("mei@alltkn.test", Password, Role.Viewer);
        var export = ExportEndpoints.PackageUrl(await OpenOnboardingAsync(app), HandoffPackage.Technical, "md");
        var browser = new CookieContainer();
        using var client = app.CreateBrowserClient(browser);
        (await IdentityTestApp.SignInAsync(client, "mei@alltkn.test", Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var stolen = browser.GetCookieHeader(new Uri("http://localhost/"));
        using (var before = await ReplayAsync(app, stolen, export))
        {
            before.StatusCode.Should().Be(HttpStatusCode.OK, "the copy works while the person is signed in");
        }

        await SignOutAsync(client);

        using var page = await ReplayAsync(app, stolen, "/");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().StartWith("http://localhost/account/login");
        using var download = await ReplayAsync(app, stolen, export);
        download.StatusCode.Should().Be(HttpStatusCode.Redirect, "a download with a revoked cookie leads to the sign-in page, not to the file");
        download.Headers.Location!.ToString().Should().StartWith("http://localhost/account/login");
        download.Content.Headers.ContentDisposition.Should().BeNull();
    }

    [Fact]
    public async Task After_signing_out_the_person_signs_in_again_and_the_new_cookie_works()
    {
        await using var app = new IdentityTestApp(revalidation: TimeSpan.FromHours(1));
        await app.CreateUserAsync("mei@alltkn.test", Password, Role.Viewer);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, "mei@alltkn.test", Password)).Dispose();
        await SignOutAsync(client);

        (await IdentityTestApp.SignInAsync(client, "mei@alltkn.test", Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task SignOutAsync(HttpClient client)
    {
        using var page = await client.GetAsync("/account/login", Ct);
        var token = IdentityTestApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct));
        using var signOut = await client.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the browser that signed out is signed out");
    }

    /// <summary>A request from another machine carrying only the copied cookie header.</summary>
    private static Task<HttpResponseMessage> ReplayAsync(IdentityTestApp app, string cookieHeader, string path)
    {
        var client = app.CreateDefaultClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        return client.SendAsync(request, Ct);
    }

    private static async Task<Guid> OpenOnboardingAsync(IdentityTestApp app)
    {
        await using var scope = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
            .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("Revocation Customer").Build(), Ct);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value;
    }
}
