namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>One page request measured: who asks, the address, and the hand-written SQL for the rows it shows.</summary>
internal sealed record PageCase(string Page, string Path, string Person, string Sql, IReadOnlyDictionary<string, object> Parameters);

/// <summary>What one page gave: timings, HTML size, answers other than 200, and the raw SQL's timings.</summary>
internal sealed record PageResult(PageCase Case, Samples Timings, long Bytes, int NotOk, string Statuses, Samples Raw, int RawRows);
