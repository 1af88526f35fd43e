using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Alltkn.Handoff.App.Components.Layout;

/// <summary>
/// A MudBlazor icon (<c>Icons.Material.…</c>) drawn as MudIcon draws it, as plain markup: the app bar is on every open page,
/// and each MudIcon, MudIconButton or MudTooltip there is a component (with its state and render tree) that the page's
/// circuit keeps in memory for as long as the page is open.
/// </summary>
internal static class LayoutIcon
{
    public static RenderFragment Svg(string icon, string? css = null) => builder => Write(builder, icon, css);

    private static void Write(RenderTreeBuilder builder, string icon, string? css)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", css is null ? "mud-icon-root mud-svg-icon mud-icon-size-medium" : $"mud-icon-root mud-svg-icon mud-icon-size-medium {css}");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    }
}
