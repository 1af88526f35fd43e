using Alltkn.Handoff.Benchmarks.Load;
using BenchmarkDotNet.Running;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>
/// <c>generate …</c>, <c>load …</c> and <c>cold-start …</c> run the scale benchmark (see docs/benchmarks.md); anything else goes to
/// BenchmarkDotNet, e.g. <c>-- --filter '*SensitiveDataGuard*'</c>.
/// </summary>
/// <remarks>
/// Not top-level statements: those would declare a second global <c>Program</c> next to the app's, which the load
/// command hosts through <c>WebApplicationFactory&lt;Program&gt;</c>.
/// </remarks>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "generate":
                return await GenerateCommand.RunAsync(args[1..]);
            case "load":
                return await LoadCommand.RunAsync(args[1..]);
            case "cold-start":
                return await ColdStartCommand.RunAsync(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                return 0;
        }
    }
}
