using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Alltkn.Handoff.App.Components.Layout;

/// <summary>
/// A MudBlazor icon (<c>Icons.Material.…</c>) drawn as MudIcon draws it, as plain markup, wherever a page shows an icon
/// only to be read (the app bar, the dashboard, the onboarding page): each MudIcon, MudIconButton or MudTooltip is a
/// component (with its state and render tree) that the page's circuit keeps in memory for as long as the page is open.
/// </summary>
internal static class LayoutIcon
{
    /// <summary>The icon in MudBlazor's <paramref name="size"/> ("small", "medium" or "large"), with extra classes.</summary>
    public static RenderFragment Svg(string icon, string? css = null, string size = "medium") => builder => Write(builder, icon, css, size);

    /// <summary>MudIcon's classes in <paramref name="size"/>, with extra classes.</summary>
    internal static string ClassOf(string? css, string size) =>
        css is null ? $"mud-icon-root mud-svg-icon mud-icon-size-{size}" : $"mud-icon-root mud-svg-icon mud-icon-size-{size} {css}";

    private static void Write(RenderTreeBuilder builder, string icon, string? css, string size)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", ClassOf(css, size));
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    }
}
