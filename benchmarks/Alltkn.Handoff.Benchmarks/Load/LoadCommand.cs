using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Benchmarks.Scale;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// <c>load --database PATH --password PASSWORD [--requests 50] [--page-seconds 60] [--updates 200] [--writers 50] [--writer-updates 10] [--writer-rounds 3] [--circuits no|yes|only] [--pages yes|no]</c>:
/// hosts the app in this process on a generated database, measures the cold start to the first page, signs the
/// benchmark people in through the sign-in form, requests each page prerendered, times the raw SQL for the same rows
/// and the service calls the page makes to read them (<see cref="ServiceReads"/>: a second pages table puts the request,
/// the service reads and the raw SQL side by side, with the ratios service / raw and (request − floor) / raw), and times item updates through the application service with 1 and with 50 writers. Prints one markdown table
/// (measure, value, target, met) and the details below it. The item updates change the database (due dates moved).
/// <c>--circuits yes</c> adds the two measures that need real circuits (<see cref="CircuitMeasure"/>: memory per open
/// page, and one saved item shown on 50 open pages) in headless Chromium; <c>--circuits only</c> measures the cold start
/// and those two alone. The saves change the database too (evidence texts of 10 items). <c>--pages no</c> skips the pages and
/// their raw SQL (the cold start, the item updates and, if asked, the circuits are still measured): a quick run for writes alone.
/// <c>--cold-start-only yes</c> stops right after the cold start (its time, the processor time and JIT-compiled methods to then),
/// for quick comparisons of start-up changes.
/// </summary>
internal static class LoadCommand
{
    private const string Usage =
        "dotnet run -c Release --project benchmarks/Alltkn.Handoff.Benchmarks -- load [--provider Sqlite|PostgreSQL] (--database PATH | --connection \"Host=...;Database=...\") --password PASSWORD [--requests 50] [--page-seconds 60] [--updates 200] [--writers 50] [--writer-updates 10] [--writer-rounds 3] [--circuits no|yes|only] [--pages yes|no] [--cold-start-only no|yes]";

    private const double PageP95TargetMs = 50;
    private const long PageBytesTarget = 300 * 1024;
    private const double RawRatioTarget = 3;
    private const double UpdateAloneTargetMs = 15;
    private const double UpdateConcurrentTargetMs = 50;
    private const double ColdStartTargetMs = 2000;
    private const double PageMemoryTargetBytes = 500 * 1024;
    private const double SaverTargetMs = 300;
    private const double OthersTargetMs = 2000;

    /// <summary>The most warm-up rounds of the many-writer shape before the write measures.</summary>
    private const int WarmRounds = 4;

    /// <summary>A warm-up round that compiled at most this many methods leaves the runtime warm enough.</summary>
    private const int WarmEnoughMethods = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        BenchDatabase database;
        string password;
        int requests, pageSeconds, updates, writers, writerUpdates, writerRounds;
        string circuits;
        bool pages, coldStartOnly;
        try
        {
            var line = CommandLine.Parse(args, Usage, "provider", "database", "connection", "password", "requests", "page-seconds", "updates", "writers", "writer-updates", "writer-rounds", "circuits", "pages", "cold-start-only");
            database = BenchDatabase.From(line.Optional("provider"), line.Optional("database"), line.Optional("connection"), out var problem)
                ?? throw new CommandLineException(problem!, Usage);
            password = line.Required("password");
            requests = line.Int("requests", 50);
            pageSeconds = line.Int("page-seconds", 60);
            updates = line.Int("updates", 200);
            writers = line.Int("writers", 50);
            writerUpdates = line.Int("writer-updates", 10);
            writerRounds = Math.Max(1, line.Int("writer-rounds", 3));
            circuits = (line.Optional("circuits") ?? "no").ToLowerInvariant();
            if (circuits is not ("no" or "yes" or "only"))
            {
                throw new CommandLineException($"--circuits is '{circuits}': give no, yes or only.", Usage);
            }
            var pagesOption = (line.Optional("pages") ?? "yes").ToLowerInvariant();
            if (pagesOption is not ("yes" or "no"))
            {
                throw new CommandLineException($"--pages is '{pagesOption}': give yes or no.", Usage);
            }
            pages = pagesOption == "yes";
            var coldOption = (line.Optional("cold-start-only") ?? "no").ToLowerInvariant();
            if (coldOption is not ("yes" or "no"))
            {
                throw new CommandLineException($"--cold-start-only is '{coldOption}': give yes or no.", Usage);
            }
            coldStartOnly = coldOption == "yes";
            if (!database.IsPostgreSql && !File.Exists(database.Location))
            {
                throw new CommandLineException($"{database.Location} does not exist: make it first with the generate command.", Usage);
            }
        }
        catch (CommandLineException problem)
        {
            await Console.Error.WriteLineAsync($"{problem.Message}{Environment.NewLine}Usage: {problem.Usage}");
            return 2;
        }

