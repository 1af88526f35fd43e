using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// Issue 9, point 4, on the onboardings list: the prerendered page already holds the first page of rows (the table reads
/// its server data only once interactive, so the prerender reads it itself), and the interactive render shows that read
/// instead of reading the list again.
/// </summary>
public sealed class OnboardingListLoadOnceBrowserTests(BrowserFixture browser, QueryCountingServer server)
    : BrowserTest(browser, server), IClassFixture<QueryCountingServer>
{
    /// <summary>Reads of a page of the list: the onboardings newest first, one page of them.</summary>
    private int ListPageReads => server.Commands.Commands.Count(c =>
        c.Sql.Contains("FROM \"Onboardings\"", StringComparison.Ordinal)
        && c.Sql.Contains("ORDER BY \"o\".\"CreatedAtUtc\" DESC", StringComparison.Ordinal)
        && c.Sql.Contains("LIMIT", StringComparison.Ordinal));

    [Fact]
    public async Task The_prerendered_list_holds_its_rows_and_a_visit_reads_them_once()
    {
        await Page.SignInAsync();
        await NewOnboardingForm.CreateTrialAsync(Page, "Prerendered Rows Ltd");
        // What the new onboarding sets off (its page's saves, the health refresh) is over before the visit measured below:
        // any change after a list's prerender makes its read out of date, and the live page reads again.
        await Page.GotoBlazorAsync("/onboardings");
        await Expect(Page.GetByTestId("onboarding-link").Filter(new() { HasText = "Prerendered Rows Ltd" })).ToBeVisibleAsync();
        await Page.WaitForTimeoutAsync(1000);

        var prerendered = await Page.APIRequest.GetAsync("/onboardings");
        (await prerendered.TextAsync()).Should().Contain("Prerendered Rows Ltd", "the page arrives with its first rows, before any script runs");

        server.Commands.Clear();
        await Page.GotoBlazorAsync("/onboardings");
        await Expect(Page.GetByTestId("onboarding-link").Filter(new() { HasText = "Prerendered Rows Ltd" })).ToBeVisibleAsync();
        // Anything the circuit still reads after its first render would be recorded by now.
        await Page.WaitForTimeoutAsync(500);

        ListPageReads.Should().Be(1, "the prerender reads the first page and the interactive render shows that read");
    }
}
