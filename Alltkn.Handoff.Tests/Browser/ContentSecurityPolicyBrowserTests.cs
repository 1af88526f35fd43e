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

    [Fact]
    public async Task The_detail_page_dialogs_and_editors_take_typing_without_any_violation()
    {
        await Page.SignInAsync();
        await Page.GotoBlazorAsync($"/onboardings/{await server.OnboardingIdAsync(SampleDataCustomer)}");
        await AssertNoViolationsAsync();

        // The move dialog (MudDialog with a multi-line MudTextField), typed into and cancelled.
        await Page.ClickAsync("[data-testid='more-moves'] button");
        await Page.ClickAsync("[data-testid='move-Hold']");
        var reason = Page.Locator("[data-testid='dialog-reason-input']");
        await Expect(reason).ToBeVisibleAsync();
        await reason.FillAsync("Waiting for the customer's budget approval");
        await reason.PressSequentiallyAsync(" and the legal review");
        await Expect(reason).ToHaveValueAsync("Waiting for the customer's budget approval and the legal review");
        await AssertNoViolationsAsync();
        await Page.ClickAsync("[data-testid='dialog-cancel']");
        await Expect(reason).ToBeHiddenAsync();

        // A checklist item's editor (a select popover and multi-line text fields), typed into and left unsaved.
        await Page.Locator("[data-testid='item-edit']").First.ClickAsync();
        var evidence = Page.Locator("[data-testid='item-editor'] textarea").First;
        await Expect(evidence).ToBeVisibleAsync();
        await evidence.PressSequentiallyAsync("Checked in the call");
        await AssertNoViolationsAsync();

        // A new onboarding, from the form to its detail page, put on hold through the dialog.
        await Page.GotoBlazorAsync("/onboardings/new");
        await NewOnboardingForm.FillTrialAsync(Page, "Cathay Logistics");
        await Page.ClickAsync("[data-testid='create-onboarding']");
        await Expect(Page.Locator("[data-testid='customer']")).ToHaveTextAsync("Cathay Logistics");
        // The snackbar that confirms it is shown, without the <style> element MudBlazor writes for its fade.
        await Expect(Page.Locator(".mud-snackbar")).ToBeVisibleAsync();
        await Expect(Page.Locator(".mud-snackbar-provider style, [class*='mud-snackbar-location'] style")).ToHaveCountAsync(0);
        await AssertNoViolationsAsync();
        await Page.ClickAsync("[data-testid='more-moves'] button");
        await Page.ClickAsync("[data-testid='move-Hold']");
        await Expect(reason).ToBeVisibleAsync();
        await reason.FillAndWaitForServerAsync("Waiting for the customer's budget approval");
        await AssertNoViolationsAsync();
        await Page.ClickAsync("[data-testid='dialog-confirm']");
        await Expect(Page.Locator("[data-testid='stepper-on-hold']")).ToContainTextAsync("Waiting for the customer's budget approval");
        await AssertNoViolationsAsync();
    }

    private const string SampleDataCustomer = "Northwind Analytics Pte. Ltd.";

    private async Task AssertNoViolationsAsync()
    {
        var inPage = await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        if (inPage.Length + _violations.Count > 0)
        {
            // The style elements in the page say which component wrote the refused one.
            var styles = await Page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('style')].map(s => (s.parentElement?.tagName ?? '') + ' ' + (s.parentElement?.className ?? '') + ': ' + s.textContent.slice(0, 200))");
            inPage.Concat(_violations).Should().BeEmpty(
                $"no Content-Security-Policy violation on {Page.Url}; its <style> elements: {string.Join(" | ", styles)}");
        }
    }
}
