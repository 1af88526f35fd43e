using System.Diagnostics;
using System.Runtime;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// Waits until the runtime has stopped compiling methods (none JIT-compiled for <see cref="Quiet"/>), so that a timed
/// measure meets the app as a server that has been up a while meets its people: its busy paths compiled at their
/// optimized tier. Right after a warm-up the runtime recompiles the methods the warm-up made hot (tiered compilation)
/// on a background thread for a second or more, and on two cores that thread takes the processor from the measure.
/// </summary>
internal static class JitSettle
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns a line saying how long it waited and how many methods were compiled meanwhile.</summary>
    public static async Task<string> WaitAsync()
    {
        var clock = Stopwatch.StartNew();
        var first = JitInfo.GetCompiledMethodCount();
        var last = first;
        var quietSince = clock.Elapsed;
        while (clock.Elapsed - quietSince < Quiet && clock.Elapsed < Limit)
        {
            await Task.Delay(Step);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != last)
            {
                last = now;
                quietSince = clock.Elapsed;
            }
        }
        var settled = clock.Elapsed - quietSince >= Quiet;
        return $"JIT {(settled ? "settled" : "NOT settled")} after {clock.Elapsed.TotalSeconds:0.0} s ({last - first:N0} methods compiled meanwhile)";
    }
}
