namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// One page request measured: who asks, the address, the hand-written SQL for the rows it shows, and the service calls
/// the page makes to read them (<see cref="ServiceRead"/>). <paramref name="Label"/>, when given, names the page in the
/// tables instead of its address (the revision log's keyset places are long).
/// </summary>
internal sealed record PageCase(string Page, string Path, string Person, string Sql, IReadOnlyDictionary<string, object> Parameters, ServiceRead Read, string? Label = null)
{
    public string Shown => Label ?? Path;
}

/// <summary>
/// What one page gave: timings, HTML size, answers other than 200, the raw SQL's timings and rows, and the service
/// reads' timings and rows.
/// </summary>
internal sealed record PageResult(PageCase Case, Samples Timings, long Bytes, int NotOk, string Statuses, Samples Raw, int RawRows, Samples Service, int ServiceRows,
    (int Shown, int Of) TextsShown);

/// <summary>How one measure compares with the raw SQL: a ratio, written for the tables.</summary>
internal static class RawRatio
{
    /// <summary><paramref name="ms"/> over <paramref name="rawMs"/> ("12.3×"; "—" when either is missing or the raw SQL took no measurable time).</summary>
    public static string Show(double ms, double rawMs) =>
        double.IsNaN(ms) || double.IsNaN(rawMs) || rawMs <= 0 ? "—" : $"{ms / rawMs:N1}×";

    /// <summary>The request less the floor under every request (the middleware of a request that renders nothing), over the raw SQL.</summary>
    public static string OverFloor(double requestMs, double floorMs, double rawMs) => Show(Math.Max(0, requestMs - floorMs), rawMs);
}
