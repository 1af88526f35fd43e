using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>The app on a real port with every query its contexts send recorded (what a page read, and how often).</summary>
public sealed class QueryCountingServer : HandoffServer
{
    /// <summary>How many visits <see cref="MeasureVisitAsync{T}"/> makes before it gives up on a quiet one.</summary>
    private const int Visits = 5;

    public CommandRecorder Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Commands));
            services.AddScoped<CircuitHandler>(_ => new CircuitCounter(this));
        });
    }

    private int _circuits;

    /// <summary>Circuits whose services are not yet disposed: their pages may still be listening to changes.</summary>
    private int Circuits => Volatile.Read(ref _circuits);

    /// <summary>
    /// Made with each circuit's services, disposed with them: after the circuit's components (a page's subscription to
    /// changes ends when the page is disposed).
    /// </summary>
    private sealed class CircuitCounter : CircuitHandler, IDisposable
    {
        private readonly QueryCountingServer _server;
        private int _disposed;

        public CircuitCounter(QueryCountingServer server)
        {
            _server = server;
            Interlocked.Increment(ref server._circuits);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref _server._circuits);
            }
        }
    }

    /// <summary>
    /// Measures what one visit reads, with only the visit reading: <paramref name="visit"/> goes to a page and waits for
    /// what its circuit renders from its first reads, then <paramref name="measure"/> counts the recorded commands. A
    /// page reads again, rightly, when it hears of a change; so before the visit the browser leaves the app and the pages
    /// it had open stop listening (their circuits end: none reads on a change any more, also not one it heard of
    /// earlier and was waiting to read), and a visit during which a change was heard (what an earlier step set off, in
    /// the background) is made again, counted anew.
    /// </summary>
    public async Task<T> MeasureVisitAsync<T>(IPage page, Func<Task> visit, Func<T> measure)
    {
        var notifier = Services.GetRequiredService<ChangeNotifier>();
        for (var made = 1; ; made++)
        {
            await page.GotoAsync("about:blank");
            await NoCircuitIsLeftAsync();
            var before = notifier.Sequence;
            Commands.Clear();
            await visit();
            // Counted before the sequence is read again: any read a change set off came after that change was heard.
            var measured = measure();
            if (notifier.Sequence == before)
            {
                return measured;
            }
            made.Should().BeLessThan(Visits, "a visit during which no change is heard should come within a few");
        }
    }

    /// <summary>
    /// Waits (up to the action timeout) until the circuits of the pages the browser left have ended (blazor.web.js tells
    /// the server as the page is left) and their services are disposed.
    /// </summary>
    private async Task NoCircuitIsLeftAsync()
    {
        var deadline = DateTime.UtcNow + BrowserFixture.ActionTimeout;
        while (Circuits > 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the circuits of the pages the browser left should end ({Circuits} still open)");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}

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
        await row.GetByTestId("item-edit").ClickAsync();
        await row.Locator("input[data-testid='item-status']").ChooseAsync(Page.Locator(".mud-popover-open [data-testid='item-status-option-Done']"));
        await row.GetByTestId("item-evidence").FillAndWaitForServerAsync("Declared in the first call");
        await row.GetByTestId("item-save").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-status", "Done");
        await Expect(row.GetByTestId("item-evidence-text")).ToHaveTextAsync("Declared in the first call");

        HistoryReads(id).Should().Be(2, "the live page reads the history again after its own save (once: the change it hears is in that read)");
    }
}
