// The frames are read here, never kept or changed.
#pragma warning disable BL0006
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.RenderTree;

namespace Alltkn.Handoff.App.Components.Shared;

/// <summary>
/// A block that is only read (no event handler, no component), written in Razor as usual and handed to the renderer as
/// one piece of HTML. An open page keeps, for as long as it is open, every element, attribute and text of what it renders
/// as a frame (40 bytes) in two render trees of its components (arrays that grow by doubling); one markup frame holds the
/// whole block instead. Text and attribute values are HTML-encoded as the renderer would.
/// </summary>
internal static class ReadOnlyMarkup
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    /// <summary>The fragment's HTML. Throws when it holds a component, an event handler or a reference capture.</summary>
    public static MarkupString Of(RenderFragment fragment) => new(Html(fragment));

    /// <summary>
    /// The fragment's HTML; <paramref name="previous"/>'s own string when it reads the same, so that the render tree kept
    /// from the last render and the new one share one string.
    /// </summary>
    public static MarkupString Of(RenderFragment fragment, ref string? previous)
    {
        var html = Html(fragment);
        if (previous is { } kept && string.Equals(html, kept, StringComparison.Ordinal))
        {
            return new MarkupString(kept);
        }
        previous = html;
        return new MarkupString(html);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, string Culture), MarkupString> SharedBlocks = new();

    /// <summary>
    /// A block that reads the same wherever it is shown in one language (a button's icon and label): written once per
    /// language under <paramref name="key"/>, and one string for every page that shows it.
    /// </summary>
    public static MarkupString Shared(string key, RenderFragment fragment) =>
        SharedBlocks.GetOrAdd((key, CultureInfo.CurrentUICulture.Name), _ => Of(fragment));

    private static string Html(RenderFragment fragment)
    {
        using var builder = new RenderTreeBuilder();
        fragment(builder);
        var frames = builder.GetFrames();
        var html = new StringBuilder();
        var i = 0;
        while (i < frames.Count)
        {
            i = Write(html, frames.Array, i, verbatim: false);
        }
        return html.ToString();
    }

    private static int Write(StringBuilder html, RenderTreeFrame[] frames, int i, bool verbatim)
    {
        var frame = frames[i];
        switch (frame.FrameType)
        {
            case RenderTreeFrameType.Element:
            {
                var end = i + frame.ElementSubtreeLength;
                html.Append('<').Append(frame.ElementName);
                var j = i + 1;
                for (; j < end && frames[j].FrameType == RenderTreeFrameType.Attribute; j++)
                {
                    WriteAttribute(html, frames[j]);
                }
                html.Append('>');
                if (VoidElements.Contains(frame.ElementName))
                {
                    return end;
                }
                var inner = verbatim || VerbatimElements.Contains(frame.ElementName);
                while (j < end)
                {
                    j = Write(html, frames, j, inner);
                }
                html.Append("</").Append(frame.ElementName).Append('>');
                return end;
            }
            case RenderTreeFrameType.Region:
            {
                var end = i + frame.RegionSubtreeLength;
                var j = i + 1;
                while (j < end)
                {
                    j = Write(html, frames, j, verbatim);
                }
                return end;
            }
            case RenderTreeFrameType.Text:
                Encoder.Encode(new StringWriter(html, CultureInfo.InvariantCulture), frame.TextContent);
                return i + 1;
            case RenderTreeFrameType.Markup:
                if (verbatim || frame.MarkupContent.Contains("<pre", StringComparison.OrdinalIgnoreCase)
                    || frame.MarkupContent.Contains("<textarea", StringComparison.OrdinalIgnoreCase))
                {
                    html.Append(frame.MarkupContent);
                }
                else
                {
                    AppendTrimmed(html, frame.MarkupContent);
                }
                return i + 1;
            default:
                throw new InvalidOperationException($"Read-only markup holds elements, attributes and text only, not {frame.FrameType}.");
        }
    }

    /// <summary>Elements whose white space is kept as written (everywhere else a line break's indentation goes).</summary>
    private static readonly HashSet<string> VerbatimElements = new(StringComparer.OrdinalIgnoreCase) { "pre", "textarea", "script", "style" };

    /// <summary>
    /// The Razor source's own layout (a line break with the spaces around it, between or inside static elements) as one
    /// line break: it reads the same (white space collapses, and a line break stays one where white space is kept as
    /// lines), and the string, kept by an open page for as long as it is open, is shorter. Text frames (what was written
    /// with @) are never changed.
    /// </summary>
    private static void AppendTrimmed(StringBuilder html, string markup)
    {
        var i = 0;
        while (i < markup.Length)
        {
            var c = markup[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                var start = i;
                var newline = false;
                while (i < markup.Length && markup[i] is ' ' or '\t' or '\r' or '\n')
                {
                    newline |= markup[i] == '\n';
                    i++;
                }
                if (newline)
                {
                    // One line break for each line break of the run: blank lines stay where white space is kept as lines.
                    for (var k = start; k < i; k++)
                    {
                        if (markup[k] == '\n')
                        {
                            html.Append('\n');
                        }
                    }
                }
                else
                {
                    html.Append(markup, start, i - start);
                }
                continue;
            }
            html.Append(c);
            i++;
        }
    }

    private static void WriteAttribute(StringBuilder html, RenderTreeFrame attribute)
    {
        switch (attribute.AttributeValue)
        {
            case null or false:
                return;
            case true:
                html.Append(' ').Append(attribute.AttributeName);
                return;
            case string text:
                html.Append(' ').Append(attribute.AttributeName).Append("=\"");
                Encoder.Encode(new StringWriter(html, CultureInfo.InvariantCulture), text);
                html.Append('"');
                return;
            case Delegate or EventCallback:
            case { } callback when callback.GetType().IsGenericType && callback.GetType().GetGenericTypeDefinition() == typeof(EventCallback<>):
                throw new InvalidOperationException($"Read-only markup has no event handler ({attribute.AttributeName}).");
            default:
                html.Append(' ').Append(attribute.AttributeName).Append("=\"");
                Encoder.Encode(new StringWriter(html, CultureInfo.InvariantCulture), Convert.ToString(attribute.AttributeValue, CultureInfo.CurrentCulture) ?? "");
                html.Append('"');
                return;
        }
    }
}