        var output = new StringBuilder();
        var rows = new List<string[]>();
        void Row(string measure, string value, string target, bool? met) =>
            rows.Add([measure, value, target, met switch { true => "yes", false => "**no**", null => "—" }]);

        // Cold start: nothing of the app has run in this process yet.
        var coldClock = Stopwatch.StartNew();
        await using var server = new BenchServer(database, startupLog: coldStartOnly).Start();
        var started = coldClock.Elapsed;
        using (var anonymous = SignedInClient.Create(server.Address))
        using (var login = await anonymous.GetAsync(SignedInClient.LoginPath))
        {
            await login.Content.ReadAsByteArrayAsync();
            if (login.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The first page (/{SignedInClient.LoginPath}) answered {(int)login.StatusCode}.");
            }
        }
        var coldStart = coldClock.Elapsed;
        Console.WriteLine($"App started on {server.Address} in {started.TotalMilliseconds:0} ms; first page (sign-in) after {coldStart.TotalMilliseconds:0} ms.");
        // The steadier figures on a shared machine: the whole process's processor time (since the process began, the runtime's
        // own start and this command's included) and the methods JIT-compiled to then.
        using (var self = Process.GetCurrentProcess())
        {
            Console.WriteLine($"At the first page: process CPU {self.TotalProcessorTime.TotalMilliseconds:0} ms (user {self.UserProcessorTime.TotalMilliseconds:0} ms), " +
                              $"{System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods JIT-compiled ({System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms of JIT), " +
                              $"{AppDomain.CurrentDomain.GetAssemblies().Length} assemblies loaded.");
        }
        if (coldStartOnly)
        {
            Console.WriteLine($"| Cold start to the first page (sign-in page), in-process host | {coldStart.TotalMilliseconds / 1000:0.00} s (app started in {started.TotalMilliseconds / 1000:0.00} s) | ≤ 2 s | {(coldStart.TotalMilliseconds <= ColdStartTargetMs ? "yes" : "**no**")} |");
            return 0;
        }

        var clients = new Dictionary<Role, HttpClient>();
        foreach (var role in new[] { Role.TeamAdmin, Role.TechLead, Role.Finance, Role.ReleaseOwner, Role.Viewer })
        {
            clients[role] = await SignedInClient.SignInAsync(server.Address, BenchPeople.EmailOf(role), password);
        }
        var firstDashboardClock = Stopwatch.StartNew();
        using (var first = await clients[Role.TeamAdmin].GetAsync(""))
        {
            await first.Content.ReadAsByteArrayAsync();
        }
        var firstDashboard = coldStart + firstDashboardClock.Elapsed;
        Console.WriteLine($"Signed in as the five benchmark people; first dashboard {firstDashboardClock.Elapsed.TotalMilliseconds:0} ms after sign-in.");

        var dbFactory = server.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        // Every measure after the start-up background work (the health refresh of a copy opened on a later day than it was
        // generated, and the delivery of the first reminder round of a copy the app never ran on): pages, writes and circuits
        // measure a workspace in its day, not one catching up on it.
        Console.WriteLine($"Start-up work: {await StartupWork.WaitAsync(dbFactory)}.");
        var people = await PeopleAsync(dbFactory);
        var nowUtc = DateTime.UtcNow;
        var raw = new RawQueries(database, nowUtc);
        var cases = circuits == "only" || !pages ? [] : await CasesAsync(dbFactory, people, raw);
        // The people the pages are read as, for the service reads (as the app loads a signed-in person).
        var actors = new Dictionary<string, Actor>();
        foreach (var person in cases.Select(c => c.Person).Distinct())
        {
            actors[person] = await AuthenticatedActor.LoadAsync(dbFactory, people[Enum.Parse<Role>(person)])
                ?? throw new InvalidOperationException($"{BenchPeople.EmailOf(Enum.Parse<Role>(person))} is missing or disabled.");
        }

