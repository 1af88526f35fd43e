using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// The one writer of values into Markdown, used by every Markdown export: whatever a value holds (HTML, a link such as
/// <c>[x](javascript:…)</c>, an image that would beacon out, backticks, pipes, a leading <c>#</c>, <c>&gt;</c> or list
/// marker, line breaks), it is shown as text and never rendered as Markdown or HTML. Values go into code spans or
/// fenced blocks, which show them literally (a masked key's asterisks are not taken for emphasis); plain text
/// (<see cref="Text"/>, <see cref="Cell"/>) has every character Markdown or HTML would act on backslash-escaped, so it
/// reads the same raw (pasted into a plain-text ticket) and rendered.
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

    /// <summary>
    /// Plain text in a table cell, escaped (<see cref="Text"/>); line breaks as <see cref="CellLineBreak"/>.
    /// </summary>
    public static string Cell(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Empty : string.Join(CellLineBreak, Lines(value).Select(Text));

    /// <summary>
    /// A line break in a <see cref="Cell"/>: &lt;br&gt; with a space on each side. The exporter scans the finished
    /// Markdown for secrets once more, and the guard takes <c>&lt;</c>, <c>&gt;</c>, <c>\</c> and <c>|</c> as part of a
    /// value: without the spaces the last word of one line and the first of the next would be one token
    /// (<c>password: unchanged&lt;br&gt;restore</c>), masked although each line passed the guard, and a mask keeping a
    /// value's last characters could drop the backslash that escapes a pipe, giving the row another column.
    /// </summary>
    private const string CellLineBreak = " <br> ";

    /// <summary>A value in a table cell shown literally: one code span per line, pipes escaped as GFM tables need.</summary>
    public static string CodeCell(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Empty
        : string.Join("<br>", Lines(value).Where(l => l.Length > 0).Select(l => Code(l).Replace("|", "\\|", StringComparison.Ordinal)));

    /// <summary>
    /// One line of plain text, escaped so that Markdown and HTML show it as it is: every character that can start
    /// emphasis, code, a link or image, HTML or an entity, a table cell or strikethrough is backslash-escaped, and so is
    /// one that would open a heading, quote, list or rule at the start of the line. Line breaks become spaces.
    /// </summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var line = value.ReplaceLineEndings(" ");
        var text = new StringBuilder(line.Length + 8);
        var start = line.Length - line.AsSpan().TrimStart().Length;
        var orderedListMarker = OrderedListMarker(line, start);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (Inline.Contains(c) || (i == start && LineStart.Contains(c)) || i == orderedListMarker)
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>Characters that act anywhere in a line: <c>\ ` * _ [ ] &lt; &gt; ! | &amp; ~ $</c>.</summary>
    private static readonly SearchValues<char> Inline = SearchValues.Create("\\`*_[]<>!|&~$");

    /// <summary>Characters that act at the start of a line: heading, quote, list item, rule, setext underline.</summary>
    private static readonly SearchValues<char> LineStart = SearchValues.Create("#>-+=");

    /// <summary>
    /// Where the <c>.</c> or <c>)</c> of <c>1.</c> or <c>1)</c> is when the line starts with one at <paramref name="at"/>
    /// (an ordered list item; the mark, not the digits, is what a backslash can escape), or -1.
    /// </summary>
    private static int OrderedListMarker(string line, int at)
    {
        var end = at;
        while (end < line.Length && char.IsAsciiDigit(line[end]))
        {
            end++;
        }

        return end > at && end < line.Length && line[end] is '.' or ')' ? end : -1;
    }

    private static string[] Lines(string value) => value.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex("`+")]
    private static partial Regex BacktickRuns();
}
