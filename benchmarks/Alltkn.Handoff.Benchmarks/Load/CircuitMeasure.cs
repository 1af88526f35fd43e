using System.Diagnostics;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Benchmarks.Scale;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>Memory per open page of one kind: one sample per round of <see cref="CircuitMeasure.PagesPerRound"/> pages opened.</summary>
internal sealed record PageMemory(IReadOnlyList<double> BytesEach)
{
    public double Median => Percentile(0.5);

    public double Low => BytesEach.Min();

    public double High => BytesEach.Max();

    private double Percentile(double p)
    {
        var sorted = BytesEach.Order().ToArray();
        return sorted.Length % 2 == 1 || p != 0.5
            ? sorted[(int)Math.Ceiling(p * sorted.Length) - 1]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public string Show(double controlEach) =>
        $"{Kb(Median - controlEach)} (rounds {Kb(Low - controlEach)}–{Kb(High - controlEach)}; with the client's tab {Kb(Median)})";

    public static string Kb(double bytes) => $"{bytes / 1024.0:N0} KB";
}

/// <summary>What the circuit measures gave.</summary>
internal sealed record CircuitResult(
    SettledHeap Start, SettledHeap AfterDashboards, SettledHeap AfterDetails, int Dashboards, int Details,
    PageMemory DashboardMemory, PageMemory DetailMemory, double ControlBytesEach, string HowMeasured,
    Samples Saver, Samples Others, Samples Service, int OthersPerSave, int Timeouts, string Notes)
{
    /// <summary>All pages together, net of the measuring client's own share per tab.</summary>
    public double AllBytesEach => (double)(AfterDetails.Min - Start.Min) / (Dashboards + Details) - ControlBytesEach;

    public double DashboardBytesEach => DashboardMemory.Median - ControlBytesEach;

    public double DetailBytesEach => DetailMemory.Median - ControlBytesEach;
}

/// <summary>
/// The two measures that need real circuits, in headless Chromium (Debian's <c>/usr/bin/chromium</c>, or
/// <c>HANDOFF_CHROMIUM</c>; never Playwright's download) against the app hosted in this process:
/// <list type="number">
/// <item>Memory per open page: after the app's start-up background work is over (<see cref="StartupWork"/>), 25
/// dashboards (<c>/</c>), then 25 detail pages of 25 different active onboardings, in rounds of <see cref="PagesPerRound"/>,
/// each page waited for until its circuit has rendered interactively; the server's managed heap is read right before and
/// after each round (<see cref="SettledHeap"/>: the smallest of several readings after forced full collections, spread over
/// more than one round of the periodic background work), so each round gives one sample per page. The measuring client's
/// own share of a tab (Playwright's objects in this process) is read the same way on tabs that start no circuit and taken off.</item>
/// <item>One item saved with 50 pages open: the 25 detail pages are replaced by 5 onboardings × 5 people (one team
/// admin — the saver — and four others); after 10 untimed warm-up saves, 10 saves, each through <see cref="OnboardingService.UpdateItemAsync"/> acting as
/// the saver page's person, set a unique evidence text; the time until each of the 5 pages shows it is taken by
/// polling the page's text. Two saves on the same onboarding are at least <see cref="ChangeNotifier.Interval"/> apart
/// (an open page reloads at most once per interval: a second save within it is shown when the interval is up, by design).</item>
/// </list>
/// Every wait is bounded (navigation 60 s, a save's appearance 10 s); the browser is closed at the end.
/// </summary>
internal sealed class CircuitMeasure(BenchServer server, string password)
{
    private const int DashboardPages = 25;
    private const int DetailPages = 25;
    internal const int PagesPerRound = 5;
    private const int SavedOnboardings = 5;
    private const int Saves = 10;

    /// <summary>Untimed saves before the timed ones (two on each watched onboarding).</summary>
    private const int WarmSaves = 2 * SavedOnboardings;
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
            await CloseAsync(page);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Start-up background work first (the health refresh of a fresh copy): it allocates while it runs.
        var startup = await StartupWork.WaitAsync(_dbFactory);
        Console.WriteLine($"Circuits: {startup}.");

