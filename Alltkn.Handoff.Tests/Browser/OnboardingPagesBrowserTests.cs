using System.Text;
using System.Text.RegularExpressions;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>The onboarding pages in headless Chromium, signed in as the bootstrap team admin.</summary>
public sealed class OnboardingPagesBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    [Fact]
    public async Task An_admin_opens_an_onboarding_and_completes_a_checklist_item()
    {
        await Page.SignInAsync();
        await Page.GotoBlazorAsync("/onboardings");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Onboardings");

        await NewOnboardingForm.CreateTrialAsync(Page, "Acme Robotics");

        await Expect(Page.Locator("[data-testid='customer']")).ToHaveTextAsync("Acme Robotics");
        await Expect(Page.Locator("[data-testid='stage-step-Inquiry']")).ToHaveAttributeAsync("data-state", "Current");
        var row = Page.Locator("[data-testid='item-row-inquiry.contact-type']");
        await row.Locator("[data-testid='item-edit']").ClickAsync();
        await row.Locator("input[data-testid='item-status']").ChooseAsync(Page.Locator(".mud-popover-open [data-testid='item-status-option-Done']"));
        await row.Locator("[data-testid='item-evidence']").FillAndWaitForServerAsync("Declared as an enterprise trial in the first call");
        await row.Locator("[data-testid='item-save']").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-status", "Done");
        await Expect(row.Locator("[data-testid='item-evidence-text']")).ToHaveTextAsync("Declared as an enterprise trial in the first call");
        await Expect(Page.Locator(".mud-snackbar", new() { HasTextString = "Saved “Contact type declared”." })).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-testid='refused-StartTrial']")).ToContainTextAsync("'Use case, expected models and monthly budget range' is not done (owner: Team admin).");
        await SaveScreenshotAsync("onboarding-detail");
    }

    [Fact]
    public async Task An_admin_assigns_an_item_by_typing_part_of_a_name_and_picking_the_person()
    {
        var name = HandoffAppFactory.AdminEmail.Split('@')[0];
        await Page.SignInAsync();
        await Page.GotoBlazorAsync("/onboardings");
        await NewOnboardingForm.CreateTrialAsync(Page, "Birch Analytics");
        var row = Page.Locator("[data-testid='item-row-inquiry.contact-type']");
        await row.Locator("[data-testid='item-edit']").ClickAsync();

        var box = row.Locator("input[data-testid='item-assignee']");
        var suggestion = Page.Locator(".mud-popover-open [data-testid='item-assignee-option']", new() { HasTextString = name });
        await box.SuggestAsync(name[..3], suggestion);
        var found = new StringBuilder();
        await AxeSweep.AppendViolationsAsync(Page, "the item editor with the assignee's suggestions open", found);
        await box.ChooseSuggestionAsync(name[..3], suggestion, name);
        await row.Locator("[data-testid='item-save']").ClickAsync();

        await Expect(row.Locator("[data-testid='item-editor']")).ToHaveCountAsync(0);
        await Expect(row.Locator("[data-testid='item-assignee-text']")).ToHaveTextAsync(name);
        found.ToString().Should().BeEmpty("axe-core found serious or critical violations in the editor with its suggestions open");
    }

    [Fact]
    public async Task The_new_onboarding_form_takes_no_typing_before_it_is_interactive_and_keeps_what_is_typed_after()
    {
        await Page.SignInAsync();
        const string BlazorScript = "**/_framework/blazor.web*.js";
        await Page.RouteAsync(BlazorScript, route => route.AbortAsync());
        await Page.GotoAsync("/onboardings/new");

        await Expect(Page.GetByTestId("form-getting-ready")).ToContainTextAsync("Getting the form ready");
        await Expect(Page.Locator("input[data-testid='input-Customer']")).ToBeDisabledAsync();
        await Expect(Page.Locator("[data-testid='create-onboarding']")).ToBeDisabledAsync();

        await Page.UnrouteAsync(BlazorScript);
        await Page.GotoBlazorAsync("/onboardings/new");
        await Expect(Page.GetByTestId("form-getting-ready")).ToHaveCountAsync(0);
        await Page.FillAsync("[data-testid='input-Customer']", "Delta Freight");
        await Page.FillAsync("[data-testid='input-ProcurementEntity']", "Delta Freight Co., Ltd.");
        await Expect(Page.Locator("input[data-testid='input-Customer']")).ToHaveValueAsync("Delta Freight");
        await Expect(Page.Locator("input[data-testid='input-ProcurementEntity']")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task The_list_keeps_its_filters_in_the_address()
    {
        await Page.SignInAsync();
        await NewOnboardingForm.CreateTrialAsync(Page, "Beta Foods");
        await Page.GotoBlazorAsync("/onboardings");
        await Expect(Page.Locator("[data-testid='onboarding-link']", new() { HasTextString = "Beta Foods" })).ToBeVisibleAsync();

        await Page.Locator("input[data-testid='filter-stage']").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Trial" }).First.ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex(@"/onboardings\?stage=Trial$"));
        await Expect(Page.Locator("[data-testid='empty-state']")).ToContainTextAsync("No onboarding matches these filters.");
        await Page.ReloadAsync();
        await Page.WaitForBlazorAsync();
        await Expect(Page.Locator("input[data-testid='filter-stage']")).ToHaveValueAsync("Trial");
        await Expect(Page.Locator("[data-testid='empty-state']")).ToBeVisibleAsync();
        await SaveScreenshotAsync("onboarding-list-filtered");
    }

    [Fact]
    public async Task A_hold_asks_for_a_reason_in_a_dialog()
    {
        await Page.SignInAsync();
        await NewOnboardingForm.CreateTrialAsync(Page, "Cathay Logistics");

        await Page.ClickAsync("[data-testid='more-moves'] button");
        await Page.ClickAsync("[data-testid='move-Hold']");
        var reason = Page.Locator("[data-testid='dialog-reason-input']");
        await Expect(reason).ToBeVisibleAsync();
        // Filled into the field itself: the dialog's focus trap may still move focus while it opens (more so on a
        // loaded machine), and keystrokes sent to the page would then land elsewhere.
        await reason.FillAndWaitForServerAsync("Waiting for the customer's budget approval");
        await Expect(reason).ToHaveValueAsync("Waiting for the customer's budget approval");
        await Page.ClickAsync("[data-testid='dialog-confirm']");

        await Expect(Page.Locator("[data-testid='stepper-on-hold']")).ToContainTextAsync("left Inquiry");
        await Expect(Page.Locator("[data-testid='stepper-on-hold']")).ToContainTextAsync("Waiting for the customer's budget approval");
        await Expect(Page.Locator("[data-testid='move-Resume']")).ToBeEnabledAsync();
    }
}
