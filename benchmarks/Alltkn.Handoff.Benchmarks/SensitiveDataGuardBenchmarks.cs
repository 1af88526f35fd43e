using Alltkn.Handoff.Domain.Security;
using BenchmarkDotNet.Attributes;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>Scan and Redact over 1 MB (1,048,576 characters) of mixed Chinese and English evidence text. Target: under 10 ms.</summary>
[MemoryDiagnoser]
[GuardJob]
public class SensitiveDataGuardBenchmarks
{
    private string corpus = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        corpus = EvidenceCorpus.Build(1024 * 1024);
        var found = SensitiveDataGuard.Scan(corpus).Count;
        if (found == 0)
        {
            throw new InvalidOperationException("The corpus should hold a few secrets for the scan to find.");
        }

        Console.WriteLine($"// Corpus: {corpus.Length:N0} characters, {found} secrets found.");
    }

    [Benchmark]
    public int Scan() => SensitiveDataGuard.Scan(corpus).Count;

    [Benchmark]
    public int Redact() => SensitiveDataGuard.Redact(corpus).Length;
}
