using MudBlazor;

namespace Alltkn.Handoff.App.Components.Layout;

/// <summary>
/// The workspace's look: a calm slate-blue with muted accents, light and dark, in the system's own fonts
/// (no web fonts: the workspace must read well offline, in Chinese and in English).
/// </summary>
public static class HandoffTheme
{
    private static readonly string[] SystemFonts =
    [
        "system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
        "Helvetica Neue", "Arial", "sans-serif",
    ];

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2f5d8a",
            Secondary = "#5b6b8c",
            Tertiary = "#3d7f7a",
            // Dark enough for white text on a filled chip and for coloured text on white (WCAG AA, 4.5:1): the former
            // amber (#b7791f) and sky blue (#2f7fb5) were 3.6 and 4.4.
            Info = "#27709f",
            Success = "#2e7d57",
            Warning = "#96620f",
            Error = "#b23b3b",
            Dark = "#37404d",
            AppbarBackground = "#24405f",
            AppbarText = "#f4f7fb",
            Background = "#f5f7fa",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#2b3340",
            DrawerIcon = "#51607a",
            TextPrimary = "#1f2733",
            TextSecondary = "#4f5b6d",
            ActionDefault = "#51607a",
            LinesDefault = "#dde3ea",
            TableLines = "#e4e9ef",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fa8d6",
            Secondary = "#a3b1cc",
            Tertiary = "#7cc1ba",
            Info = "#6cb3e3",
            Success = "#6cc49a",
            Warning = "#e0b05c",
            Error = "#e07a7a",
            Dark = "#27303b",
            // The dark theme's colours are light: text on them (filled buttons and chips) is dark, not white (WCAG AA).
            PrimaryContrastText = "#12171e",
            SecondaryContrastText = "#12171e",
            TertiaryContrastText = "#12171e",
            InfoContrastText = "#12171e",
            SuccessContrastText = "#12171e",
            WarningContrastText = "#12171e",
            ErrorContrastText = "#12171e",
            AppbarBackground = "#1a2330",
            AppbarText = "#e6ebf2",
            Background = "#12171e",
            Surface = "#1b222c",
            DrawerBackground = "#161c24",
            DrawerText = "#d5dce6",
            DrawerIcon = "#a3b1cc",
            TextPrimary = "#e6ebf2",
            TextSecondary = "#aab5c4",
            ActionDefault = "#a3b1cc",
            LinesDefault = "#2d3743",
            TableLines = "#2d3743",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
            H4 = new H4Typography { FontFamily = SystemFonts, FontSize = "1.75rem", FontWeight = "500" },
            H5 = new H5Typography { FontFamily = SystemFonts, FontSize = "1.35rem", FontWeight = "500" },
            H6 = new H6Typography { FontFamily = SystemFonts, FontSize = "1.1rem", FontWeight = "500" },
            Button = new ButtonTypography { FontFamily = SystemFonts, TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