        // The floor under every page: a signed-in request through the same middleware (authentication, antiforgery, the
        // security headers, routing) that renders no page and reads nothing: the theme's cached style sheet.
        var floor = await MeasureFloorAsync(clients[Role.TeamAdmin], "/" + ThemeStylesheets.LightUrl, Math.Max(requests, 20));
        Console.WriteLine($"Request floor (/{ThemeStylesheets.LightUrl} signed in): n={floor.Count} p50 {Samples.Ms(floor.P50)} p95 {Samples.Ms(floor.P95)}.");
        Row("Request floor: a signed-in GET through the same middleware that renders no page (`/theme/light.css`), p50 / p95",
            $"{Samples.Ms(floor.P50)} / {Samples.Ms(floor.P95)} (n={floor.Count})", "—", null);

        var results = new List<PageResult>();
        using (var connection = raw.Connect())
        {
            foreach (var pageCase in cases)
            {
                var result = await MeasurePageAsync(clients[Enum.Parse<Role>(pageCase.Person)], pageCase, requests, TimeSpan.FromSeconds(pageSeconds), raw, connection,
                    server.Services, actors[pageCase.Person]);
                results.Add(result);
                Console.WriteLine($"{pageCase.Shown} as {pageCase.Person}: n={result.Timings.Count} p50 {Samples.Ms(result.Timings.P50)} p95 {Samples.Ms(result.Timings.P95)} " +
                                  $"{result.Bytes / 1024.0:0} KB, status {result.Statuses}; raw SQL p50 {Samples.Ms(result.Raw.P50)} ({result.RawRows} rows); " +
                                  $"service reads p50 {Samples.Ms(result.Service.P50)} ({result.ServiceRows} rows, {result.TextsShown.Shown} of their {result.TextsShown.Of} texts in the HTML)");
            }
        }

        foreach (var result in results)
        {
            var name = result.Case.Page.StartsWith("detail", StringComparison.Ordinal)
                ? $"`/onboardings/{{id}}` {result.Case.Page[7..]} ({result.Case.Person})"
                : $"`{result.Case.Shown}` ({result.Case.Person})";
            var ok = result.NotOk == 0;
            Row($"{name} prerendered, p50 / p95", $"{Samples.Ms(result.Timings.P50)} / {Samples.Ms(result.Timings.P95)}{(ok ? "" : $" ({result.NotOk} answers not 200: {result.Statuses})")}",
                "p95 ≤ 50 ms", ok && result.Timings.P95 <= PageP95TargetMs);
            Row($"{name} HTML", $"{result.Bytes / 1024.0:N0} KB", "≤ 300 KB", result.Bytes <= PageBytesTarget);
            var ratio = result.Timings.P50 / result.Raw.P50;
            Row($"{name} vs raw SQL (p50)", $"{ratio:N1}× ({Samples.Ms(result.Raw.P50)} raw; the request floor alone {floor.P50 / result.Raw.P50:N1}×)", "≤ 3×", ratio <= RawRatioTarget);
            var serviceRatio = result.Service.P50 / result.Raw.P50;
            Row($"{name} service reads vs raw SQL (p50)", $"{RawRatio.Show(result.Service.P50, result.Raw.P50)} ({Samples.Ms(result.Service.P50)} service reads)", "≤ 3×", serviceRatio <= RawRatioTarget);
        }

