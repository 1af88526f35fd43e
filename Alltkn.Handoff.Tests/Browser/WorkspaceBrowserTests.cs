using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>The workspace shell and its cross-onboarding pages on a real port, in headless Chromium.</summary>
public sealed partial class WorkspaceBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    private const string Password = "amber lantern harbour tide";

    private IServiceProvider Services => Server!.Services;

    /// <summary>Stores an onboarding (and how it got there) in the server's database, as the service would.</summary>
    private async Task<Onboarding> AddAsync(Onboarding onboarding)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Onboardings.Add(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        onboarding.ClearPendingRevisions();
        return onboarding;
    }

    private async Task<Stage> StageOfAsync(Guid id)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Onboardings.Where(o => o.Id == id).Select(o => o.Stage).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The cookie is written by the browser just after the click is handled: wait for it (up to the action timeout).</summary>
    private async Task WaitForCookieAsync(string name, string value)
    {
        var deadline = DateTime.UtcNow + BrowserFixture.ActionTimeout;
        while (!(await Context.CookiesAsync()).Any(c => c.Name == name && c.Value == value))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the browser should remember {name}={value} in a cookie");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task The_dashboard_shows_blocked_items_with_their_reason_and_the_pipeline_links_to_the_list()
    {
        var customer = Unique("Acme Robotics");
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).AtStage(Stage.Trial).Build();
        var stream = onboarding.ItemByKey("trial.stream");
        onboarding.UpdateItem(stream.Id, ItemUpdate.From(stream) with { Status = ItemStatus.Blocked, StatusReason = "Customer's proxy strips SSE" },
            Actors.TechLead, DateTime.UtcNow);
        await AddAsync(onboarding);
        await Page.SignInAsync();

        await Page.GotoBlazorAsync("/");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Dashboard");
        var blocked = Page.GetByTestId("blocked-row").Filter(new() { HasText = customer });
        await Expect(blocked).ToContainTextAsync("Customer's proxy strips SSE");
        await Expect(blocked.Locator("a")).ToHaveAttributeAsync("href", $"/onboardings/{onboarding.Id}");
        await Expect(Page.GetByTestId("pipeline-Trial")).ToHaveAttributeAsync("href", "/onboardings?stage=Trial");
        int.Parse(await Page.GetByTestId("pipeline-count-Trial").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Choosing_Chinese_reloads_the_same_page_in_Chinese_and_the_choice_is_remembered()
    {
        await Page.SignInAsync();
        await Page.GotoBlazorAsync("/revisions?kind=StageMoved");

        await Page.GetByTestId("language-zh-CN").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/revisions\?kind=StageMoved$"));
        await Page.WaitForBlazorAsync();

        await Expect(Page.Locator("h1")).ToHaveTextAsync("修订记录");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Page.GotoBlazorAsync("/workflow");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("流程图");

        await Page.GetByTestId("language-en").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/workflow$"));
        await Page.WaitForBlazorAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Workflow");
    }

    [Fact]
    public async Task The_dark_theme_is_remembered_and_in_place_before_the_page_is_interactive()
    {
        await Page.SignInAsync();
        await Page.GotoBlazorAsync("/workflow");
        await Expect(Page.GetByTestId("toggle-theme")).ToHaveAttributeAsync("aria-pressed", "false");

        await Page.GetByTestId("toggle-theme").ClickAsync();
        await Expect(Page.GetByTestId("toggle-theme")).ToHaveAttributeAsync("aria-pressed", "true");
        await WaitForCookieAsync("handoff-theme", "dark");

        // The prerendered page already carries the dark theme (no flash of the light one).
        var prerendered = await Page.APIRequest.GetAsync("/workflow");
        (await prerendered.TextAsync()).Should().MatchRegex(DarkToggle());
        await Page.ReloadAsync();
        await Page.WaitForBlazorAsync();
        await Expect(Page.GetByTestId("toggle-theme")).ToHaveAttributeAsync("aria-pressed", "true");
        var background = await Page.Locator(".mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        background.Should().Be("rgb(26, 35, 48)", "the dark palette's app bar colour");
    }

    [Fact]
    public async Task The_workflow_is_drawn_without_anything_from_the_internet()
    {
        var outside = new List<string>();
        Page.Request += (_, request) =>
        {
            var host = new Uri(request.Url).Host;
            if (host is not ("127.0.0.1" or "localhost"))
            {
                outside.Add(request.Url);
            }
        };
        await Page.SignInAsync();

        await Page.GotoBlazorAsync("/workflow");

        var svg = Page.GetByTestId("workflow-svg");
        await Expect(svg).ToBeVisibleAsync();
        await Expect(svg.Locator("g[data-stage]")).ToHaveCountAsync(Enum.GetValues<Stage>().Length);
        await Expect(svg).ToContainTextAsync("Commercial");
        await Expect(Page.GetByTestId("workflow-mermaid")).ToContainTextAsync("stateDiagram-v2");
        outside.Should().BeEmpty("the workspace must work offline: no CDN, no web fonts");
        await SaveScreenshotAsync("workflow");
    }

    [Fact]
    public async Task A_release_owner_signs_off_in_the_browser_and_the_onboarding_goes_live()
    {
        var (onboarding, card) = await ReleaseOwnerOnGoLiveAsync("Beta Cloud");
        await Expect(card.GetByTestId("go-live-checks-pass")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("window-in-zone")).ToContainTextAsync("Asia/Shanghai (UTC+08:00)");
        await card.GetByTestId("sign-off").ClickAsync();
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Sign off go-live" }).ClickAsync();

        await Expect(card).ToHaveCountAsync(0);
        (await StageOfAsync(onboarding.Id)).Should().Be(Stage.Live);
    }

    [Fact]
    public async Task A_dialog_keeps_the_keyboard_inside_and_gives_focus_back_when_it_closes()
    {
        var (onboarding, card) = await ReleaseOwnerOnGoLiveAsync("Focus Cloud");
        var signOff = card.GetByTestId("sign-off");

        await signOff.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator(".mud-dialog")).ToBeVisibleAsync();
        // The dialog takes the focus as it opens (on its first element), so the keyboard starts inside it.
        await Page.WaitForFunctionAsync("() => !!document.activeElement.closest('.mud-dialog-container')", null,
            new PageWaitForFunctionOptions { Timeout = 5_000 });
        var outside = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            outside.Add(await Page.EvaluateAsync<string>(
                "() => document.activeElement.closest('.mud-dialog-container') ? '' : document.activeElement.outerHTML.slice(0, 120)"));
        }
        await Page.Keyboard.PressAsync("Escape");

        outside.Should().OnlyContain(x => x == "", "Tab never leaves an open dialog");
        await Expect(Page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(signOff).ToBeFocusedAsync();
        (await StageOfAsync(onboarding.Id)).Should().Be(Stage.GoLive, "closing the dialog signs nothing off");
    }

    /// <summary>
    /// An onboarding of <paramref name="customer"/> at Go-live with its gate passed and a window in three days, and a new
    /// release owner signed in on /go-live: the onboarding and its card.
    /// </summary>
    private async Task<(Onboarding Onboarding, ILocator Card)> ReleaseOwnerOnGoLiveAsync(string customer)
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer(Unique(customer))).AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var start = DateTime.UtcNow.Date.AddDays(3).AddHours(14);
        onboarding.SetGoLiveWindow(GoLiveWindow.FromLocal(start, start.AddHours(2), "Asia/Shanghai"), Actors.ReleaseOwner, DateTime.UtcNow);
        await AddAsync(onboarding);
        var email = $"release-{Guid.NewGuid():N}@alltkn.test";
        await IdentityTestApp.CreateUserAsync(Services, email, Password, Role.ReleaseOwner);
        await Page.SignInAsync(email, Password);
        await Page.GotoBlazorAsync("/go-live");
        return (onboarding, Page.Locator($"[data-testid='go-live-card'][data-onboarding-id='{onboarding.Id}']"));
    }

    [Fact]
    public async Task My_items_change_status_from_the_row_menu()
    {
        var customer = Unique("Gamma Labs");
        var onboarding = await AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.account-key-ownership");
        await Page.SignInAsync();

        await Page.GotoBlazorAsync("/my-items");
        var row = Page.Locator($"tr[data-item-id='{item.Id}']");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Page.GetByTestId("status-InProgress").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "InProgress");
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("is now In progress");
    }

    [GeneratedRegex("data-testid=\"toggle-theme\"[^>]*aria-pressed=\"true\"|aria-pressed=\"true\"[^>]*data-testid=\"toggle-theme\"")]
    private static partial Regex DarkToggle();
}