        // The measuring client's own share of an open tab (Playwright's page and frame objects live in this process too):
        // tabs on the theme's style sheet, which start no circuit.
        var beforeControl = await SettledHeap.TakeAsync();
        var controls = new List<IPage>();
        for (var n = 0; n < PagesPerRound; n++)
        {
            var page = await contexts[people[n % people.Count].Email].NewPageAsync();
            await page.GotoAsync("/" + ThemeStylesheets.LightUrl);
            controls.Add(page);
        }
        var afterControl = await SettledHeap.TakeAsync();
        var controlEach = (double)(afterControl.Min - beforeControl.Min) / PagesPerRound;
        foreach (var page in controls)
        {
            await CloseAsync(page);
        }
        Console.WriteLine($"Circuits: the client's own share per tab (style sheet, no circuit) {PageMemory.Kb(controlEach)}.");

        // Rounds of a few pages each, the heap read right before and after each round: one sample per round.
        var start = await SettledHeap.TakeAsync();
        var dashboards = new List<IPage>();
        var (dashboardMemory, afterDashboards) = await RoundsAsync(start, DashboardPages, n => contexts[people[n % people.Count].Email], _ => "/", dashboards);
        Console.WriteLine($"Circuits: {DashboardPages} dashboards open; managed heap +{PageMemory.Kb(afterDashboards.Min - start.Min)}.");

        var details = new List<IPage>();
        var (detailMemory, afterDetails) = await RoundsAsync(afterDashboards, DetailPages, n => contexts[people[(n + 7) % people.Count].Email],
            n => $"/onboardings/{active[n].Onboarding}", details);
        Console.WriteLine($"Circuits: {DetailPages} detail pages open; managed heap +{PageMemory.Kb(afterDetails.Min - afterDashboards.Min)}.");
        var howMeasured = $"{StartupWork.GcMode()}; {startup}; each heap figure is the smallest of readings {SettledHeap.Spacing.TotalSeconds:0.#} s apart, " +
                          $"taken until the smallest two agree within {SettledHeap.Agree / 1024} KB ({SettledHeap.MinReadings}–{SettledHeap.MaxReadings} readings), " +
                          "each after GC.Collect(2, forced, blocking, compacting) three times with finalizers in between; " +
                          $"pages opened in rounds of {PagesPerRound}, the heap read right before and after each round (one sample per round: median and range over the rounds); " +
                          $"less the client's own share per tab ({PageMemory.Kb(controlEach)}: tabs on a style sheet, no circuit)";
        if (int.TryParse(Environment.GetEnvironmentVariable("HANDOFF_BENCH_CIRCUIT_PAUSE_SECONDS"), out var pause) && pause > 0)
        {
            // For a heap dump of the server with the 50 pages open (dotnet-gcdump collect -p <this process>).
            Console.WriteLine($"Circuits: pausing {pause} s with {DashboardPages + DetailPages} pages open (process {Environment.ProcessId}).");
            await Task.Delay(TimeSpan.FromSeconds(pause));
        }

        // Saves: replace the 25 detail pages by 5 onboardings × 5 people; the first of each five is a team admin, the saver.
        foreach (var page in details)
        {
            await CloseAsync(page);
        }
        var admins = people.Where(p => p.Role == Role.TeamAdmin).ToList();
        var others = people.Where(p => p.Role != Role.TeamAdmin).ToList();
        var watched = new List<WatchedOnboarding>();
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
            watched.Add(new WatchedOnboarding(onboarding, items, saver, saverPage, otherPages));
        }
        Console.WriteLine($"Circuits: {dashboards.Count + watched.Count * 5} pages open for the saves.");

        var saverTimes = new Samples();
        var otherTimes = new Samples();
        var serviceTimes = new Samples();
        var timeouts = 0;
        var notes = new List<string>();
        var lastSaveOn = new Dictionary<Guid, Stopwatch>();

        // One save through the service as the saver, and the time until each of the onboarding's five pages shows it.
        async Task<(Outcome Outcome, TimeSpan Service, TimeSpan?[] Seen, string During)> SaveAndWatchAsync(
            WatchedOnboarding target, HandoffItem item, string label)
        {
            // One save shown, not two coalesced: an open page reloads at most once per ChangeNotifier.Interval, so a second
            // save on the same onboarding within that second would wait for the interval (up to 1 s) by design.
            if (lastSaveOn.TryGetValue(target.Onboarding, out var previous) && previous.Elapsed < ChangeNotifier.Interval)
            {
                await Task.Delay(ChangeNotifier.Interval - previous.Elapsed + TimeSpan.FromMilliseconds(50));
            }
            lastSaveOn[target.Onboarding] = Stopwatch.StartNew();
            await using var scope = server.Services.CreateAsyncScope();
            var userId = await UserIdAsync(target.Saver.Email);
            var actor = await AuthenticatedActor.LoadAsync(_dbFactory, userId)
                ?? throw new InvalidOperationException($"{target.Saver.Email} is missing or disabled.");
            var service = ActivatorUtilities.CreateInstance<OnboardingService>(scope.ServiceProvider, new FixedActor(actor));
            var stored = await CurrentAsync(item.Id);
            var evidence = $"circuit-bench {label} {Guid.NewGuid().ToString("N")[..8]}";

            await using var window = new ProcessWindow();
            var clock = Stopwatch.StartNew();
            var waits = new[] { target.SaverPage }.Concat(target.OtherPages)
                .Select(page => AppearAsync(page, evidence, clock)).ToList();
            var outcome = await service.UpdateItemAsync(target.Onboarding, item.Id, stored.Version, ItemUpdate.From(stored) with { Evidence = evidence });
            var savedAfter = clock.Elapsed;
            var seen = await Task.WhenAll(waits);
            return (outcome, savedAfter, seen, await window.EndAsync());
        }

