using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The account page in Chromium: reached from the name in the app bar, a password changed, then used to sign in.</summary>
public sealed class AccountBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
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
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await Page.SignInAsync("yun@alltkn.test", NewPassword);
        Page.CurrentPath().Should().Be("/");
        await Expect(Page.GetByTestId("user-badge")).ToContainTextAsync("yun");
    }
}
