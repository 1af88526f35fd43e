using System.Text.RegularExpressions;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The account page in Chromium: reached from the name in the app bar, a password changed, then used to sign in.</summary>
public sealed class AccountBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    /// <summary>
    /// Waits for the page's address to reach <paramref name="path"/> (any query), not for its load event: after a form's
    /// post and redirect (signing out, signing in) the load event of the page landed on can pass before the wait begins,
    /// and what the next step needs is the page's fields, which Playwright waits for itself.
    /// </summary>
    private Task AtPathAsync(string path) =>
        Expect(Page).ToHaveURLAsync(new Regex($"^https?://[^/]+{Regex.Escape(path)}([?#].*)?$"));

    private const string Password = "copper kettle river song";
    private const string NewPassword = "silver comet under willow";

    [Fact]
    public async Task A_person_changes_their_password_on_the_account_page_and_signs_in_with_the_new_one()
    {
        await IdentityTestApp.CreateUserAsync(Server!.Services, "yun@alltkn.test", Password, Role.TechLead);
        await Page.SignInAsync("yun@alltkn.test", Password);

        await Page.GetByTestId("my-account").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account");
        await Page.WaitForBlazorAsync();
        await Expect(Page.GetByTestId("recent-sign-ins")).ToContainTextAsync("Signed in");
        await Page.FillAsync("input[name='Password.Current']", Password);
        await Page.FillAsync("input[name='Password.New']", NewPassword);
        await Page.FillAsync("input[name='Password.Confirm']", NewPassword);
        await Page.GetByTestId("change-password").ClickAsync();

        await Expect(Page.GetByTestId("password-changed")).ToContainTextAsync("Your password is changed.");
        await Page.GetByTestId("sign-out").ClickAsync();
        await AtPathAsync("/account/login");
        await Page.SignInAsync("yun@alltkn.test", NewPassword);
        Page.CurrentPath().Should().Be("/");
        await Expect(Page.GetByTestId("user-badge")).ToContainTextAsync("yun");
    }

    [Fact]
    public async Task A_person_turns_on_two_factor_sign_in_with_an_authenticator_code_then_signs_in_with_a_code()
    {
        await IdentityTestApp.CreateUserAsync(Server!.Services, "tao@alltkn.test", Password, Role.Viewer);
        await Page.SignInAsync("tao@alltkn.test", Password);
        await Page.GotoBlazorAsync("/account");

        await Page.GetByTestId("start-two-factor").ClickAsync();
        await Expect(Page.GetByTestId("qr-code")).ToBeVisibleAsync();
        var key = (await Page.GetByTestId("shared-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await Page.FillAsync("input[name='Enable.Code']", Totp.Code(key, DateTimeOffset.UtcNow));
        await Page.GetByTestId("enable-two-factor").ClickAsync();

        await Expect(Page.GetByTestId("recovery-codes").Locator("code")).ToHaveCountAsync(10);
        await Page.GetByTestId("sign-out").ClickAsync();
        await AtPathAsync("/account/login");
        await Page.FillAsync("input[name='Input.Email']", "tao@alltkn.test");
        await Page.FillAsync("input[name='Input.Password']", Password);
        await Page.ClickAsync("button[type=submit]");
        await AtPathAsync("/account/login-two-factor");
        await Page.FillAsync("input[name='Input.Code']", Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await Page.GetByTestId("verify-code").ClickAsync();

        await AtPathAsync("/");
        await Page.WaitForBlazorAsync();
        await Expect(Page.GetByTestId("user-badge")).ToContainTextAsync("tao");
    }

    [Fact]
    public async Task A_person_without_a_time_zone_is_offered_the_browsers_and_then_sees_their_sign_ins_in_it()
    {
        await IdentityTestApp.CreateUserAsync(Server!.Services, "lan@alltkn.test", Password, Role.Viewer);
        var page = await NewPageAsync(Server.ServerAddress, "en-US", o => o.TimezoneId = "Asia/Singapore");
        await page.SignInAsync("lan@alltkn.test", Password);
        await page.GotoBlazorAsync("/account");
        await Expect(page.GetByTestId("recent-sign-ins")).ToContainTextAsync(" UTC");

        var offer = page.GetByTestId("use-browser-time-zone");
        await Expect(offer).ToHaveTextAsync("Use my browser’s time zone (Asia/Singapore)");
        await offer.ClickAsync();

        await Expect(page.GetByTestId("preferences-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preferences-time-zone")).ToHaveValueAsync("Asia/Singapore");
        await Expect(page.GetByTestId("recent-sign-ins")).ToContainTextAsync("Asia/Singapore");
        await Expect(page.GetByTestId("recent-sign-ins")).Not.ToContainTextAsync(" UTC");
        await Expect(page.GetByTestId("use-browser-time-zone")).ToHaveCountAsync(0);
    }
}
