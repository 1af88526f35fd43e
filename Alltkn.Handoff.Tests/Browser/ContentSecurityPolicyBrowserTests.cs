using System.Collections.Concurrent;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// The main pages under the app's Content-Security-Policy in Chromium: they render, become interactive, open their
/// menus and dialogs and switch theme, and the browser reports no policy violation (console or
/// <c>securitypolicyviolation</c> event) — so the policy is neither loosened for nothing nor breaking a page.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser, SampleDataServer server)
    : BrowserTest(browser, server), IClassFixture<SampleDataServer>
{
    private readonly ConcurrentQueue<string> _violations = new();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _violations.Enqueue($"{Page.Url}: {message.Text}");
            }
        };
        // Violations are also collected in the page, where no console message is missed.
        await Context.AddInitScriptAsync(
            "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => " +
            "window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));");
    }

    [Fact]
    public async Task The_main_pages_work_under_the_policy_without_any_violation()
    {
        await Page.GotoBlazorAsync("/account/login");
        await Expect(Page.Locator("input[name='Input.Email']")).ToBeVisibleAsync();
        await AssertNoViolationsAsync();
        await Page.SignInAsync();

        foreach (var path in new[] { "/", "/my-items", "/onboardings", "/onboardings/new", "/go-live", "/revisions", "/workflow", "/admin/users", "/account", "/account/login-two-factor", "/not-a-page" })
        {
            var response = await Page.GotoAsync(path);
            response!.Headers.Should().ContainKey("content-security-policy", $"{path} is served with the policy");
            await Page.WaitForBlazorAsync();
            await AssertNoViolationsAsync();
        }

        // Interactive parts that add elements and styles through the DOM: the theme switch, a detail page, the menu.
        await Page.GotoBlazorAsync("/onboardings");
        await Page.GetByTestId("toggle-theme").ClickAsync();
        await Expect(Page.GetByTestId("toggle-theme")).ToHaveAttributeAsync("aria-pressed", "true");
        var detail = $"/onboardings/{await server.OnboardingIdAsync(SampleDataCustomer)}";
        await Page.GotoBlazorAsync(detail);
        await Page.GetByTestId("toggle-navigation").ClickAsync();
        await AssertNoViolationsAsync();
    }

    private const string SampleDataCustomer = "Northwind Analytics Pte. Ltd.";

    private async Task AssertNoViolationsAsync()
    {
        var inPage = await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        inPage.Concat(_violations).Should().BeEmpty($"no Content-Security-Policy violation on {Page.Url}");
    }
}