        // Warm-up, not timed: two saves shown on every watched onboarding's pages, so that the runtime has compiled the path
        // a save takes to the open pages before the timed ones, as on a server that has been up a while (without it the
        // first five timed saves took 175-494 ms to show on the saver's page and the last five 79-112 ms, 3 December).
        for (var w = 0; w < WarmSaves; w++)
        {
            var target = watched[w % watched.Count];
            var (outcome, savedAfter, seen, _) = await SaveAndWatchAsync(target, target.Items[^1], $"warm-up {w + 1}");
            Console.WriteLine($"Circuits: warm-up save {w + 1} ({outcome.Status}, service {savedAfter.TotalMilliseconds:0} ms): saver's page {Show(seen[0])}.");
        }
        Console.WriteLine($"Circuits: before the timed saves, {await JitSettle.WaitAsync()}.");

        for (var s = 0; s < Saves; s++)
        {
            var target = watched[s % watched.Count];
            var item = target.Items[s / watched.Count % target.Items.Count];
            var (outcome, savedAfter, seen, during) = await SaveAndWatchAsync(target, item, $"save {s + 1}");
            serviceTimes.Add(savedAfter);
            if (!outcome.Succeeded)
            {
                notes.Add($"save {s + 1} not saved: {outcome.Status} {outcome.Message}");
            }
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
                              $"{Show(seen[0])}, others {string.Join(", ", seen.Skip(1).Select(Show))}; meanwhile {during}.");
        }

        foreach (var context in contexts.Values)
        {
            await context.CloseAsync();
        }
        return new CircuitResult(start, afterDashboards, afterDetails, DashboardPages, DetailPages, dashboardMemory, detailMemory, controlEach, howMeasured, saverTimes, otherTimes, serviceTimes, 4, timeouts, string.Join("; ", notes));
    }

    /// <summary>
    /// Closes a tab as a person does: leaving the page first, so Blazor's script tells the server (its disconnect beacon)
    /// and the circuit ends now, instead of being kept as a disconnected circuit for three minutes and dropped in the middle
    /// of a later memory reading.
    /// </summary>
    private static async Task CloseAsync(IPage page)
    {
        await page.GotoAsync("about:blank");
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = false });
    }

    /// <summary>Opens <paramref name="count"/> pages in rounds of <see cref="PagesPerRound"/>, reading the heap after each round.</summary>
    private static async Task<(PageMemory Memory, SettledHeap After)> RoundsAsync(
        SettledHeap before, int count, Func<int, IBrowserContext> contextOf, Func<int, string> pathOf, List<IPage> opened)
    {
        var samples = new List<double>();
        for (var n = 0; n < count; n += PagesPerRound)
        {
            var round = Math.Min(PagesPerRound, count - n);
            for (var k = n; k < n + round; k++)
            {
                opened.Add(await OpenAsync(contextOf(k), pathOf(k)));
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await SettledHeap.TakeAsync();
            samples.Add((double)(after.Min - before.Min) / round);
            Console.WriteLine($"Circuits:   round of {round} at {pathOf(n)}: +{PageMemory.Kb(samples[^1])} each ({after.Readings} readings, spread {PageMemory.Kb(after.Spread)}).");
            before = after;
        }
        return (new PageMemory(samples), before);
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
        await CloseAsync(page);
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

/// <summary>An onboarding whose five open pages the circuit measure watches while its saver saves.</summary>
internal sealed record WatchedOnboarding(Guid Onboarding, List<HandoffItem> Items, BenchPerson Saver, IPage SaverPage, List<IPage> OtherPages);
