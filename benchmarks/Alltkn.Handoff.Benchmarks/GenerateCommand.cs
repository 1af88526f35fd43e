using System.Globalization;
using Alltkn.Handoff.Benchmarks.Scale;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>
/// <c>generate --database PATH --onboardings N --password PASSWORD [--seed S] [--batch B] [--now 2026-12-02T12:00:00Z]</c>, or on
/// PostgreSQL <c>generate --provider PostgreSQL --connection "Host=…;Database=…" --onboardings N --password PASSWORD …</c> (an
/// empty database; <c>HANDOFF_BENCH_PROVIDER</c> / <c>HANDOFF_BENCH_CONNECTION</c> instead of the two options).
/// </summary>
internal static class GenerateCommand
{
    private const string Usage =
        "dotnet run -c Release --project benchmarks/Alltkn.Handoff.Benchmarks -- generate [--provider Sqlite|PostgreSQL] (--database PATH | --connection \"Host=...;Database=...\") --onboardings N --password PASSWORD [--seed 20261202] [--batch 200] [--now 2026-12-02T12:00:00Z] [--bulk false]";

    public static async Task<int> RunAsync(string[] args)
    {
        GenerateOptions options;
        try
        {
            var line = CommandLine.Parse(args, Usage, "provider", "database", "connection", "onboardings", "password", "seed", "batch", "now", "bulk");
            DateTime? now = null;
            if (line.Optional("now") is { } nowText)
            {
                now = DateTime.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new CommandLineException($"--now is '{nowText}': give a UTC time such as 2026-12-02T12:00:00Z.", Usage);
            }
            var database = BenchDatabase.From(line.Optional("provider"), line.Optional("database"), line.Optional("connection"), out var problem)
                ?? throw new CommandLineException(problem!, Usage);
            options = new GenerateOptions
            {
                Database = database,
                Onboardings = line.Int("onboardings", 0, minimum: 0) is > 0 and var n ? n : throw new CommandLineException("--onboardings is missing: give how many onboardings to generate, e.g. 10000.", Usage),
                Password = line.Required("password"),
                Seed = line.Int("seed", 20261202, minimum: 0),
                BatchSize = line.Int("batch", 200),
                NowUtc = now,
                BulkInsert = line.Optional("bulk") is not { } bulk || (bool.TryParse(bulk, out var on)
                    ? on
                    : throw new CommandLineException($"--bulk is '{bulk}': give true (items and revision entries by prepared INSERTs) or false (every row through EF).", Usage)),
            };
        }
        catch (CommandLineException problem)
        {
            await Console.Error.WriteLineAsync($"{problem.Message}{Environment.NewLine}Usage: {problem.Usage}");
            return 2;
        }

        try
        {
            Console.WriteLine($"Generating {options.Onboardings:N0} onboardings (seed {options.Seed}, {options.BatchSize} per transaction) into {options.Target}");
            var counts = await ScaleGenerator.GenerateAsync(options, Console.WriteLine);
            Console.WriteLine();
            Console.WriteLine(counts);
            Console.WriteLine();
            Console.WriteLine($"Sign in as {string.Join(", ", Enum.GetValues<Alltkn.Handoff.Domain.People.Role>().Select(BenchPeople.EmailOf))} with the password given.");
            return 0;
        }
        catch (InvalidOperationException problem)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return 1;
        }
    }
}
