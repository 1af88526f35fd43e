using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>The API tokens section of /account in Chromium: a token created, shown once, then only masked.</summary>
public sealed class ApiTokensBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    private const string Password = "copper kettle river song";

    [Fact]
    public async Task A_person_creates_a_token_on_the_account_page_sees_it_once_and_afterwards_only_masked()
    {
        await IdentityTestApp.CreateUserAsync(Server!.Services, "kai@alltkn.test", Password, Role.TechLead);
        await Page.SignInAsync("kai@alltkn.test", Password);
        await Page.GotoBlazorAsync("/account");
        var section = Page.GetByTestId("api-tokens");
        await Expect(section.GetByTestId("no-api-tokens")).ToBeVisibleAsync();

        await section.GetByTestId("api-token-name").FillAndWaitForServerAsync("Nightly export");
        // The preset's date is written into the expiry field by the server (from 30 days, the default, to 365).
        var expires = section.GetByTestId("api-token-expires");
        var defaultExpiry = await expires.InputValueAsync();
        await section.GetByTestId("api-token-preset-365").ClickAsync();
        await Expect(expires).Not.ToHaveValueAsync(defaultExpiry);
        await section.GetByTestId("create-api-token").ClickAsync();

        await Expect(section.GetByTestId("api-token-created")).ToContainTextAsync("copy it now, it will not be shown again");
        var token = await section.GetByTestId("new-api-token").InputValueAsync();
        token.Should().MatchRegex("^alltkn_pat_[A-Za-z0-9_-]{43}$");
        var masked = $"alltkn_pat_{token[11..15]}**********{token[^4..]}";
        await Expect(section.GetByTestId("api-token-row")).ToContainTextAsync(masked);

        await Page.ReloadAsync();
        await Page.WaitForBlazorAsync();

        await Expect(Page.GetByTestId("api-token-row")).ToContainTextAsync("Nightly export");
        await Expect(Page.GetByTestId("api-token-row")).ToContainTextAsync(masked);
        await Expect(Page.GetByTestId("api-token-created")).ToHaveCountAsync(0);
        (await Page.ContentAsync()).Should().NotContain(token[11..], "the token is shown once, at creation");
    }
}
