using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// The README's screenshots, taken from the real app with the sample data (1280×800, in English and in Chinese).
/// Every run checks that the pages render with that data; only with <c>HANDOFF_UPDATE_SCREENSHOTS=1</c> are the
/// files under docs/screenshots written, so ordinary runs (and CI) never change the working tree.
/// </summary>
public sealed class DocsScreenshotTests(BrowserFixture browser, SampleDataServer server)
    : BrowserTest(browser, server: null), IClassFixture<SampleDataServer>
{
    public const string UpdateVariable = "HANDOFF_UPDATE_SCREENSHOTS";

    /// <summary>The sample onboarding shown in the detail screenshot: at Trial, with done, under-way, blocked and open items.</summary>
    private const string DetailCustomer = "Northwind Analytics Pte. Ltd.";

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";

    [Fact]
    public async Task Dashboard_and_onboarding_detail_render_the_sample_data_in_English_and_Chinese()
    {
        var counts = await server.CountsPerStageAsync();
        var detailId = await server.OnboardingIdAsync(DetailCustomer);
        var page = await NewPageAsync(server.ServerAddress, "en-US", o => o.TimezoneId = "Asia/Singapore");
        await page.SignInAsync();

        await page.GotoBlazorAsync("/");
        await ExpectDashboardAsync(page, counts, title: "Dashboard");
        await Expect(page.GetByTestId("dashboard-blocked")).ToContainTextAsync(DetailCustomer);
        await SaveAsync(page, "docs/screenshots/dashboard.png");

        await page.GotoBlazorAsync($"/onboardings/{detailId}");
        await ExpectDetailAsync(page, trialName: "Trial");
        await SaveAsync(page, "docs/screenshots/onboarding-detail.png");

        await page.GetByTestId("language-zh-CN").ClickAsync();
        await page.WaitForBlazorAsync();
        await ExpectDetailAsync(page, trialName: "企业试用");
        await SaveAsync(page, "docs/screenshots/onboarding-detail.zh-CN.png");

        await page.GotoBlazorAsync("/");
        await ExpectDashboardAsync(page, counts, title: "总览");
        await Expect(page.GetByTestId("dashboard-blocked")).ToContainTextAsync("卡在关口");
        await SaveAsync(page, "docs/screenshots/dashboard.zh-CN.png");

        var phone = await NewPageAsync(server.ServerAddress, "en-US", o =>
        {
            o.TimezoneId = "Asia/Singapore";
            o.ViewportSize = new ViewportSize { Width = 390, Height = 844 };
        });
        await phone.SignInAsync();
        // Tang Min chose Chinese above, and the workspace keeps a person's language: the phone page is in Chinese.
        await phone.GotoBlazorAsync("/go-live");
        await Expect(phone.GetByTestId("go-live-card").First).ToBeVisibleAsync();
        await SaveAsync(phone, "docs/screenshots/go-live.phone.zh-CN.png");
    }

    private static async Task ExpectDashboardAsync(IPage page, IReadOnlyDictionary<Stage, int> counts, string title)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        counts.Values.Sum().Should().BeGreaterThan(5, "the sample data holds onboardings in every stage");
        foreach (var stage in Enum.GetValues<Stage>())
        {
            await Expect(page.GetByTestId($"pipeline-count-{stage}")).ToHaveTextAsync(counts.GetValueOrDefault(stage).ToString());
        }
        await Expect(page.GetByTestId("dashboard-loading")).ToHaveCountAsync(0);
    }

    private static async Task ExpectDetailAsync(IPage page, string trialName)
    {
        await Expect(page.GetByTestId("customer")).ToHaveTextAsync(DetailCustomer);
        await Expect(page.GetByTestId("stage-chip")).ToHaveAttributeAsync("data-stage", nameof(Stage.Trial));
        await Expect(page.GetByTestId("stage-chip")).ToHaveTextAsync(trialName);
        await Expect(page.GetByTestId("item-row-trial.insufficient-balance")).ToHaveAttributeAsync("data-status", nameof(ItemStatus.Blocked));
        await Expect(page.GetByTestId("item-row-trial.minimal-request")).ToHaveAttributeAsync("data-status", nameof(ItemStatus.Done));
    }

    /// <summary>Writes the screenshot into the repository only when asked; always checks the page has nothing in flight.</summary>
    private static async Task SaveAsync(IPage page, string repositoryPath)
    {
        // Snackbars and loading indicators (indeterminate progress) are not part of the picture.
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-progress-indeterminate, .mud-progress-circular")).ToHaveCountAsync(0);
        if (Updating)
        {
            await Screenshots.SaveToRepositoryAsync(page, repositoryPath);
        }
    }
}
