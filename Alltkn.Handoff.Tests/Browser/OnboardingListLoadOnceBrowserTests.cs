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

        var prerendered = await Page.APIRequest.GetAsync("/onboardings");
        (await prerendered.TextAsync()).Should().Contain("Prerendered Rows Ltd", "the page arrives with its first rows, before any script runs");

        // What the new onboarding sets off (its page's saves, the health refresh) makes a visit read again, rightly: any
        // change after a list's prerender makes its read out of date, and the live page reads again on a change. A visit
        // during which a change is heard is made again (QueryCountingServer.MeasureVisitAsync).
        var reads = await server.MeasureVisitAsync(Page, async () =>
        {
            // Interactive, and showing the row: the circuit's first render has replaced the prerendered rows, and the
            // table shows rows again only once its first read of them (or the prerender's, handed over) has returned.
            await Page.GotoBlazorAsync("/onboardings");
            await Expect(Page.GetByTestId("onboarding-link").Filter(new() { HasText = "Prerendered Rows Ltd" })).ToBeVisibleAsync();
        }, () => ListPageReads);

        reads.Should().Be(1, "the prerender reads the first page and the interactive render shows that read");
    }

    [Fact]
    public async Task A_stale_bookmark_shows_the_last_page_and_a_visit_reads_it_once()
    {
        await Page.SignInAsync();
        await NewOnboardingForm.CreateTrialAsync(Page, "Stale Bookmark Ltd");

        var prerendered = await Page.APIRequest.GetAsync("/onboardings?page=500");
        (await prerendered.TextAsync()).Should().NotContain("data-testid=\"empty-state\"", "the prerender shows the last page there is");

        var reads = await server.MeasureVisitAsync(Page, async () =>
        {
            await Page.GotoBlazorAsync("/onboardings?page=500");
            await Expect(Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("page=500"));
            await Expect(Page.GetByTestId("onboarding-link").First).ToBeVisibleAsync();
        }, () => ListPageReads);

        await Expect(Page.GetByTestId("empty-state")).ToHaveCountAsync(0);
        // The prerender reads the page asked for and then the last page; the interactive render reads neither again. Its
        // putting the page in the address (replacing it) has the browser fetch that address, whose prerender reads once.
        reads.Should().Be(3, "the interactive render takes over the prerender's read of the last page");
    }
}
