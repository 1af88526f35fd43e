using System.Text;
using System.Text.RegularExpressions;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// Writes values into Markdown so that they read the same raw (pasted into a plain-text ticket) and rendered:
/// values go into code spans or fenced blocks, which show them literally (a masked key's asterisks are not
/// taken for emphasis); table cells escape only what would break the table.
/// Values are redacted by the caller before they come here: escaping first could split a secret so that the
/// guard no longer sees it.
/// </summary>
internal static partial class MarkdownText
{
    public const string Empty = "—";

    /// <summary>An inline code span holding <paramref name="value"/> literally (one line).</summary>
    public static string Code(string value)
    {
        var longestRun = BacktickRuns().Matches(value).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var fence = new string('`', longestRun + 1);
        var pad = value.StartsWith('`') || value.EndsWith('`') ? " " : "";
        return $"{fence}{pad}{value}{pad}{fence}";
    }

    /// <summary>A fenced code block holding <paramref name="value"/> literally, each line indented by <paramref name="indent"/>.</summary>
    public static string Block(string value, string indent)
    {
        var longestRun = BacktickRuns().Matches(value).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var fence = new string('`', Math.Max(3, longestRun + 1));
        var block = new StringBuilder();
        block.Append(indent).Append(fence).Append("text").Append('\n');
        foreach (var line in Lines(value))
        {
            block.Append(indent).Append(line).Append('\n');
        }
        block.Append(indent).Append(fence);
        return block.ToString();
    }

    /// <summary>A value after a list label: a code span when it is one line, an indented fenced block otherwise.</summary>
    public static string Value(string? value, string indent) =>
        string.IsNullOrWhiteSpace(value) ? Empty
        : value.Contains('\n') || value.Contains('\r') ? "\n" + Block(value, indent)
        : Code(value);

    /// <summary>Plain text in a table cell: pipes escaped, line breaks as &lt;br&gt;.</summary>
    public static string Cell(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Empty : string.Join("<br>", Lines(value).Select(l => l.Replace("|", "\\|", StringComparison.Ordinal)));

    /// <summary>A value in a table cell shown literally: one code span per line, pipes escaped as GFM tables need.</summary>
    public static string CodeCell(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Empty
        : string.Join("<br>", Lines(value).Where(l => l.Length > 0).Select(l => Code(l).Replace("|", "\\|", StringComparison.Ordinal)));

    private static string[] Lines(string value) => value.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex("`+")]
    private static partial Regex BacktickRuns();
}
