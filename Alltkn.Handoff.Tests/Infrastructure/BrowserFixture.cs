using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole test run (an xunit assembly fixture: take it as a constructor
/// parameter), handing out a new isolated <see cref="IBrowserContext"/> (own cookies and storage) per test.
/// </summary>
/// <remarks>
/// Chromium is Debian's <c>/usr/bin/chromium</c> (override with the <c>HANDOFF_CHROMIUM</c> environment
/// variable); Playwright's own browser download is never used. The browser is launched on first use, so
/// a test run without browser tests never starts it.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The default browser language (sent as Accept-Language, so it picks the app's culture).</summary>
    public const string DefaultLocale = "en-US";

    /// <summary>The default viewport of every context.</summary>
    public static readonly ViewportSize DefaultViewport = new() { Width = 1280, Height = 800 };

    /// <summary>Flags that keep Chromium headless, offline and quiet inside a container.</summary>
    public static readonly IReadOnlyList<string> ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>How long a Playwright action (click, fill) or assertion (<c>Expect(…)</c>) waits before failing.</summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a navigation waits before failing.</summary>
    public static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The Chromium executable: <c>HANDOFF_CHROMIUM</c> if set, else <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("HANDOFF_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The shared browser, launched on first call.</summary>
    public async Task<IBrowser> GetBrowserAsync()
    {
        if (_browser is not null)
        {
            return _browser;
        }

        await _launchLock.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!File.Exists(ExecutablePath))
                {
                    throw new InvalidOperationException(
                        $"Chromium was not found at {ExecutablePath}. Install Debian's chromium (test.sh does) " +
                        "or point HANDOFF_CHROMIUM at a Chromium binary; never run 'playwright install'.");
                }

                // Expect(...) assertions have their own timeout (5 s by default); match the action timeout.
                Assertions.SetDefaultExpectTimeout((float)ActionTimeout.TotalMilliseconds);
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    Args = ChromiumArgs,
                });
            }
            return _browser;
        }
        finally
        {
            _launchLock.Release();
        }
    }

    /// <summary>
    /// A new isolated context: 1280×800, the given <paramref name="locale"/> (e.g. "en-US", "zh-CN"), UTC,
    /// light colour scheme, relative URLs resolved against <paramref name="baseAddress"/>. It carries the
    /// script <see cref="BlazorPageExtensions.WaitForBlazorAsync"/> relies on. Dispose (or close) it when done.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(
        Uri? baseAddress = null,
        string locale = DefaultLocale,
        Action<BrowserNewContextOptions>? configure = null)
    {
        var browser = await GetBrowserAsync();
        var options = new BrowserNewContextOptions
        {
            BaseURL = baseAddress?.ToString(),
            ViewportSize = DefaultViewport,
            Locale = locale,
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
        };
        configure?.Invoke(options);

        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)NavigationTimeout.TotalMilliseconds);
        await context.AddInitScriptAsync(BlazorPageExtensions.InitScript);
        return context;
    }

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }
        _playwright?.Dispose();
        _playwright = null;
        _launchLock.Dispose();
    }
}
