using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Alltkn.Handoff.App.Components.Pages.Dashboard;

/// <summary>
/// A bar chart as one plain SVG element (MudBlazor's palette and chart classes): what the dashboard's charts show, without
/// MudChart, whose parts (a component per axis, legend and series), resize observer and interop data every open
/// dashboard would keep in the server's memory. The numbers themselves are in the table beside each chart.
/// </summary>
internal static class BarChart
{
    private const double Width = 360;
    private const double Height = 240;
    private const double Left = 32;
    private const double Bottom = 36;
    private const double Top = 8;
    private const int Ticks = 4;

    public static RenderFragment Draw(IReadOnlyList<string> labels, IReadOnlyList<double> values) => builder => Write(builder, labels, values);

    private static void Write(RenderTreeBuilder builder, IReadOnlyList<string> labels, IReadOnlyList<double> values)
    {
        var max = NiceMax(values.Count == 0 ? 0 : values.Max());
        var plotHeight = Height - Top - Bottom;
        var slot = values.Count == 0 ? 0 : (Width - Left) / values.Count;
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", "mud-chart-bar handoff-bar-chart");
        builder.AddAttribute(2, "viewBox", $"0 0 {N(Width)} {N(Height)}");
        builder.AddAttribute(3, "width", "100%");
        builder.AddAttribute(4, "height", $"{N(Height)}px");
        builder.AddAttribute(5, "focusable", "false");
        for (var t = 0; t <= Ticks; t++)
        {
            var value = max * t / Ticks;
            var y = Top + plotHeight - plotHeight * t / Ticks;
            builder.OpenElement(10, "line");
            builder.AddAttribute(11, "x1", N(Left));
            builder.AddAttribute(12, "x2", N(Width));
            builder.AddAttribute(13, "y1", N(y));
            builder.AddAttribute(14, "y2", N(y));
            builder.AddAttribute(15, "stroke", "var(--mud-palette-lines-default)");
            builder.AddAttribute(16, "stroke-width", "0.5");
            builder.CloseElement();
            builder.OpenElement(20, "text");
            builder.AddAttribute(21, "x", N(Left - 4));
            builder.AddAttribute(22, "y", N(y + 3));
            builder.AddAttribute(23, "text-anchor", "end");
            builder.AddAttribute(24, "font-size", "10");
            builder.AddAttribute(25, "fill", "var(--mud-palette-text-secondary)");
            builder.AddContent(26, value.ToString("0.#", CultureInfo.InvariantCulture));
            builder.CloseElement();
        }
        for (var i = 0; i < values.Count; i++)
        {
            var barHeight = max <= 0 ? 0 : plotHeight * Math.Max(values[i], 0) / max;
            var x = Left + slot * i;
            builder.OpenElement(30, "rect");
            builder.AddAttribute(31, "x", N(x + slot * 0.2));
            builder.AddAttribute(32, "y", N(Top + plotHeight - barHeight));
            builder.AddAttribute(33, "width", N(slot * 0.6));
            builder.AddAttribute(34, "height", N(barHeight));
            builder.AddAttribute(35, "fill", "var(--mud-palette-primary)");
            builder.CloseElement();
            builder.OpenElement(40, "text");
            builder.AddAttribute(41, "x", N(x + slot / 2));
            builder.AddAttribute(42, "y", N(Height - Bottom + 14));
            builder.AddAttribute(43, "text-anchor", "middle");
            builder.AddAttribute(44, "font-size", "10");
            builder.AddAttribute(45, "fill", "var(--mud-palette-text-secondary)");
            builder.AddContent(46, i < labels.Count ? labels[i] : "");
            builder.CloseElement();
        }
        builder.CloseElement();
    }

    /// <summary>The axis' top: the largest value rounded up to 1, 2, 2.5 or 5 times a power of ten (at least 1).</summary>
    internal static double NiceMax(double largest)
    {
        if (largest <= 1)
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(largest)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= largest)
            {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
