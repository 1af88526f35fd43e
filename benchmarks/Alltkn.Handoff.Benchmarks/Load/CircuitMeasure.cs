using System.Diagnostics;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Benchmarks.Scale;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>Server heap after a full, compacting collection (twice, with finalizers in between).</summary>
internal readonly record struct HeapReading(long TotalMemory, long HeapSize)
{
    public static HeapReading Take()
    {
        for (var n = 0; n < 2; n++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return new HeapReading(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
    }
}

/// <summary>What the circuit measures gave.</summary>
internal sealed record CircuitResult(
    HeapReading Start, HeapReading AfterDashboards, HeapReading AfterDetails, int Dashboards, int Details,
    Samples Saver, Samples Others, Samples Service, int OthersPerSave, int Timeouts, string Notes)
{
    public double DashboardBytesEach => (double)(AfterDashboards.TotalMemory - Start.TotalMemory) / Dashboards;

    public double DetailBytesEach => (double)(AfterDetails.TotalMemory - AfterDashboards.TotalMemory) / Details;

    public double AllBytesEach => (double)(AfterDetails.TotalMemory - Start.TotalMemory) / (Dashboards + Details);

    public double DashboardHeapEach => (double)(AfterDashboards.HeapSize - Start.HeapSize) / Dashboards;

    public double DetailHeapEach => (double)(AfterDetails.HeapSize - AfterDashboards.HeapSize) / Details;
}

/// <summary>
/// The two measures that need real circuits, in headless Chromium (Debian's <c>/usr/bin/chromium</c>, or
/// <c>HANDOFF_CHROMIUM</c>; never Playwright's download) against the app hosted in this process:
/// <list type="number">
/// <item>Memory per open page: 25 dashboards (<c>/</c>), then 25 detail pages of 25 different active onboardings, each
/// waited for until its circuit has rendered interactively; the server's managed heap is read after a forced full
/// collection before, between and after the two rounds.</item>
/// <item>One item saved with 50 pages open: the 25 detail pages are replaced by 5 onboardings × 5 people (one team
/// admin — the saver — and four others); 10 saves, each through <see cref="OnboardingService.UpdateItemAsync"/> acting as
/// the saver page's person, set a unique evidence text; the time until each of the 5 pages shows it is taken by
/// polling the page's text.</item>
/// </list>
/// Every wait is bounded (navigation 60 s, a save's appearance 10 s); the browser is closed at the end.
/// </summary>
internal sealed class CircuitMeasure(BenchServer server, string password)
{
    private const int DashboardPages = 25;
    private const int DetailPages = 25;
    private const int SavedOnboardings = 5;
    private const int Saves = 10;
    private const float NavigationTimeoutMs = 60_000;
    private const float AppearTimeoutMs = 10_000;

    /// <summary>Notes whether the document ever held an interactive root-component marker (as the browser tests' script).</summary>
    private const string InitScript = """
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

    /// <summary>Interactive: loaded, Blazor started, and at least one element has a Blazor event handler attached.</summary>
    private const string ReadyCheck = """
        (selector) => {
            if (document.readyState !== 'complete') return false;
            const state = window.__handoffTest;
            if (!state || !state.interactive || typeof window.Blazor === 'undefined') return false;
            if (selector && !document.querySelector(selector)) return false;
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (Object.getOwnPropertyNames(node).some(name => name.startsWith('_blazorEvents_'))) return true;
            }
            return false;
        }
        """;

    private readonly IDbContextFactory<AppDbContext> _dbFactory = server.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    public async Task<CircuitResult> RunAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("HANDOFF_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium was not found at {chromium}: install Debian's chromium or set HANDOFF_CHROMIUM (never 'playwright install').");
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    // Background tabs must keep their sockets and timers alive like foreground ones.
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
            Timeout = NavigationTimeoutMs,
        });

        // Three people per role (the benchmark person and two colleagues); each signs in once, in its own context.
        var people = Enum.GetValues<Role>()
            .SelectMany(role => BenchPeople.All.Where(p => p.Role == role).Take(3))
            .ToList();
        var contexts = new Dictionary<string, IBrowserContext>();
        foreach (var person in people)
        {
            contexts[person.Email] = await SignInAsync(browser, person.Email);
        }
        Console.WriteLine($"Circuits: {people.Count} people signed in through the form in Chromium.");

        var active = await ActiveOnboardingsAsync(DetailPages + SavedOnboardings + 2);
        if (active.Count < DetailPages + SavedOnboardings + 2)
        {
            throw new InvalidOperationException($"Only {active.Count} active onboardings with open items: generate a larger database.");
        }

        // Warm-up: one page of each kind opened and closed, so one-off costs (first render, caches) are not counted as a page's.
        foreach (var warm in new[] { "/", $"/onboardings/{active[^1].Onboarding}" })
        {
            var page = await OpenAsync(contexts[people[0].Email], warm);
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = false });
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        var start = HeapReading.Take();
        var dashboards = new List<IPage>();
        for (var n = 0; n < DashboardPages; n++)
        {
            dashboards.Add(await OpenAsync(contexts[people[n % people.Count].Email], "/"));
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var afterDashboards = HeapReading.Take();
        Console.WriteLine($"Circuits: {DashboardPages} dashboards open; managed heap +{(afterDashboards.TotalMemory - start.TotalMemory) / 1024.0:N0} KB.");

        var details = new List<IPage>();
        for (var n = 0; n < DetailPages; n++)
        {
            details.Add(await OpenAsync(contexts[people[(n + 7) % people.Count].Email], $"/onboardings/{active[n].Onboarding}"));
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var afterDetails = HeapReading.Take();
        Console.WriteLine($"Circuits: {DetailPages} detail pages open; managed heap +{(afterDetails.TotalMemory - afterDashboards.TotalMemory) / 1024.0:N0} KB.");
        if (int.TryParse(Environment.GetEnvironmentVariable("HANDOFF_BENCH_CIRCUIT_PAUSE_SECONDS"), out var pause) && pause > 0)
        {
            // For a heap dump of the server with the 50 pages open (dotnet-gcdump collect -p <this process>).
            Console.WriteLine($"Circuits: pausing {pause} s with {DashboardPages + DetailPages} pages open (process {Environment.ProcessId}).");
            await Task.Delay(TimeSpan.FromSeconds(pause));
        }

        // Saves: replace the 25 detail pages by 5 onboardings × 5 people; the first of each five is a team admin, the saver.
        foreach (var page in details)
        {
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = false });
        }
        var admins = people.Where(p => p.Role == Role.TeamAdmin).ToList();
        var others = people.Where(p => p.Role != Role.TeamAdmin).ToList();
        var watched = new List<(Guid Onboarding, List<HandoffItem> Items, BenchPerson Saver, IPage SaverPage, List<IPage> OtherPages)>();
        for (var k = 0; k < SavedOnboardings; k++)
        {
            var (onboarding, items) = active[DetailPages + k];
            var saver = admins[k % admins.Count];
            var saverPage = await OpenAsync(contexts[saver.Email], $"/onboardings/{onboarding}");
            var otherPages = new List<IPage>();
            for (var o = 0; o < 4; o++)
            {
                otherPages.Add(await OpenAsync(contexts[others[(k * 4 + o) % others.Count].Email], $"/onboardings/{onboarding}"));
            }
            watched.Add((onboarding, items, saver, saverPage, otherPages));
        }
        Console.WriteLine($"Circuits: {dashboards.Count + watched.Count * 5} pages open for the saves.");

        var saverTimes = new Samples();
        var otherTimes = new Samples();
        var serviceTimes = new Samples();
        var timeouts = 0;
        var notes = new List<string>();
        for (var s = 0; s < Saves; s++)
        {
            var target = watched[s % watched.Count];
            var item = target.Items[s / watched.Count % target.Items.Count];
            await using var scope = server.Services.CreateAsyncScope();
            var userId = await UserIdAsync(target.Saver.Email);
            var actor = await AuthenticatedActor.LoadAsync(_dbFactory, userId)
                ?? throw new InvalidOperationException($"{target.Saver.Email} is missing or disabled.");
            var service = ActivatorUtilities.CreateInstance<OnboardingService>(scope.ServiceProvider, new FixedActor(actor));
            var stored = await CurrentAsync(item.Id);
            var evidence = $"circuit-bench save {s + 1} {Guid.NewGuid().ToString("N")[..8]}";

            var clock = Stopwatch.StartNew();
            var waits = new[] { target.SaverPage }.Concat(target.OtherPages)
                .Select(page => AppearAsync(page, evidence, clock)).ToList();
            var outcome = await service.UpdateItemAsync(target.Onboarding, item.Id, stored.Version, ItemUpdate.From(stored) with { Evidence = evidence });
            var savedAfter = clock.Elapsed;
            serviceTimes.Add(savedAfter);
            if (!outcome.Succeeded)
            {
                notes.Add($"save {s + 1} not saved: {outcome.Status} {outcome.Message}");
            }
            var seen = await Task.WhenAll(waits);
            for (var i = 0; i < seen.Length; i++)
            {
                if (seen[i] is not { } at)
                {
                    timeouts++;
                    continue;
                }
                (i == 0 ? saverTimes : otherTimes).Add(at);
            }
            Console.WriteLine($"Circuits: save {s + 1} ({outcome.Status}, service {savedAfter.TotalMilliseconds:0} ms): saver's page " +
                              $"{Show(seen[0])}, others {string.Join(", ", seen.Skip(1).Select(Show))}.");
        }

        foreach (var context in contexts.Values)
        {
            await context.CloseAsync();
        }
        return new CircuitResult(start, afterDashboards, afterDetails, DashboardPages, DetailPages, saverTimes, otherTimes, serviceTimes, 4, timeouts, string.Join("; ", notes));
    }

    private static string Show(TimeSpan? at) => at is { } t ? $"{t.TotalMilliseconds:0} ms" : "not within 10 s";

    /// <summary>Polls the page's text every 10 ms until it holds <paramref name="text"/>; the time on <paramref name="clock"/>, or null after 10 s.</summary>
    private static async Task<TimeSpan?> AppearAsync(IPage page, string text, Stopwatch clock)
    {
        try
        {
            await page.WaitForFunctionAsync("(t) => document.body.textContent.includes(t)", text,
                new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = AppearTimeoutMs });
            return clock.Elapsed;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private async Task<IBrowserContext> SignInAsync(IBrowser browser, string email)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(NavigationTimeoutMs);
        context.SetDefaultNavigationTimeout(NavigationTimeoutMs);
        await context.AddInitScriptAsync(InitScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase));
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = false });
        return context;
    }

    /// <summary>Opens <paramref name="path"/> in a new tab and waits until its circuit has rendered interactively.</summary>
    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        var marker = path == "/" ? "[data-testid='dashboard-my-items']" : "[data-testid='checklist']";
        try
        {
            await page.WaitForFunctionAsync(ReadyCheck, marker, new PageWaitForFunctionOptions { PollingInterval = 50, Timeout = NavigationTimeoutMs });
        }
        catch (TimeoutException problem)
        {
            throw new TimeoutException($"{path} never became interactive within {NavigationTimeoutMs / 1000:0} s (at {page.Url}).", problem);
        }
        return page;
    }

    private async Task<List<(Guid Onboarding, List<HandoffItem> Items)>> ActiveOnboardingsAsync(int count)
    {
        // Away from the first onboardings, which the write measure updates.
        await using var db = await _dbFactory.CreateDbContextAsync();
        var active = Stages.Active.ToArray();
        var ids = await db.Onboardings.AsNoTracking().Where(o => active.Contains(o.Stage))
            .OrderByDescending(o => o.CreatedAtUtc).Select(o => o.Id).Skip(10).Take(count * 2).ToListAsync();
        var items = await db.HandoffItems.AsNoTracking()
            .Where(i => ids.Contains(i.OnboardingId) && i.Status != ItemStatus.Done && i.Status != ItemStatus.NotApplicable && i.EvidenceKind != EvidenceKind.SignOff)
            .ToListAsync();
        var byOnboarding = items.GroupBy(i => i.OnboardingId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.SortOrder).ToList());
        return ids.Where(byOnboarding.ContainsKey).Select(id => (id, byOnboarding[id])).Take(count).ToList();
    }

    private async Task<HandoffItem> CurrentAsync(Guid itemId)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        return await db.HandoffItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
