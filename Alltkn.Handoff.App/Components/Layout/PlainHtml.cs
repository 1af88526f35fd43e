using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;

namespace Alltkn.Handoff.App.Components.Layout;

/// <summary>
/// A read-only block written as one HTML string (one <see cref="MarkupString"/>), every text and attribute value
/// HTML-encoded. An open page keeps each element, attribute and text it renders as a render tree frame (twice: the
/// current and the previous tree) for as long as it is open; a block that only shows what was read, with links but no
/// event handler, is one frame this way. Letters of every script stay as they are (no <c>&amp;#x…;</c> for Chinese).
/// </summary>
internal sealed class PlainHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _html = new();

    /// <summary>Markup written by the caller as it is (tags, fixed class names): never anything read or typed.</summary>
    public PlainHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Text, encoded.</summary>
    public PlainHtml Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _html.Append(Encoder.Encode(text));
        }
        return this;
    }

    /// <summary><c> name="value"</c>, the value encoded; nothing when the value is null.</summary>
    public PlainHtml Attribute(string name, string? value)
    {
        if (value is not null)
        {
            _html.Append(' ').Append(name).Append("=\"").Append(Encoder.Encode(value)).Append('"');
        }
        return this;
    }

    /// <summary>A MudBlazor icon as <see cref="LayoutIcon"/> draws it (the icon's path is MudBlazor's own constant).</summary>
    public PlainHtml Icon(string icon, string? css = null, string size = "medium") =>
        Raw("<svg").Attribute("class", LayoutIcon.ClassOf(css, size))
            .Raw(" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">").Raw(icon).Raw("</svg>");

    /// <summary>Lets a writer of a part (a static method taking this builder) be called inside a chain.</summary>
    public PlainHtml Do(Action<PlainHtml> write)
    {
        write(this);
        return this;
    }

    public MarkupString ToMarkup() => new(_html.ToString());

    public override string ToString() => _html.ToString();
}
