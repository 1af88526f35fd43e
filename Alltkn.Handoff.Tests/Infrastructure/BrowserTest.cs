using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// Base class of browser tests. Gives each test a fresh <see cref="Page"/> in its own context (no shared
/// cookies) pointed at <see cref="Server"/>, and when the test fails leaves a full-page screenshot of every
/// page it opened in <c>TestResults/screenshots/&lt;Class.Method&gt;.png</c>, plus the browser's console
/// errors in the test output.
/// </summary>
/// <remarks>
/// <code>
/// public sealed class DashboardBrowserTests(BrowserFixture browser, HandoffServer server)
///     : BrowserTest(browser, server), IClassFixture&lt;HandoffServer&gt;
/// {
///     [Fact]
///     public async Task Dashboard_lists_customers()
///     {
///         await Page.SignInAsync();                  // the bootstrap admin
///         await Page.GotoBlazorAsync("/");
///         await Assertions.Expect(Page.GetByText("Customers")).ToBeVisibleAsync();
///     }
/// }
/// </code>
/// Failure is read from xunit's <c>TestContext.Current.TestState</c> in <see cref="DisposeAsync"/>, which xunit
/// v3 fills in after the test method and before the class is disposed.
/// </remarks>
public abstract class BrowserTest : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<IPage> _pages = [];
    private readonly ConcurrentQueue<string> _browserErrors = new();
    private IPage? _page;

    /// <param name="browser">The assembly's shared browser.</param>
    /// <param name="server">
    /// The app under test (usually a class fixture). When null, no <see cref="Page"/> is opened up front;
    /// open pages with <see cref="NewPageAsync"/> against servers the test starts itself.
    /// </param>
    protected BrowserTest(BrowserFixture browser, HandoffServer? server)
    {
        Browser = browser;
        Server = server;
    }

    protected BrowserFixture Browser { get; }

    protected HandoffServer? Server { get; }

    /// <summary>The browser language of <see cref="Page"/>; override for e.g. "zh-CN".</summary>
    protected virtual string Locale => BrowserFixture.DefaultLocale;

    /// <summary>The test's page, opened on <see cref="Server"/> before the test starts.</summary>
    protected IPage Page => _page ?? throw new InvalidOperationException(
        "No page: this test class passes no server to BrowserTest; call NewPageAsync(serverAddress) instead.");

    /// <summary>The context of <see cref="Page"/> (cookies, storage).</summary>
    protected IBrowserContext Context => Page.Context;

    public virtual async ValueTask InitializeAsync()
    {
        if (Server is not null)
        {
            _page = await NewPageAsync(Server.ServerAddress, Locale);
        }
    }

    /// <summary>
    /// Opens another page in a new isolated context (another user, another language, another server).
    /// It is closed after the test and screenshotted if the test fails.
    /// </summary>
    protected async Task<IPage> NewPageAsync(Uri baseAddress, string? locale = null, Action<BrowserNewContextOptions>? configure = null)
    {
        var context = await Browser.NewContextAsync(baseAddress, locale ?? Locale, configure);
        lock (_contexts)
        {
            _contexts.Add(context);
        }
        return Track(await context.NewPageAsync());
    }

    /// <summary>Opens another page (tab) in an existing context, e.g. <c>NewPageInAsync(Context)</c>.</summary>
    protected async Task<IPage> NewPageInAsync(IBrowserContext context) => Track(await context.NewPageAsync());

    /// <summary>Saves a full-page screenshot of <paramref name="page"/> (default <see cref="Page"/>) now.</summary>
    protected Task<string> SaveScreenshotAsync(string name, IPage? page = null) => Screenshots.SaveAsync(page ?? Page, name);

    /// <summary>
    /// Saves a viewport-sized screenshot of <paramref name="page"/> (default <see cref="Page"/>) into the
    /// repository, e.g. <c>SaveDocsScreenshotAsync("docs/screenshots/dashboard.png")</c>, for committing.
    /// </summary>
    protected Task<string> SaveDocsScreenshotAsync(string repositoryRelativePath, IPage? page = null, bool fullPage = false) =>
        Screenshots.SaveToRepositoryAsync(page ?? Page, repositoryRelativePath, fullPage);

    public virtual async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await RecordFailureAsync();
        }

        IBrowserContext[] contexts;
        lock (_contexts)
        {
            contexts = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already closed, or the browser went away: nothing left to clean up.
            }
        }
        GC.SuppressFinalize(this);
    }

    private IPage Track(IPage page)
    {
        lock (_pages)
        {
            _pages.Add(page);
        }
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _browserErrors.Enqueue($"[console.{message.Type}] {message.Location}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _browserErrors.Enqueue($"[page error] {page.Url}: {error}");
        return page;
    }

    private async Task RecordFailureAsync()
    {
        var output = TestContext.Current.TestOutputHelper;
        var testName = TestArtifacts.CurrentTestName();
        IPage[] pages;
        lock (_pages)
        {
            pages = [.. _pages.Where(p => !p.IsClosed)];
        }

        for (var i = 0; i < pages.Length; i++)
        {
            var name = i == 0 ? testName : $"{testName}-{i + 1}";
            try
            {
                var path = await Screenshots.SaveAsync(pages[i], name);
                output?.WriteLine($"Screenshot of {pages[i].Url}: {path}");
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException or IOException)
            {
                output?.WriteLine($"No screenshot of {pages[i].Url}: {ex.Message}");
            }
        }

        foreach (var error in _browserErrors)
        {
            output?.WriteLine(error);
        }
    }
}
