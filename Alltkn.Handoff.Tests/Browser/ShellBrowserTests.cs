using System.Net;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>The MudBlazor shell, served on a real port and rendered by headless Chromium.</summary>
public sealed class ShellBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    [Fact]
    public async Task Home_page_shows_the_app_bar_with_the_product_name()
    {
        await OpenShellAsync(Page);

        var appBar = Page.Locator(".mud-appbar");
        await Expect(appBar).ToBeVisibleAsync();
        await Expect(appBar).ToContainTextAsync("Alltkn Handoff");
    }

    [Fact]
    public async Task MudBlazor_stylesheet_is_loaded_and_styles_the_app_bar()
    {
        await OpenShellAsync(Page);

        var appBar = Page.Locator(".mud-appbar");
        var position = await appBar.EvaluateAsync<string>("e => getComputedStyle(e).position");
        var background = await appBar.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");

        // Both come from MudBlazor.min.css: without it the header is static and transparent.
        position.Should().Be("fixed");
        background.Should().NotBeNullOrEmpty().And.NotBe("rgba(0, 0, 0, 0)");
    }

    [Fact]
    public async Task App_bar_buttons_respond_as_soon_as_the_page_is_interactive()
    {
        await OpenShellAsync(Page);
        var drawer = Page.Locator(".mud-drawer");
        await Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--open\b"));

        // Clicked straight after WaitForBlazorAsync: a click lost to prerendering would leave the drawer open.
        await Page.Locator(".mud-appbar button").First.ClickAsync();

        await Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--closed\b"));
    }

    [Fact]
    public async Task A_Chinese_browser_sees_the_Chinese_product_name()
    {
        var chinesePage = await NewPageAsync(Server!.ServerAddress, locale: "zh-CN");

        await OpenShellAsync(chinesePage);

        await Expect(chinesePage.Locator(".mud-appbar")).ToContainTextAsync("Alltkn 交接工作台");
        await Expect(chinesePage.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
    }

    /// <summary>Signs in as the bootstrap admin (every page but sign-in needs it), then opens the shell at "/".</summary>
    private static async Task OpenShellAsync(IPage page)
    {
        await page.SignInAsync();
        var response = await page.GotoBlazorAsync("/");
        response.Should().NotBeNull();
        response!.Status.Should().Be((int)HttpStatusCode.OK);
        page.CurrentPath().Should().Be("/");
    }
}

/// <summary>The shell over the in-memory test server, without a browser.</summary>
public sealed class ShellHttpTests(HandoffAppFactory factory) : IClassFixture<HandoffAppFactory>
{
    [Fact]
    public async Task Home_page_answers_200_with_html_once_signed_in()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signIn = await IdentityTestApp.SignInAsync(client, HandoffAppFactory.AdminEmail, HandoffAppFactory.AdminPassword);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be("text/html");
    }
}
