using System.Text;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// The accessibility sweep itself, on pages written here: it judges what a person sees once the page has settled, not a
/// frame of a fade-in (MudBlazor fades a popover in over 251 ms; axe-core read a suggestion list at half its opacity and
/// called its text too faint in one CI run).
/// </summary>
public sealed class AxeSweepBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage _page = null!;

    [Fact]
    public async Task Text_that_is_still_fading_in_is_judged_once_it_has_faded_in()
    {
        await _page.SetContentAsync(Document(
            """<p id="list" style="opacity:0; transition:opacity 2s linear">admin (Team admin)</p>"""));
        await _page.EvaluateAsync("() => { document.body.offsetWidth; document.getElementById('list').style.opacity = '1'; }");

        var found = new StringBuilder();
        await AxeSweep.AppendViolationsAsync(_page, "a list fading in", found);

        found.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Text_too_faint_to_read_is_still_reported()
    {
        await _page.SetContentAsync(Document("""<p style="color:#ddd; background:#fff">admin (Team admin)</p>"""));

        var found = new StringBuilder();
        await AxeSweep.AppendViolationsAsync(_page, "faint text", found);

        found.ToString().Should().Contain("faint text [serious] color-contrast");
    }

    [Fact]
    public async Task A_spinner_that_never_stops_does_not_hold_the_sweep_up()
    {
        await _page.SetContentAsync(Document(
            """
            <style>@keyframes turn { to { transform: rotate(360deg); } }</style>
            <p style="animation: turn 1s linear infinite">Loading</p>
            """));

        var found = new StringBuilder();
        var sweep = AxeSweep.AppendViolationsAsync(_page, "a spinner", found);

        (await Task.WhenAny(sweep, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))).Should().BeSameAs(sweep);
        await sweep;
        found.ToString().Should().BeEmpty();
    }

    private static string Document(string body) =>
        $"""<!DOCTYPE html><html lang="en"><head><title>Sweep</title></head><body><main><h1>Sweep</h1>{body}</main></body></html>""";

    public async ValueTask InitializeAsync()
    {
        _context = await browser.NewContextAsync();
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }
}
