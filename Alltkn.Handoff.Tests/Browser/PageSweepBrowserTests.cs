using System.Text;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// Every page, swept once per person and language on the realistic sample data (issue 14 points 2, 7 and 8):
/// axe-core finds no serious or critical violation in English and Chinese, light and dark, signed in and signed out;
/// at phone size (390×844) nothing scrolls sideways and the navigation is a drawer opened from the menu button; the
/// onboarding page keeps its stepper and moves in reach while the checklist scrolls.
/// </summary>
public sealed class PageSweepBrowserTests(BrowserFixture browser, SampleDataServer server)
    : BrowserTest(browser, server), IClassFixture<SampleDataServer>
{
    private const string SampleCustomer = "Northwind Analytics Pte. Ltd.";

    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>The pages of the workspace a team admin reaches from the navigation, plus an onboarding and the new-onboarding form.</summary>
    private async Task<IReadOnlyList<string>> SignedInPagesAsync() =>
    [
        "/",
        "/onboardings",
        "/onboardings/new",
        $"/onboardings/{await server.OnboardingIdAsync(SampleCustomer)}",
        "/my-items",
        "/go-live",
        "/revisions",
        "/notifications",
        "/account",
        "/admin/users",
        "/admin/webhooks",
        "/workflow",
    ];

    private static readonly string[] SignedOutPages = ["/account/login", "/setup", "/guest/new-link"];

    public static TheoryData<string, bool> LanguagesAndThemes => new()
    {
        // Each language and each theme once (a sweep takes minutes on a shared machine): names and labels differ by
        // language, contrast by theme.
        { "en-US", false },
        { "zh-CN", true },
    };

    [Theory]
    [MemberData(nameof(LanguagesAndThemes))]
    public async Task No_signed_in_page_has_a_serious_or_critical_accessibility_violation(string locale, bool dark)
    {
        var page = await NewPageAsync(server.ServerAddress, locale, o => o.ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light);
        await page.SignInAsync();

        var found = new StringBuilder();
        foreach (var path in await SignedInPagesAsync())
        {
            await page.GotoBlazorAsync(path);
            await SettleAsync(page);
            await AxeSweep.AppendViolationsAsync(page, path, found);
        }

        found.ToString().Should().BeEmpty($"axe-core ({locale}, {(dark ? "dark" : "light")}) found serious or critical violations");
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task No_signed_out_page_has_a_serious_or_critical_accessibility_violation(string locale)
    {
        var page = await NewPageAsync(server.ServerAddress, locale);

        var found = new StringBuilder();
        foreach (var path in SignedOutPages)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AxeSweep.AppendViolationsAsync(page, path, found);
        }

        found.ToString().Should().BeEmpty($"axe-core ({locale}, signed out) found serious or critical violations");
    }

    [Fact]
    public async Task At_phone_size_no_page_scrolls_sideways_and_the_navigation_is_a_drawer_opened_from_the_menu_button()
    {
        var page = await NewPageAsync(server.ServerAddress, configure: o => o.ViewportSize = Phone);
        await page.SignInAsync();

        var tooWide = new List<string>();
        foreach (var path in await SignedInPagesAsync())
        {
            if (path == "/go-live")
            {
                continue; // the go-live page has its own phone test (GoLive folder)
            }
            await page.GotoBlazorAsync(path);
            await SettleAsync(page);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
            {
                tooWide.Add($"{path}: {widths[0]}px wide in a {widths[1]}px window; widest: {await WidestAsync(page)}");
            }
        }
        tooWide.Should().BeEmpty("at 390×844 no page may scroll sideways");

        await page.GotoBlazorAsync("/");
        var drawer = page.Locator(".mud-drawer");
        await Expect(page.GetByTestId("nav-onboardings")).Not.ToBeInViewportAsync();
        await page.GetByTestId("toggle-navigation").ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-drawer--open\b"));
        await Expect(page.GetByTestId("nav-onboardings")).ToBeInViewportAsync();
        await page.GetByTestId("nav-onboardings").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/onboardings$"));
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_stepper_and_the_moves_stay_in_reach_while_the_checklist_scrolls(int width, int height)
    {
        var page = await NewPageAsync(server.ServerAddress, configure: o => o.ViewportSize = new ViewportSize { Width = width, Height = height });
        await page.SignInAsync();
        await page.GotoBlazorAsync($"/onboardings/{await server.OnboardingIdAsync(SampleCustomer)}");
        var forward = page.Locator("[data-testid='move-buttons'] button").First;
        await Expect(forward).ToBeInViewportAsync();

        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await page.WaitForFunctionAsync("() => window.scrollY > 0");

        await Expect(forward).ToBeInViewportAsync();
        await Expect(page.GetByTestId("stage-stepper")).ToBeInViewportAsync();
        var (moveTop, appBarBottom) = (await forward.BoundingBoxAsync(), await page.Locator(".mud-appbar").BoundingBoxAsync());
        moveTop!.Y.Should().BeGreaterThanOrEqualTo(appBarBottom!.Y + appBarBottom.Height - 1, "the header sits under the app bar, not behind it");
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_on_buttons_and_links()
    {
        var page = await NewPageAsync(server.ServerAddress);
        await page.SignInAsync();
        await page.GotoBlazorAsync("/workflow");

        var outlines = new List<string>();
        for (var i = 0; i < 10 && outlines.Count < 6; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("() => !['A', 'BUTTON'].includes(document.activeElement.tagName)"))
            {
                continue; // fields show focus by their own border and label
            }
            outlines.Add(await page.EvaluateAsync<string>("""
                () => { const e = document.activeElement; const s = getComputedStyle(e);
                        return `${e.tagName.toLowerCase()}[${e.dataset.testid ?? ''}] ${s.outlineStyle} ${s.outlineWidth}`; }
                """));
        }

        outlines.Should().NotBeEmpty().And.OnlyContain(o => !o.Contains(" none ") && !o.EndsWith(" 0px"),
            "every element reached with Tab shows where the focus is");
    }

    /// <summary>Waits for the page's data: no progress bar left and the network quiet.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator(".mud-progress-linear.mud-progress-indeterminate")).ToHaveCountAsync(0);
    }

    /// <summary>The elements that stick out of the window while their parent does not (what to fix), for the failure message.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const w = window.innerWidth + 1;
            const out = e => e.getBoundingClientRect().right > w;
            const hidden = e => e.closest('.visually-hidden') !== null;
            return [...document.querySelectorAll('body *')]
                .filter(e => out(e) && !hidden(e) && e.parentElement && !out(e.parentElement))
                .slice(0, 5)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}[${e.dataset.testid ?? ''}] right=${Math.round(e.getBoundingClientRect().right)}`)
                .join('; ');
        }
        """);
}
