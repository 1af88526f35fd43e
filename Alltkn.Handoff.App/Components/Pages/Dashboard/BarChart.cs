using System.Globalization;
using Microsoft.AspNetCore.Components;
using Alltkn.Handoff.App.Components.Layout;

namespace Alltkn.Handoff.App.Components.Pages.Dashboard;

/// <summary>
/// A bar chart as one plain SVG element (one markup string) (MudBlazor's palette and chart classes): what the dashboard's charts show, without
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

    /// <summary>The chart as one markup frame (<see cref="PlainHtml"/>): an open dashboard keeps what it renders.</summary>
    public static RenderFragment Draw(IReadOnlyList<string> labels, IReadOnlyList<double> values) =>
        builder => builder.AddMarkupContent(0, Svg(labels, values));

    internal static string Svg(IReadOnlyList<string> labels, IReadOnlyList<double> values)
    {
        var max = NiceMax(values.Count == 0 ? 0 : values.Max());
        var plotHeight = Height - Top - Bottom;
        var slot = values.Count == 0 ? 0 : (Width - Left) / values.Count;
        var html = new PlainHtml()
            .Raw($"<svg class=\"mud-chart-bar handoff-bar-chart\" viewBox=\"0 0 {N(Width)} {N(Height)}\" width=\"100%\" height=\"{N(Height)}px\" focusable=\"false\">");
        for (var t = 0; t <= Ticks; t++)
        {
            var value = max * t / Ticks;
            var y = Top + plotHeight - plotHeight * t / Ticks;
            html.Raw($"<line x1=\"{N(Left)}\" x2=\"{N(Width)}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"var(--mud-palette-lines-default)\" stroke-width=\"0.5\"></line>")
                .Raw($"<text x=\"{N(Left - 4)}\" y=\"{N(y + 3)}\" text-anchor=\"end\" font-size=\"10\" fill=\"var(--mud-palette-text-secondary)\">")
                .Text(value.ToString("0.#", CultureInfo.InvariantCulture)).Raw("</text>");
        }
        for (var i = 0; i < values.Count; i++)
        {
            var barHeight = max <= 0 ? 0 : plotHeight * Math.Max(values[i], 0) / max;
            var x = Left + slot * i;
            html.Raw($"<rect x=\"{N(x + slot * 0.2)}\" y=\"{N(Top + plotHeight - barHeight)}\" width=\"{N(slot * 0.6)}\" height=\"{N(barHeight)}\" fill=\"var(--mud-palette-primary)\"></rect>")
                .Raw($"<text x=\"{N(x + slot / 2)}\" y=\"{N(Height - Bottom + 14)}\" text-anchor=\"middle\" font-size=\"10\" fill=\"var(--mud-palette-text-secondary)\">")
                .Text(i < labels.Count ? labels[i] : "").Raw("</text>");
        }
        return html.Raw("</svg>").ToString();
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