        WriteResult? alone = null, concurrent = null;
        var circuitNotes = "";
        var concurrentWriters = 0;
        var concurrentRounds = "";
        if (circuits != "only")
        {
            // Item updates through the application service, acting as the benchmark team admin.
            var admin = await AuthenticatedActor.LoadAsync(dbFactory, people[Role.TeamAdmin])
                ?? throw new InvalidOperationException($"{BenchPeople.EmailOf(Role.TeamAdmin)} is missing or disabled.");
            var writes = new WriteMeasure(server.Services, admin);
            // Warm-up, not timed: one writer, then as many writers at once as the measure has (the group save's path, with
            // groups as large as the measure's), on onboardings the measures leave alone; then the measures wait for the
            // runtime to finish recompiling what the warm-up made hot. (With one round of 10 writers as the warm-up, the
            // runtime was still compiling during the 50-writer measure: its compiler thread took 16 % of the processor's
            // samples there, in a profile of 3 December.)
            var warmTargets = await writes.TargetsAsync(skip: 0, count: 1);
            await writes.RunAsync(warmTargets, 1, 5);
            var aloneTargets = await writes.TargetsAsync(skip: 1, count: 1);
            // The many-writer rounds' onboardings, never shared: warm-up round n takes set n, measure round n set WarmRounds + n.
            Task<List<(Guid Onboarding, List<HandoffItem> Items)>> ManyWriters(int set) => writes.TargetsAsync(skip: 2 + writers * set, count: writers);
            // Rounds of the measure's shape until one compiles next to nothing (tiered compilation with profile guidance
            // recompiles a hot method twice, each after it was called often enough at the tier before: after one round of
            // 50 writers the runtime still compiled 160 methods during the measure).
            for (var round = 0; ; round++)
            {
                var warmConcurrent = await ManyWriters(round);
                if (warmConcurrent.Count < writers)
                {
                    Console.WriteLine($"Warm-up round {round + 1}: only {warmConcurrent.Count} onboardings left for {writers} writers (a small database): the measures may meet a runtime still compiling.");
                }
                var compiled = (await writes.RunAsync(warmConcurrent, warmConcurrent.Count, writerUpdates)).CompiledMethods;
                Console.WriteLine($"Warm-up round {round + 1} of {warmConcurrent.Count} writers: {compiled} methods compiled; {await JitSettle.WaitAsync()}.");
                if (compiled <= WarmEnoughMethods || warmConcurrent.Count == 0)
                {
                    break;
                }
                if (round + 1 == WarmRounds)
                {
                    Console.WriteLine($"Warm-up: still {compiled} methods compiled in the last of {WarmRounds} rounds; measuring anyway.");
                    break;
                }
            }
            Console.WriteLine($"Before the 1-writer measure: {await JitSettle.WaitAsync()}.");
            alone = await writes.RunAsync(aloneTargets, 1, updates);
            // Rounds of the 50-writer measure, each on onboardings of its own (after those of the warm-up): one round
            // is 500 updates in about half a second, and its p95 moved by 20 ms and more from run to run of the same code
            // (a garbage collection or two falls in it or not); the rows give the rounds' updates pooled, and each round's p95.
            var rounds = new List<WriteResult>();
            for (var round = 0; round < writerRounds; round++)
            {
                var targets = await ManyWriters(WarmRounds + round);
                concurrentWriters = round == 0 ? targets.Count : Math.Min(concurrentWriters, targets.Count);
                Console.WriteLine($"Before round {round + 1} of {writerRounds} of the {targets.Count}-writer measure: {await JitSettle.WaitAsync()}.");
                rounds.Add(await writes.RunAsync(targets, writers, writerUpdates));
            }
            concurrent = WriteResult.Pooled(rounds);
            concurrentRounds = string.Join(", ", rounds.Select(r => $"{Samples.Ms(r.Timings.P50)} / {Samples.Ms(r.Timings.P95)}"));
            Console.WriteLine($"1 writer: {alone.Timings.Count} updates ({alone.Outcomes}); {concurrentWriters} writers: {concurrent.Timings.Count} updates ({concurrent.Outcomes}); rounds p50 / p95: {concurrentRounds}.");
            Row("Item update through the service, 1 writer, p50 / p95", $"{Samples.Ms(alone.Timings.P50)} / {Samples.Ms(alone.Timings.P95)} (n={alone.Timings.Count})",
                "p95 ≤ 15 ms", alone.Timings.P95 <= UpdateAloneTargetMs);
            Row($"Item update through the service, {concurrentWriters} writers on different onboardings, p50 / p95 ({writerRounds} rounds pooled)",
                $"{Samples.Ms(concurrent.Timings.P50)} / {Samples.Ms(concurrent.Timings.P95)} (n={concurrent.Timings.Count}; rounds {concurrentRounds})", "p95 ≤ 50 ms", concurrent.Timings.P95 <= UpdateConcurrentTargetMs);
            var lost = alone.LostVersions + alone.LostRevisions + concurrent.LostVersions + concurrent.LostRevisions;
            Row("Lost writes (item versions / revision entries vs updates reported saved)",
                $"{alone.LostVersions + concurrent.LostVersions} / {alone.LostRevisions + concurrent.LostRevisions}", "0", lost == 0);
            Row("\"Database is busy\" errors reaching the caller", $"{alone.Busy + concurrent.Busy}", "0", alone.Busy + concurrent.Busy == 0);
            Row("Other failed updates (not saved)", $"{alone.OtherFailures + concurrent.OtherFailures}", "0", alone.OtherFailures + concurrent.OtherFailures == 0);
        }

