namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>Timings of one measure, in milliseconds.</summary>
internal sealed class Samples
{
    private readonly List<double> _ms = [];

    public int Count => _ms.Count;

    public void Add(TimeSpan elapsed) => _ms.Add(elapsed.TotalMilliseconds);

    public void AddAll(Samples other) => _ms.AddRange(other._ms);

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }
        var sorted = _ms.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "—" : ms >= 1000 ? $"{ms / 1000:0.00} s" : ms >= 10 ? $"{ms:0} ms" : $"{ms:0.0} ms";
}
