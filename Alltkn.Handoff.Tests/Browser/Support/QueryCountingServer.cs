using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Browser.Support;

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
    /// what its circuit renders from its first reads, the browser leaves the page and its circuit ends, then
    /// <paramref name="measure"/> counts the recorded commands (every read of the visit, however late). A
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
            // Counted once the visit's circuit has ended too, so that a read the page makes after it shows its data (after
            // its first render, or a component loading on its own) is counted as well; and before the sequence is read
            // again: any read a change set off came after that change was heard.
            await page.GotoAsync("about:blank");
            await NoCircuitIsLeftAsync();
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