        if (circuits != "no")
        {
            var circuit = await new CircuitMeasure(server, password).RunAsync();
            Row($"Memory per open page (idle circuit), all {circuit.Dashboards + circuit.Details}: managed heap after forced full GCs, (after − before) / pages, less the client's tab",
                Kb(circuit.AllBytesEach), "≤ 500 KB each", circuit.AllBytesEach <= PageMemoryTargetBytes);
            Row($"Memory per open dashboard `/` ({circuit.Dashboards} open, median of {circuit.DashboardMemory.BytesEach.Count} rounds of {CircuitMeasure.PagesPerRound})",
                circuit.DashboardMemory.Show(circuit.ControlBytesEach), "≤ 500 KB each", circuit.DashboardBytesEach <= PageMemoryTargetBytes);
            Row($"Memory per open detail page `/onboardings/{{id}}` ({circuit.Details} open, different onboardings, median of {circuit.DetailMemory.BytesEach.Count} rounds of {CircuitMeasure.PagesPerRound})",
                circuit.DetailMemory.Show(circuit.ControlBytesEach), "≤ 500 KB each", circuit.DetailBytesEach <= PageMemoryTargetBytes);
            var shown = circuit.Saver.Count + circuit.Others.Count;
            Row($"Saved item shown on the saver's page, {circuit.Dashboards + 25} pages open, p50 / p95 (n={circuit.Saver.Count})",
                $"{Samples.Ms(circuit.Saver.P50)} / {Samples.Ms(circuit.Saver.P95)}", "p95 ≤ 300 ms",
                circuit.Saver.Count > 0 && circuit.Timeouts == 0 && circuit.Saver.P95 <= SaverTargetMs);
            Row($"Saved item shown on the {circuit.OthersPerSave} other pages of that onboarding, max (n={circuit.Others.Count})",
                $"{Samples.Ms(circuit.Others.Percentile(1))} (p50 {Samples.Ms(circuit.Others.P50)}){(circuit.Timeouts > 0 ? $", {circuit.Timeouts} pages never showed it within 10 s" : "")}",
                "≤ 2 s", circuit.Others.Count > 0 && circuit.Timeouts == 0 && circuit.Others.Percentile(1) <= OthersTargetMs);
            Row("The saves' service call itself (`UpdateItemAsync` as the saver, 50 pages open), p50 / p95",
                $"{Samples.Ms(circuit.Service.P50)} / {Samples.Ms(circuit.Service.P95)}", "—", null);
            circuitNotes = $"Circuits: heap before {Kb(circuit.Start.Min)}, after {circuit.Dashboards} dashboards {Kb(circuit.AfterDashboards.Min)}, " +
                           $"after {circuit.Details} detail pages {Kb(circuit.AfterDetails.Min)} (GC heap size {Kb(circuit.Start.MinHeapSize)} / {Kb(circuit.AfterDashboards.MinHeapSize)} / {Kb(circuit.AfterDetails.MinHeapSize)}). " +
                           $"How memory was measured: {circuit.HowMeasured}. " +
                           $"{shown} appearances timed (the saver's page and 4 pages of other people on the same onboarding, 10 saves on 5 onboardings; " +
                           $"25 dashboards stay open as well){(circuit.Notes.Length > 0 ? "; " + circuit.Notes : "")}.";
        }

