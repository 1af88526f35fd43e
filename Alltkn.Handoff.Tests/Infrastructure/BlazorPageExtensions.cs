using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// Playwright helpers for a Blazor Web App with MudBlazor: wait until the interactive circuit has taken over
/// the prerendered page (so clicks are not lost), navigate and wait, and sign in.
/// </summary>
public static class BlazorPageExtensions
{
    /// <summary>
    /// Installed in every context by <see cref="BrowserFixture.NewContextAsync"/>. It notes whether the
    /// document ever contained an interactive root-component marker (<c>&lt;!--Blazor:{"type":"server"…--&gt;</c>).
    /// blazor.web.js removes those comments as soon as it starts, so they have to be seen as the page is
    /// parsed (or patched by enhanced navigation); a MutationObserver's records keep the nodes even after that.
    /// </summary>
    internal const string InitScript = """
        (() => {
            if (window.__handoffTest) return;
            const state = window.__handoffTest = { interactive: false };
            const isMarker = n => n.nodeType === Node.COMMENT_NODE
                && /^Blazor:\{"type":"(server|auto|webassembly)"/.test(n.data);
            new MutationObserver((records, observer) => {
                for (const record of records) {
                    for (const node of record.addedNodes) {
                        if (isMarker(node)) { state.interactive = true; observer.disconnect(); return; }
                    }
                }
            }).observe(document, { childList: true, subtree: true });
        })();
        """;

    /// <summary>
    /// True once the page is usable: the document has loaded and, if it holds interactive components, the
    /// circuit has rendered them and Blazor has attached at least one event handler (blazor.web.js keeps an
    /// element's handlers in an own property named <c>_blazorEvents_N</c>; prerendered HTML has none).
    /// Static server-rendered pages (sign-in, first run) are ready as soon as they have loaded.
    /// </summary>
    private const string ReadyCheck = """
        () => {
            if (document.readyState !== 'complete') return false;
            const state = window.__handoffTest;
            if (!state || !state.interactive) return true;
            if (typeof window.Blazor === 'undefined') return false;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (Object.getOwnPropertyNames(node).some(name => name.startsWith('_blazorEvents_'))) return true;
            }
            return false;
        }
        """;

    /// <summary>
    /// Waits until the current page is ready for input: loaded, and — when it has interactive components —
    /// connected to its circuit with event handlers attached (see <see cref="ReadyCheck"/>). Call it after
    /// every full navigation (<see cref="GotoBlazorAsync"/> does). Interactive pages must contain at least one
    /// element with a Blazor event handler; MainLayout's app bar buttons satisfy that on every page.
    /// </summary>
    public static async Task WaitForBlazorAsync(this IPage page, float? timeoutMs = null)
    {
        try
        {
            await page.WaitForFunctionAsync(ReadyCheck, null, new PageWaitForFunctionOptions
            {
                PollingInterval = 50,
                Timeout = timeoutMs ?? (float)BrowserFixture.NavigationTimeout.TotalMilliseconds,
            });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"The Blazor page at {page.Url} never became interactive: no circuit render attached event handlers. " +
                "Is the server up, and does the page render MainLayout?", ex);
        }
    }

    /// <summary>Navigates (relative URLs resolve against the context's base address) and waits for Blazor.</summary>
    public static async Task<IResponse?> GotoBlazorAsync(this IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        await page.WaitForBlazorAsync();
        return response;
    }

    /// <summary>The path of the page's current address, e.g. <c>/account/login</c>.</summary>
    public static string CurrentPath(this IPage page) => new Uri(page.Url).AbsolutePath;

    /// <summary>
    /// Signs in through the static sign-in form at <c>/account/login</c>: fills <c>input[name='Input.Email']</c>
    /// and <c>input[name='Input.Password']</c>, clicks <c>button[type=submit]</c> and waits until the browser
    /// has left the sign-in page and the page it lands on is interactive. Defaults to the bootstrap admin of
    /// <see cref="HandoffAppFactory"/>. The page's context needs a base address (BrowserTest pages have one).
    /// Throws, quoting the page's text, when the form stays on the sign-in page (wrong password, lockout…).
    /// </summary>
    public static async Task SignInAsync(
        this IPage page,
        string email = HandoffAppFactory.AdminEmail,
        string password = HandoffAppFactory.AdminPassword)
    {
        await page.GotoBlazorAsync("/account/login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");

        try
        {
            await page.WaitForURLAsync(
                url => !new Uri(url).AbsolutePath.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase),
                // Posting the form, the redirect and loading the landing page are a navigation: its timeout, not an action's.
                new PageWaitForURLOptions { Timeout = (float)BrowserFixture.NavigationTimeout.TotalMilliseconds });
        }
        catch (TimeoutException ex)
        {
            var text = await page.Locator("body").InnerTextAsync();
            throw new InvalidOperationException(
                $"Signing in as {email} stayed on {page.Url}. The page says:{Environment.NewLine}{text}", ex);
        }
        await page.WaitForBlazorAsync();
    }
}
