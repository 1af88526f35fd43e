using System.Diagnostics;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>
/// Runs a scenario as named steps, in order. A step that fails stops the scenario with its name, its number and the
/// steps that passed before it in the failure message (the browser pages are screenshotted by <c>BrowserTest</c>);
/// every step that passes is written to the test output with its time.
/// </summary>
public sealed class Journey
{
    private readonly List<string> _passed = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<string> Passed => _passed;

    public async Task StepAsync(string name, Func<Task> step)
    {
        var number = _passed.Count + 1;
        var started = _clock.Elapsed;
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not JourneyStepFailedException)
        {
            throw new JourneyStepFailedException(number, name, _passed, ex);
        }
        _passed.Add(name);
        TestContext.Current.TestOutputHelper?.WriteLine($"✓ {number}. {name} ({(_clock.Elapsed - started).TotalSeconds:0.0} s)");
    }
}

/// <summary>A step of a <see cref="Journey"/> failed; the message says which, after which, and why.</summary>
public sealed class JourneyStepFailedException(int number, string step, IReadOnlyList<string> passed, Exception cause)
    : Exception(Describe(number, step, passed, cause), cause)
{
    private static string Describe(int number, string step, IReadOnlyList<string> passed, Exception cause) =>
        $"Step {number} \"{step}\" failed: {cause.GetType().Name}: {cause.Message}{Environment.NewLine}" +
        (passed.Count == 0
            ? "No step passed before it."
            : "Passed before it: " + string.Join("; ", passed.Select((p, i) => $"{i + 1}. {p}")));
}
