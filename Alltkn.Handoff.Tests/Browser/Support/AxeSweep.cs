using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>axe-core on an open page: its serious and critical violations, written out for a failure message.</summary>
public static class AxeSweep
{
    /// <summary>
    /// Waits until every transition and animation that will end has ended (a popover's fade-in, a field's label moving),
    /// so axe-core sees the colours a person reads and not a frame of the fade; endless ones (spinners) are not waited for.
    /// <c>getAnimations()</c> applies pending style changes first, so a fade started just now is among them.
    /// </summary>
    private const string SettleScript = """
        async () => {
            const ending = document.getAnimations().filter(a =>
                a.playState === 'running' && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            await Promise.all(ending.map(a => a.finished.catch(() => null)));
        }
        """;

    /// <summary>
    /// Runs axe-core on <paramref name="page"/> once its transitions have ended and appends each serious or critical
    /// violation (and up to five of its elements) to <paramref name="found"/>.
    /// </summary>
    public static async Task AppendViolationsAsync(IPage page, string path, StringBuilder found)
    {
        await page.EvaluateAsync(SettleScript);
        var result = await page.RunAxe();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            found.AppendLine($"{path} [{violation.Impact}] {violation.Id}: {violation.Help}");
            foreach (var node in violation.Nodes.Take(5))
            {
                found.AppendLine($"    {string.Join(" ", node.Target?.ToString() ?? "")} {Short(node.Html)}");
            }
        }
    }

    private static string Short(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";
}