        Row("Cold start to the first page (sign-in page), in-process host", $"{coldStart.TotalMilliseconds / 1000:0.00} s", "≤ 2 s", coldStart.TotalMilliseconds <= ColdStartTargetMs);
        Row("Cold start to the first signed-in dashboard (includes signing in 5 people)", $"{firstDashboard.TotalMilliseconds / 1000:0.00} s", "—", null);

        var counts = await ScaleCounts.ReadAsync(dbFactory, DateOnly.FromDateTime(nowUtc));
        output.AppendLine();
        output.AppendLine(CultureInfo.InvariantCulture, $"Database: {database} — {counts.Onboardings:N0} onboardings, {counts.Items:N0} items, {counts.Revisions:N0} revision entries, {counts.Users:N0} people.");
        output.AppendLine(CultureInfo.InvariantCulture, $"Requests per page: up to {requests} after 2 warm-up requests, fewer (at least 5) once {pageSeconds} s are spent (n below); sequential, one signed-in client per person. Raw SQL and the service reads: one untimed run each, then the same rule.");
        output.AppendLine();
        output.AppendLine("| Measure | Value | Target | Met |");
        output.AppendLine("|---|---|---|---|");
        foreach (var row in rows)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", row)} |");
        }
        output.AppendLine();
        output.AppendLine(circuits == "no"
            ? "Not measured (add --circuits yes): memory per open page (idle circuit) and \"one saved item shown on 50 open pages\" — both need real circuits (a browser per page)."
            : circuitNotes);
        if (results.Count > 0)
        {
            output.AppendLine();
            output.AppendLine("| Page | Person | n | p50 | p95 | HTML | Raw SQL p50 | Raw SQL p95 | Raw rows | Answers |");
            output.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        }
        foreach (var r in results)
        {
            output.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Case.Shown}` | {r.Case.Person} | {r.Timings.Count} | {Samples.Ms(r.Timings.P50)} | {Samples.Ms(r.Timings.P95)} | {r.Bytes / 1024.0:N0} KB | {Samples.Ms(r.Raw.P50)} | {Samples.Ms(r.Raw.P95)} | {r.RawRows} | {r.Statuses} |");
        }
        if (results.Count > 0)
        {
            // The request's parts: the service calls the page makes to read what it shows, beside the raw SQL for the same
            // rows; and what the request adds over the floor (rendering, the page's own code, its reads), over the raw SQL.
            // The last column checks that the request showed what the service read (texts of the rows read found in its HTML).
            output.AppendLine();
            output.AppendLine(CultureInfo.InvariantCulture, $"Service reads (the page's own service calls, in a scope of the app's container, as the same person; request floor p50 {Samples.Ms(floor.P50)}):");
            output.AppendLine();
            output.AppendLine("| Page | Person | Request p50 | Service reads p50 | Service reads p95 | Raw SQL p50 | Service / raw | (Request − floor) / raw | Service rows | Raw rows | Read texts in the HTML |");
            output.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                output.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{r.Case.Shown}` | {r.Case.Person} | {Samples.Ms(r.Timings.P50)} | {Samples.Ms(r.Service.P50)} | {Samples.Ms(r.Service.P95)} | {Samples.Ms(r.Raw.P50)} | " +
                    $"{RawRatio.Show(r.Service.P50, r.Raw.P50)} | {RawRatio.OverFloor(r.Timings.P50, floor.P50, r.Raw.P50)} | {r.ServiceRows} | {r.RawRows} | {r.TextsShown.Shown} / {r.TextsShown.Of} |");
            }
            var unshown = results.Where(r => r.TextsShown is { Shown: 0, Of: > 0 }).Select(r => $"`{r.Case.Shown}`").ToArray();
            if (unshown.Length > 0)
            {
                output.AppendLine();
                output.AppendLine(CultureInfo.InvariantCulture,
                    $"Prerendered without the rows their service reads read (none of their texts in the HTML): {string.Join(", ", unshown)}. Their requests do not include that read; their \"vs raw SQL\" rows compare a page without its rows.");
            }
        }
        output.AppendLine();
        if (alone is not null && concurrent is not null)
        {
            output.AppendLine(CultureInfo.InvariantCulture, $"Item updates: 1 writer {alone.Outcomes}; {concurrentWriters} writers × {writerUpdates}, {writerRounds} rounds: {concurrent.Outcomes}.");
        }
        Console.WriteLine(output.ToString());
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
        return 0;
    }

    private static string Kb(double bytes) => $"{bytes / 1024.0:N0} KB";

    /// <summary>Sequential GETs of <paramref name="path"/> after 2 warm-up requests: their times.</summary>
    private static async Task<Samples> MeasureFloorAsync(HttpClient client, string path, int requests)
    {
        var timings = new Samples();
        for (var n = -2; n < requests; n++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsByteArrayAsync();
            var elapsed = clock.Elapsed;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: no request floor.");
            }
            if (n >= 0)
            {
                timings.Add(elapsed);
            }
        }
        return timings;
    }

    private static async Task<PageResult> MeasurePageAsync(HttpClient client, PageCase pageCase, int requests, TimeSpan budget, RawQueries raw, System.Data.Common.DbConnection connection,
        IServiceProvider services, Actor actor)
    {
        var timings = new Samples();
        var statuses = new SortedDictionary<int, int>();
        long bytes = 0;
        var spent = Stopwatch.StartNew();
        var html = "";
        for (var n = -2; n < requests; n++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(pageCase.Path, HttpCompletionOption.ResponseHeadersRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = clock.Elapsed;
            if (n < 0)
            {
                continue;
            }
            if (n == 0)
            {
                html = WebUtility.HtmlDecode(Encoding.UTF8.GetString(body));
            }
            timings.Add(elapsed);
            bytes = Math.Max(bytes, body.Length);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if (spent.Elapsed > budget && timings.Count >= 5)
            {
                break;
            }
        }
        var rawTimings = new Samples();
        var rawRows = raw.Run(connection, pageCase.Sql, pageCase.Parameters);
        spent.Restart();
        for (var n = 0; n < requests; n++)
        {
            var clock = Stopwatch.StartNew();
            raw.Run(connection, pageCase.Sql, pageCase.Parameters);
            rawTimings.Add(clock.Elapsed);
            if (spent.Elapsed > budget && rawTimings.Count >= 5)
            {
                break;
            }
        }
        // The page's service reads: one untimed run, then the same rule. Each in its own scope of the app's container, as
        // each request has (the scope's making is not timed).
        var serviceTimings = new Samples();
        ServiceReadResult read;
        await using (var first = services.CreateAsyncScope())
        {
            read = await pageCase.Read(first.ServiceProvider, actor);
        }
        spent.Restart();
        for (var n = 0; n < requests; n++)
        {
            await using var scope = services.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            await pageCase.Read(scope.ServiceProvider, actor);
            serviceTimings.Add(clock.Elapsed);
            if (spent.Elapsed > budget && serviceTimings.Count >= 5)
            {
                break;
            }
        }
        return new PageResult(pageCase, timings, bytes, statuses.Where(s => s.Key != 200).Sum(s => s.Value),
            string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")), rawTimings, rawRows, serviceTimings, read.Rows, read.ShownIn(html));
    }

    private static async Task<Dictionary<Role, string>> PeopleAsync(IDbContextFactory<AppDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var people = new Dictionary<Role, string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var email = BenchPeople.EmailOf(role);
            people[role] = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleOrDefaultAsync()
                ?? throw new InvalidOperationException($"{email} has no account: make the database with the generate command.");
        }
        return people;
    }

    private static async Task<List<PageCase>> CasesAsync(IDbContextFactory<AppDbContext> dbFactory, Dictionary<Role, string> people, RawQueries raw)
    {
        static IReadOnlyDictionary<string, object> P(params (string Name, object Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);
        IReadOnlyDictionary<string, object> Mine(Role role) => P(("@role", role.ToString()), ("@user", people[role]));
        var none = P();
        PageCase List(string path, string where, IReadOnlyDictionary<string, object> parameters) =>
            new("list", path, "TeamAdmin", RawQueries.List(where), parameters, ServiceReads.List(path));
        var cases = new List<PageCase>
        {
            new("dashboard", "/", "TeamAdmin", RawQueries.Dashboard, Mine(Role.TeamAdmin), ServiceReads.Dashboard),
            List("/onboardings", "", none),
            List("/onboardings?q=" + Uri.EscapeDataString("科技"), "WHERE (o.Details_Customer LIKE @q OR o.Details_ProcurementEntity LIKE @q)", P(("@q", "%科技%"))),
            // Overdue as the list reads it: from the stored summary's next due date (RawQueries.List).
            List("/onboardings?stage=GoLive&overdue=true", "WHERE o.Stage = 'GoLive' AND o.Stage <> 'Cancelled' AND o.NextDueDate < @today", none),
            List("/onboardings?owner=Finance&scenario=InvoiceInquiry",
                $"WHERE o.Scenario = 'InvoiceInquiry' AND EXISTS (SELECT 1 FROM HandoffItems i WHERE i.OnboardingId = o.Id AND i.Required AND i.OwnerRole = 'Finance' AND {RawQueries.Open})", none),
            new("my items", "/my-items", "TeamAdmin", RawQueries.MyItems(OnboardingQueries.MyItemsPageSize, count: true), Mine(Role.TeamAdmin), ServiceReads.MyItems),
            new("my items", "/my-items", "TechLead", RawQueries.MyItems(OnboardingQueries.MyItemsPageSize, count: true), Mine(Role.TechLead), ServiceReads.MyItems),
            new("my items", "/my-items", "Finance", RawQueries.MyItems(OnboardingQueries.MyItemsPageSize, count: true), Mine(Role.Finance), ServiceReads.MyItems),
            new("/go-live", "/go-live", "ReleaseOwner", RawQueries.GoLive, none, ServiceReads.GoLive),
        };
        // The revision log pages by keyset (?before=cursor&n=first; the old ?page=N is ignored and shows the newest page):
        // page 1, and the pages that start after 50 and after 99,950 entries, their cursors the entries just before them.
        cases.Add(new("/revisions", "/revisions", "TeamAdmin", RawQueries.Revisions(keyset: false), none, ServiceReads.Revisions("/revisions")));
        await using (var db = await dbFactory.CreateDbContextAsync())
        using (var connection = raw.Connect())
        {
            foreach (var page in new[] { 2, 2000 })
            {
                var skip = ((page - 1) * RevisionFilter.PageSize) - 1;
                var entry = await db.Revisions.AsNoTracking().OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id).Skip(skip)
                    .Select(r => new { r.AtUtc, r.Id }).FirstOrDefaultAsync();
                if (entry is null)
                {
                    continue;
                }
                var (at, id) = raw.RevisionAt(connection, skip);
                if (!Guid.TryParse(id.ToString(), out var rawId) || rawId != entry.Id)
                {
                    throw new InvalidOperationException($"The raw SQL and the app disagree on the revision log's entry {skip + 1:N0} ({id} and {entry.Id}).");
                }
                var cursor = new RevisionCursor(entry.AtUtc, entry.Id);
                var path = $"/revisions?{RevisionFilter.BeforeKey}={Uri.EscapeDataString(cursor.ToString())}&{RevisionFilter.FirstKey}={skip + 2}";
                cases.Add(new("/revisions", path, "TeamAdmin", RawQueries.Revisions(keyset: true), P(("@at", at), ("@before", id)), ServiceReads.Revisions(path),
                    $"/revisions?before=… (page {page})"));
            }
        }
        // A few onboardings of different shapes, chosen by rule so that every database gives comparable ones.
        await using var context = await dbFactory.CreateDbContextAsync();
        foreach (var stage in new[] { Stage.GoLive, Stage.Live, Stage.Trial, Stage.OnHold, Stage.Cancelled })
        {
            var ids = await context.Onboardings.AsNoTracking().Where(o => o.Stage == stage).OrderBy(o => o.CreatedAtUtc).ThenBy(o => o.Id).Select(o => o.Id).ToListAsync();
            if (ids.Count > 0)
            {
                var id = ids[ids.Count / 2];
                cases.Add(new PageCase($"detail ({stage})", $"/onboardings/{id}", "TeamAdmin", RawQueries.Detail, P(("@id", id.ToString().ToUpperInvariant())), ServiceReads.Detail(id)));
            }
        }
        return cases;
    }
}
