using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>
/// The guard benchmarks' job: one process per benchmark, 5 warm-up and 10 measured iterations of 250 ms each. Longer than
/// ShortRun (3 + 3), whose means on these 1 MB inputs swung by ±100 % as the JIT's tiers settled; about 6 minutes for
/// all 64 benchmarks. On a machine shared with other work, run it as <c>chrt -f 50 dotnet run …</c> (root) so the
/// benchmark has a core to itself; the numbers in docs/benchmarks.md say how they were taken.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GuardJobAttribute : Attribute, IConfigSource
{
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddJob(
        Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
}
