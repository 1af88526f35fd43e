using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// Issue 9, point 4: one visit of an onboarding's page reads the onboarding and its history once, in the prerender; the
/// interactive render that follows shows that read (handed over through the persistent component state) instead of
/// reading it again. The same recorder sees the live connection's reads: a change heard there is read.
/// </summary>
public sealed class OnboardingLoadOnceBrowserTests(BrowserFixture browser, QueryCountingServer server)
    : BrowserTest(browser, server), IClassFixture<QueryCountingServer>
{
    /// <summary>The commands that ask for this onboarding (its id among the parameters) and hold all of <paramref name="parts"/>.</summary>
    private int ReadsOf(Guid onboardingId, params string[] parts) => server.Commands.Commands.Count(c =>
        parts.All(part => c.Sql.Contains(part, StringComparison.Ordinal))
        && c.Parameters.Any(p => string.Equals(p.Value?.ToString(), onboardingId.ToString(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>Loads of the onboarding aggregate: its root query (items and support matrix follow in queries of their own).</summary>
    private int AggregateReads(Guid id) => ReadsOf(id, "FROM \"Onboardings\"", "\"o\".\"CancelReason\"");

    /// <summary>Reads of the onboarding's history, newest first: its first page (its count and stage moves are read with it).</summary>
    private int HistoryReads(Guid id) => ReadsOf(id, "FROM \"RevisionEntries\"", "ORDER BY \"r\".\"AtUtc\" DESC", "LIMIT");

    [Fact]
    public async Task A_visit_reads_the_onboarding_and_its_history_once_and_the_live_page_reads_again_only_after_a_change()
    {
        await Page.SignInAsync();
        var id = await NewOnboardingForm.CreateTrialAsync(Page, "Load Once Logistics");

        var row = Page.GetByTestId("item-row-inquiry.contact-type");
        var (aggregate, history, comments, invitations) = await server.MeasureVisitAsync(Page, async () =>
        {
            // Interactive, and showing the onboarding: the circuit's first render has replaced the prerendered page, and
            // the page shows no onboarding until it has one (read, or handed over by the prerender). The comment counts
            // and the invitations are taken over, or their reads sent, as that render makes their components (before it
            // is sent: SQLite answers without yielding).
            await Page.GotoBlazorAsync($"/onboardings/{id}");
            await Expect(Page.GetByTestId("customer")).ToHaveTextAsync("Load Once Logistics");
            await Expect(row.GetByTestId("item-edit")).ToBeVisibleAsync();
        }, () => (AggregateReads(id), HistoryReads(id), ReadsOf(id, "FROM \"ItemComments\""), ReadsOf(id, "FROM \"GuestInvitations\"")));

        aggregate.Should().Be(1, "the prerender reads the onboarding and the interactive render shows that read");
        history.Should().Be(1, "the history is read once per visit too");
        comments.Should().Be(1, "the comment counts are handed over as well");
        invitations.Should().Be(1, "and so are the guest invitations");

        // The live page does read through the same recorder: its own save is read back at once, history included.
        await Page.GotoBlazorAsync($"/onboardings/{id}");
        await Expect(row.GetByTestId("item-edit")).ToBeVisibleAsync();
        server.Commands.Clear();
        await row.GetByTestId("item-edit").ClickAsync();
        await row.Locator("input[data-testid='item-status']").ChooseAsync(Page.Locator(".mud-popover-open [data-testid='item-status-option-Done']"));
        await row.GetByTestId("item-evidence").FillAndWaitForServerAsync("Declared in the first call");
        await row.GetByTestId("item-save").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "Done");
        await Expect(row.GetByTestId("item-evidence-text")).ToHaveTextAsync("Declared in the first call");

        HistoryReads(id).Should().Be(1, "the live page reads the history again after its own save (once: the change it hears is in that read)");
    }
}
