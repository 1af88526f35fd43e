using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// <c>cold-start --app DIR --database PATH [--runs 3]</c>: the cold start as the people running the workspace see it. Starts
/// the published app (<c>dotnet publish</c>'s output: ReadyToRun, Production) as its own process, on a fresh copy of the
/// database each run (with the key ring beside it, as after a restart), asks for the sign-in page until it answers, and
/// prints the time from starting the process to the page's last byte, the app's processor time to then and its own
/// start-up lines; then stops it. The copy is deleted afterwards: the given database is never changed.
/// </summary>
/// <remarks>
/// <c>load</c> measures a cold start too, of the build hosted inside the benchmark's own process (the runtime already
/// started, the app's code not precompiled): a different figure, kept there for comparisons between branches.
/// </remarks>
internal static class ColdStartCommand
{
    private const string Usage =
        "dotnet run -c Release --project benchmarks/Alltkn.Handoff.Benchmarks -- cold-start --app PUBLISHED_FOLDER --database PATH [--runs 3]";

    private const double TargetMs = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        string app, database;
        int runs;
        try
        {
            var line = CommandLine.Parse(args, Usage, "app", "database", "runs");
            app = Path.GetFullPath(line.Required("app"));
            database = Path.GetFullPath(line.Required("database"));
            runs = line.Int("runs", 3);
            if (!File.Exists(Path.Combine(app, "Alltkn.Handoff.App.dll")))
            {
                throw new CommandLineException(
                    $"{app} holds no Alltkn.Handoff.App.dll: publish the app first (dotnet publish Alltkn.Handoff.App -c Release -o FOLDER).", Usage);
            }
            if (!File.Exists(database))
            {
                throw new CommandLineException($"{database} does not exist: make it first with the generate command.", Usage);
            }
        }
        catch (CommandLineException problem)
        {
            await Console.Error.WriteLineAsync($"{problem.Message}{Environment.NewLine}Usage: {problem.Usage}");
            return 2;
        }

        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (elapsed, processor, lines) = await OneRunAsync(app, database);
            times.Add(elapsed.TotalMilliseconds);
            Console.WriteLine($"Run {run}: first page (sign-in) {elapsed.TotalMilliseconds:0} ms after starting the process; " +
                              $"the app's processor time to then {processor.TotalMilliseconds:0} ms; load average {LoadAverage()}.");
            foreach (var startLine in lines)
            {
                Console.WriteLine($"    {startLine}");
            }
        }
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine();
        Console.WriteLine("| Measure | Value | Target | Met |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| Cold start of the published app (own process) to the first page, median of {runs} | {median / 1000:0.00} s " +
                          $"(runs {string.Join(", ", times.Select(t => (t / 1000).ToString("0.00", CultureInfo.InvariantCulture)))} s) | ≤ 2 s | {(median <= TargetMs ? "yes" : "**no**")} |");
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, TimeSpan Processor, List<string> StartLines)> OneRunAsync(string app, string source)
    {
        var folder = Directory.CreateTempSubdirectory("handoff-cold-start-");
        try
        {
            var copy = Path.Combine(folder.FullName, Path.GetFileName(source));
            File.Copy(source, copy);
            var keys = Path.Combine(Path.GetDirectoryName(source)!, "keys");
            if (Directory.Exists(keys))
            {
                Directory.CreateDirectory(Path.Combine(folder.FullName, "keys"));
                foreach (var key in Directory.GetFiles(keys))
                {
                    File.Copy(key, Path.Combine(folder.FullName, "keys", Path.GetFileName(key)));
                }
            }
            var port = FreePort();
            var host = Path.Combine(app, OperatingSystem.IsWindows() ? "Alltkn.Handoff.App.exe" : "Alltkn.Handoff.App");
            var start = File.Exists(host)
                ? new ProcessStartInfo(host)
                : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(app, "Alltkn.Handoff.App.dll") } };
            start.WorkingDirectory = app;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Handoff__DatabasePath"] = copy;
            start.Environment["Handoff__SampleData"] = "false";

            var startLines = new List<string>();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            process.OutputDataReceived += (_, e) => Keep(startLines, e.Data);
            process.ErrorDataReceived += (_, e) => Keep(startLines, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
                while (true)
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The app stopped (exit code {process.ExitCode}) before answering:{Environment.NewLine}{string.Join(Environment.NewLine, startLines)}");
                    }
                    if (clock.Elapsed > TimeSpan.FromMinutes(2))
                    {
                        throw new TimeoutException("The app did not answer the sign-in page within 2 minutes.");
                    }
                    try
                    {
                        using var page = await client.GetAsync(SignedInClient.LoginPath);
                        await page.Content.ReadAsByteArrayAsync();
                        if (page.StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }
                    await Task.Delay(10);
                }
                var elapsed = clock.Elapsed;
                process.Refresh();
                var processor = process.TotalProcessorTime;
                lock (startLines)
                {
                    return (elapsed, processor, startLines.ToList());
                }
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The app's own start-up lines (where its start's time went), without the rest of its log.</summary>
    private static void Keep(List<string> lines, string? line)
    {
        if (line is not null && (line.Contains("Start-up", StringComparison.Ordinal) || line.Contains("Database ready", StringComparison.Ordinal)
                                 || line.Contains("First answer", StringComparison.Ordinal)))
        {
            lock (lines)
            {
                lines.Add(line.Trim());
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
