using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The app on a real port with open pages revalidated every two seconds.</summary>
public sealed class QuickRevalidationServer : HandoffServer
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public QuickRevalidationServer()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Handoff:Identity:RevalidationInterval"] = Interval.ToString("c"),
            ["Handoff:BootstrapAdmin:DisplayName"] = "Ada Admin",
        };
    }
}

/// <summary>Sign-in, user administration and a disabled person's open page, in headless Chromium.</summary>
public sealed class IdentityBrowserTests(BrowserFixture browser, QuickRevalidationServer server)
    : BrowserTest(browser, server), IClassFixture<QuickRevalidationServer>
{
    private const string Password = "copper kettle river song";

    [Fact]
    public async Task A_page_opened_without_signing_in_shows_the_sign_in_form_and_comes_back_after_it()
    {
        await Page.GotoBlazorAsync("/admin/users");

        Page.CurrentPath().Should().Be("/account/login");
        new Uri(Page.Url).Query.Should().Be("?returnUrl=%2Fadmin%2Fusers");
        await Page.FillAsync("input[name='Input.Email']", HandoffAppFactory.AdminEmail);
        await Page.FillAsync("input[name='Input.Password']", HandoffAppFactory.AdminPassword);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/users");
        await Page.WaitForBlazorAsync();

        await Expect(Page.GetByTestId("users-table")).ToContainTextAsync(HandoffAppFactory.AdminEmail);
        await Expect(Page.GetByTestId("users-table")).ToContainTextAsync("Team admin");
    }

    [Fact]
    public async Task A_wrong_password_in_the_browser_says_so_and_keeps_the_email()
    {
        await Page.GotoBlazorAsync("/account/login");
        await Page.FillAsync("input[name='Input.Email']", HandoffAppFactory.AdminEmail);
        await Page.FillAsync("input[name='Input.Password']", "certainly not the password");
        await Page.ClickAsync("button[type=submit]");

        await Expect(Page.GetByTestId("sign-in-message")).ToContainTextAsync("The e-mail or password is not right.");
        await Expect(Page.Locator("input[name='Input.Email']")).ToHaveValueAsync(HandoffAppFactory.AdminEmail);
        await Expect(Page.Locator("input[name='Input.Password']")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_team_admin_creates_a_person_and_a_common_password_is_refused_saying_why_without_losing_the_form()
    {
        await Page.SignInAsync();
        await Page.GotoBlazorAsync("/admin/users");
        var email = $"mei.{Guid.NewGuid():N}"[..12] + "@alltkn.test";

        await Page.GetByTestId("new-user").ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        // The dialog's fields take their text on change (not Immediate): each is left with Tab, and the server's
        // mud-shrink (a checkbox's mud-checkbox-true) shows it has the value before the click that depends on it.
        await dialog.GetByLabel("E-mail").FillAndWaitForServerAsync(email, leave: true);
        await dialog.GetByLabel("Name shown to the team").FillAndWaitForServerAsync("Mei", leave: true);
        await dialog.GetByLabel("Initial password").FillAndWaitForServerAsync("password1234", leave: true);
        await dialog.Locator("[data-role=Finance]").CheckBoxAndWaitForServerAsync();
        await dialog.Locator("[data-role=ReleaseOwner]").CheckBoxAndWaitForServerAsync();
        await Page.GetByTestId("create-user").ClickAsync();

        await Expect(dialog).ToContainTextAsync("This password is on the list of commonly used passwords");
        await Expect(dialog.GetByLabel("E-mail")).ToHaveValueAsync(email);
        await Expect(dialog.GetByLabel("Name shown to the team")).ToHaveValueAsync("Mei");

        // The refused password stays in its field (shrunk, no counter): emptied first, so that the server's mud-shrink
        // going and coming back shows it has the new one.
        await dialog.GetByLabel("Initial password").ClearAndWaitForServerAsync(leave: true);
        await dialog.GetByLabel("Initial password").FillAndWaitForServerAsync(Password, leave: true);
        await Page.GetByTestId("create-user").ClickAsync();

        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync($"Account {email} created.");
        var row = Page.GetByTestId("users-table").Locator("tr", new() { HasText = email });
        await Expect(row).ToContainTextAsync("Finance");
        await Expect(row).ToContainTextAsync("Release owner");
        await Expect(row).ToContainTextAsync("Enabled");
    }

    [Fact]
    public async Task The_open_page_of_a_person_who_is_disabled_leads_to_the_sign_in_page_within_the_interval()
    {
        var email = $"lin.{Guid.NewGuid():N}"[..12] + "@alltkn.test";
        var id = await IdentityTestApp.CreateUserAsync(Server!.Services, email, Password, Role.TechLead);
        await Page.SignInAsync(email, Password);
        await Page.GotoBlazorAsync("/");
        Page.CurrentPath().Should().Be("/");

        await IdentityTestApp.DisableAsync(Server.Services, id);

        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login",
            new() { Timeout = (float)(QuickRevalidationServer.Interval * 5).TotalMilliseconds });
        await Page.WaitForBlazorAsync();
        await Page.GotoBlazorAsync("/");
        Page.CurrentPath().Should().Be("/account/login", "the cookie no longer signs the disabled person in");
    }
}
