using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>Sign-in, sign-out and lockout over real HTTP: the static sign-in form with its antiforgery token, cookies, redirects.</summary>
public sealed class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The per-client throttle raised out of the way, for tests of what happens to an account.</summary>
    internal static readonly IReadOnlyDictionary<string, string?> LenientThrottle = new Dictionary<string, string?>
    {
        ["Handoff:Identity:FailedSignInsPerClient"] = "100",
    };

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    public async Task A_page_requested_without_signing_in_leads_to_the_sign_in_page_with_the_way_back(string path)
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.Should().StartWith("http://localhost/account/login?returnUrl=");
        Uri.UnescapeDataString(location[(location.IndexOf('=') + 1)..]).Should().Be(path);
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/app.css")]
    [InlineData("/account/login")]
    public async Task Static_assets_and_the_sign_in_page_are_open_without_signing_in(string path)
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_language_switch_is_open_without_signing_in()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/culture/set?culture=zh-CN&redirectUri=%2Faccount%2Flogin", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/account/login");
        using var login = await client.GetAsync("/account/login", Ct);
        IdentityTestApp.TextOf(await login.Content.ReadAsStringAsync(Ct)).Should().Contain("请使用团队管理员为你设置的电子邮件和密码登录");
    }

    [Fact]
    public async Task Chinese_text_is_written_into_the_page_as_it_is_not_as_character_references()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();
        using (await client.GetAsync("/culture/set?culture=zh-CN&redirectUri=%2Faccount%2Flogin", Ct))
        {
        }

        var html = await client.GetStringAsync("/account/login", Ct);

        html.Should().Contain("请使用团队管理员为你设置的电子邮件和密码登录", "three bytes a character, not an eight-byte &#x…; each")
            .And.NotContain("&#x8BF7;");
    }

    [Fact]
    public async Task The_bootstrap_admin_signs_in_with_the_real_form_and_then_opens_the_home_page()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var signIn = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword);

        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().Should().Be("http://localhost/");
        signIn.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith(".Alltkn.Handoff.Identity=", StringComparison.Ordinal));
        using var home = await client.GetAsync("/", Ct);
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        home.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Fact]
    public async Task After_signing_in_the_person_goes_back_to_the_page_they_asked_for_but_never_to_another_site()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();
        using var back = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword, "/admin/users");
        back.Headers.Location!.ToString().Should().Be("http://localhost/admin/users");

        using var other = app.CreateBrowserClient();
        using var away = await IdentityTestApp.SignInAsync(other, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword, "//evil.example/phish");
        away.Headers.Location!.ToString().Should().Be("http://localhost/");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_the_email_stays_in_the_form()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, "not-the-password-at-all");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).Should().NotContain(c => c.StartsWith(".Alltkn.Handoff.Identity=", StringComparison.Ordinal));
        var html = await response.Content.ReadAsStringAsync(Ct);
        IdentityTestApp.TextOf(html).Should().Contain("The e-mail or password is not right. After 5 failed tries in a row the account is locked for 5 minutes.");
        html.Should().Contain($"value=\"{IdentityTestApp.AdminEmail}\"");
        html.Should().NotContain("not-the-password-at-all");
        using var home = await client.GetAsync("/", Ct);
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_sixth_try_after_five_failures_is_refused_even_with_the_right_password()
    {
        // Five failures from many places (here one client whose throttle is raised): the account's own lockout.
        await using var app = new IdentityTestApp(settings: LenientThrottle);
        var email = "lin@alltkn.test";
        const string password = "copper kettle river song";
        await app.CreateUserAsync(email, password, Role.TechLead);
        using var client = app.CreateBrowserClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await IdentityTestApp.SignInAsync(client, email, $"wrong password number {attempt}");
            failed.StatusCode.Should().Be(HttpStatusCode.OK, $"try {attempt} has a wrong password");
        }
        using var sixth = await IdentityTestApp.SignInAsync(client, email, password);

        sixth.StatusCode.Should().Be(HttpStatusCode.OK, "a locked-out account is not signed in");
        IdentityTestApp.TextOf(await sixth.Content.ReadAsStringAsync(Ct)).Should().Contain("Too many failed tries: this account is locked for 5 minutes.");
        using var home = await client.GetAsync("/", Ct);
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var user = await app.FindUserAsync(email);
        user!.LockoutEnd.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.FromSeconds(30));

        // Another account is not affected.
        using var admin = app.CreateBrowserClient();
        using var adminSignIn = await IdentityTestApp.SignInAsync(admin, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword);
        adminSignIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Sign_in_successes_failures_and_lockouts_of_accounts_go_into_the_revision_log_without_the_password()
    {
        await using var app = new IdentityTestApp(settings: LenientThrottle);
        var email = "mei@alltkn.test";
        const string password = "amber lantern orchard tide";
        await app.CreateUserAsync(email, password, Role.Finance);
        using var client = app.CreateBrowserClient();
        var wrong = Enumerable.Range(1, 5).Select(i => $"secret-guess-{i}-xyz").ToArray();

        (await IdentityTestApp.SignInAsync(client, "nobody@alltkn.test", "unknown-user-password")).Dispose();
        foreach (var guess in wrong)
        {
            (await IdentityTestApp.SignInAsync(client, email, guess)).Dispose();
        }
        (await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).Dispose();

        var log = (await app.RevisionsAsync()).Where(r => r.Kind is RevisionKind.SignedIn or RevisionKind.SignInFailed or RevisionKind.LockedOut).ToList();
        log.Select(r => (r.Kind, r.Subject)).Should().Equal(
            (RevisionKind.SignInFailed, email),
            (RevisionKind.SignInFailed, email),
            (RevisionKind.SignInFailed, email),
            (RevisionKind.SignInFailed, email),
            (RevisionKind.LockedOut, email),
            (RevisionKind.SignedIn, IdentityTestApp.AdminEmail));
        log[0].Reason.Should().Contain("Wrong password (failure 1 of 5");
        log[4].Reason.Should().StartWith("Locked until");
        log[5].ActorName.Should().Be("Ada Admin");
        var user = await app.FindUserAsync(email);
        log[0].ActorId.Should().Be(user!.Id);
        var everything = (await app.RevisionsAsync())
            .SelectMany(r => new[] { r.Subject, r.Before, r.After, r.Reason, r.ActorName, r.ActorId }).OfType<string>().ToList();
        foreach (var secret in wrong.Append(IdentityTestApp.AdminPassword).Append(password).Append("unknown-user-password"))
        {
            everything.Should().NotContain(text => text.Contains(secret, StringComparison.Ordinal), $"the log never holds a password ({secret})");
        }
    }

    [Fact]
    public async Task Signing_out_needs_the_antiforgery_token_ends_the_session_and_is_logged()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).Dispose();

        using var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()), Ct);
        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "a post without the token changes nothing");

        using var page = await client.GetAsync("/account/login", Ct);
        var token = IdentityTestApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct));
        using var signOut = await client.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);

        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signOut.Headers.Location!.ToString().Should().Be("/account/login");
        using var after = await client.GetAsync("/", Ct);
        after.StatusCode.Should().Be(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().Should().StartWith("http://localhost/account/login");
        (await app.RevisionsAsync()).Should().ContainSingle(r => r.Kind == RevisionKind.SignedOut)
            .Which.Subject.Should().Be(IdentityTestApp.AdminEmail);
    }

    [Fact]
    public async Task A_sign_in_cookie_still_works_after_the_app_restarts()
    {
        using var database = new TestDatabase();
        var cookies = new CookieContainer();
        await using (var first = new IdentityTestApp(database))
        {
            using var client = first.CreateBrowserClient(cookies);
            using var signIn = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword);
            signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
            (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        Directory.EnumerateFiles(Path.Combine(database.Folder, "keys"), "key-*.xml").Should().NotBeEmpty("the keys are kept beside the database");

        await using var second = new IdentityTestApp(database);
        using var again = second.CreateBrowserClient(cookies);
        using var home = await again.GetAsync("/", Ct);

        home.StatusCode.Should().Be(HttpStatusCode.OK, "the restarted app reads the cookie with the keys kept beside the database");
        using var fresh = second.CreateBrowserClient();
        (await fresh.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "without the cookie the page still needs a sign-in");
    }

    [Fact]
    public async Task A_disabled_person_cannot_sign_in_and_is_told_so()
    {
        await using var app = new IdentityTestApp();
        var email = "zhao@alltkn.test";
        const string password = "violet harbour engine moss";
        var id = await app.CreateUserAsync(email, password, Role.Viewer);
        await using (var scope = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            (await scope.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync(id, Ct)).Succeeded.Should().BeTrue();
        }
        using var client = app.CreateBrowserClient();

        using var response = await IdentityTestApp.SignInAsync(client, email, password);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        IdentityTestApp.TextOf(await response.Content.ReadAsStringAsync(Ct)).Should().Contain("This account is disabled. Ask a team admin to enable it again.");
        (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.RevisionsAsync()).Last().Should().Match<RevisionEntry>(r => r.Kind == RevisionKind.SignInFailed && r.Reason!.StartsWith("The account is disabled"));
    }
}
