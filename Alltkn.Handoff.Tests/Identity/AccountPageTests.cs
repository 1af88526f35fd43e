using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The account page <c>/account</c> over real HTTP: changing one's password, signing out everywhere, recent sign-ins.</summary>
public sealed class AccountPageTests
{
    private const string Email = "mei@alltkn.test";
    private const string Password = "amber lantern orchard tide";
    private const string NewPassword = "silver comet under willow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_the_other_sign_ins_but_not_this_one()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var here = app.CreateBrowserClient();
        using var elsewhere = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(here, Email, Password)).Dispose();
        (await IdentityTestApp.SignInAsync(elsewhere, Email, Password)).Dispose();

        using var wrong = await ChangePasswordAsync(here, "not my password at all", NewPassword);
        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        IdentityTestApp.TextOf(await wrong.Content.ReadAsStringAsync(Ct)).Should().Contain("The current password is not right.");
        (await elsewhere.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "nothing changed");

        using var changed = await ChangePasswordAsync(here, Password, NewPassword);

        changed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        changed.Headers.Location!.ToString().Should().Be("http://localhost/account?changed=true");
        using var page = await here.GetAsync("/account?changed=true", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.OK, "this browser got a new cookie");
        IdentityTestApp.TextOf(await page.Content.ReadAsStringAsync(Ct)).Should().Contain("Your password is changed.");
        (await elsewhere.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the other browser's sign-in ended");
        using var fresh = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(fresh, Email, Password)).StatusCode.Should().Be(HttpStatusCode.OK, "the old password no longer works");
        (await IdentityTestApp.SignInAsync(fresh, Email, NewPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.RevisionsAsync()).Should().ContainSingle(r => r.Kind == RevisionKind.UserChanged && r.After == "Password changed by its owner")
            .Which.Subject.Should().Be(Email);
    }

    [Fact]
    public async Task A_new_password_that_breaks_a_rule_is_refused_saying_why()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();

        using var response = await ChangePasswordAsync(client, Password, "mei-loves-long-walks");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        IdentityTestApp.TextOf(await response.Content.ReadAsStringAsync(Ct))
            .Should().Contain("The password must not contain the name part of your e-mail address (mei).");
        using var other = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(other, Email, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the password is unchanged");
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_the_sign_in_of_every_browser()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var here = app.CreateBrowserClient();
        using var elsewhere = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(here, Email, Password)).Dispose();
        (await IdentityTestApp.SignInAsync(elsewhere, Email, Password)).Dispose();

        using var response = await PostAccountFormAsync(here, "sign-out-everywhere", []);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("http://localhost/account/login");
        (await here.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await elsewhere.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_page_lists_the_persons_own_last_twenty_sign_in_events_newest_first()
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        await using var scope = app.Services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<RevisionLog>();
        var start = DateTime.UtcNow.AddDays(-2);
        for (var i = 0; i < 25; i++)
        {
            await log.AppendAsync(new RevisionEntry(null, start.AddMinutes(i), id, "Mei", RevisionKind.SignInFailed, Email, reason: $"Marker {i:00}; from 10.0.0.{i}"), Ct);
        }
        await log.AppendAsync(new RevisionEntry(null, DateTime.UtcNow, "someone-else", "Lin", RevisionKind.SignedIn, "lin@alltkn.test", reason: "Marker of someone else"), Ct);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();

        using var page = await client.GetAsync("/account", Ct);

        var text = IdentityTestApp.TextOf(await page.Content.ReadAsStringAsync(Ct));
        text.Should().Contain("Signed in").And.Contain("Marker 24; from 10.0.0.24").And.Contain("Marker 06");
        text.Should().NotContain("Marker 05", "only the last twenty events are shown (the sign-in and nineteen older ones)");
        text.Should().NotContain("Marker of someone else");
        text.IndexOf("Marker 24", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("Marker 06", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recent_sign_ins_are_shown_in_the_persons_time_zone_and_in_UTC_while_they_have_none()
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<RevisionLog>();
            var at = new DateTime(2026, 11, 30, 1, 2, 3, DateTimeKind.Utc);
            await log.AppendAsync(new RevisionEntry(null, at, id, "Mei", RevisionKind.SignInFailed, Email, reason: "Marker zone"), Ct);
        }
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();
        using (var before = await client.GetAsync("/account", Ct))
        {
            IdentityTestApp.TextOf(await before.Content.ReadAsStringAsync(Ct)).Should().Contain("2026-11-30 01:02:03 UTC");
        }

        (await PostAccountFormAsync(client, "preferences", new Dictionary<string, string>
        {
            ["Preferences.Language"] = "",
            ["Preferences.TimeZone"] = "Asia/Shanghai",
        })).Dispose();
        using var page = await client.GetAsync("/account", Ct);

        var text = IdentityTestApp.TextOf(await page.Content.ReadAsStringAsync(Ct));
        text.Should().Contain("2026-11-30 09:02:03 Asia/Shanghai").And.NotContain("2026-11-30 01:02:03");
    }

    [Fact]
    public async Task The_account_page_needs_a_sign_in()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/account", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().StartWith("http://localhost/account/login");
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next) =>
        PostAccountFormAsync(client, "change-password", new Dictionary<string, string>
        {
            ["Password.Current"] = current,
            ["Password.New"] = next,
            ["Password.Confirm"] = next,
        });

    /// <summary>Posts one of the forms of <c>/account</c> (by its form name) with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostAccountFormAsync(HttpClient client, string formName, Dictionary<string, string> fields)
    {
        using var page = await client.GetAsync("/account", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync(Ct);
        html.Should().Contain($"value=\"{formName}\"", $"the page has the form {formName}");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = IdentityTestApp.AntiforgeryToken(html),
            ["_handler"] = formName,
        };
        return await client.PostAsync("/account", new FormUrlEncodedContent(form), Ct);
    }
}
