using Alltkn.Handoff.Domain.Security;
using BenchmarkDotNet.Attributes;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>
/// Scan and Redact over 1 MB of each <see cref="PathologicalInputs">pathological input</see>. Target: under 10 ms
/// each, like ordinary text (<see cref="SensitiveDataGuardBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[GuardJob]
public class SensitiveDataGuardPathologicalBenchmarks
{
    private string text = string.Empty;

    [ParamsSource(nameof(Inputs))]
    public string Input { get; set; } = string.Empty;

    public static IEnumerable<string> Inputs => PathologicalInputs.Units.Keys;

    [GlobalSetup]
    public void Setup() => text = PathologicalInputs.Build(Input, 1024 * 1024);

    [Benchmark]
    public int Scan() => SensitiveDataGuard.Scan(text).Count;

    [Benchmark]
    public int Redact() => SensitiveDataGuard.Redact(text).Length;
}
