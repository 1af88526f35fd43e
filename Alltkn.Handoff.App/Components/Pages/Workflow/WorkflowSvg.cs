using System.Globalization;
using System.Security;
using System.Text;
using Alltkn.Handoff.Domain.Onboardings;
using Stateless.Reflection;

namespace Alltkn.Handoff.App.Components.Pages.Workflow;

/// <summary>The words the diagram is drawn with, in the reader's language.</summary>
/// <param name="Stage">A stage's name.</param>
/// <param name="Move">A move's name.</param>
/// <param name="Description">
/// A guard or a dynamic destination as the machine describes it (English, e.g. "required items of the stage done"),
/// in the reader's language.
/// </param>
/// <param name="Title">The diagram's accessible title.</param>
public sealed record WorkflowLabels(
    Func<Stage, string> Stage,
    Func<Move, string> Move,
    Func<string, string> Description,
    string Title);

/// <summary>
/// Draws the onboarding workflow as a self-contained SVG (no script, no fonts, no network) from the state machine's
/// own description (<see cref="Onboarding.WorkflowInfo"/>), so the picture cannot drift from the rules.
/// Layout: the stages of <see cref="Stages.Path"/> in a row, left to right; every other stage (On hold, Cancelled)
/// in a row below. A move to the next stage is a straight arrow with its name above and its guards below; a move that
/// skips stages or goes back is an arc above the row; the moves many stages share into a stage below (Hold, Cancel)
/// are drawn as one bus each, with their name once; a move whose destination is decided at run time (Resume) is a
/// dashed arrow back onto the bus of the stages it can return to. Colours come from the MudBlazor palette's CSS
/// variables (with fallbacks), so the drawing follows the light or dark theme.
/// Every stage is a <c>g[data-stage]</c>; every move a <c>g[data-move][data-from][data-to]</c> (several sources
/// space-separated; <c>data-to="*"</c> for a destination decided at run time).
/// </summary>
public static class WorkflowSvg
{
    private const double Margin = 24;
    private const double BoxWidth = 136;
    private const double BoxHeight = 56;
    private const double Step = 224;
    private const double PathTop = 150;
    private const double BusGap = 30;
    private const double ArcRise = 92;
    private const double LabelFont = 13;
    private const double GuardFont = 11.5;
    private const double StageFont = 14;

    private sealed record Box(Stage Stage, double X, double Y)
    {
        public double CenterX => X + (BoxWidth / 2);

        public double CenterY => Y + (BoxHeight / 2);

        public double Bottom => Y + BoxHeight;

        public double Right => X + BoxWidth;
    }

    private sealed record Edge(Stage From, Move Move, Stage? To, IReadOnlyList<string> Guards, string? DynamicDescription);

    public static string Render(StateMachineInfo info, WorkflowLabels labels)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(labels);

        var states = info.States.Select(s => (Stage)s.UnderlyingState).ToArray();
        var path = Stages.Path.Where(states.Contains).ToArray();
        var lower = states.Where(s => !path.Contains(s)).Order().ToArray();
        var boxes = new Dictionary<Stage, Box>();
        for (var i = 0; i < path.Length; i++)
        {
            boxes[path[i]] = new Box(path[i], Margin + (i * Step), PathTop);
        }
        var edges = Edges(info);
        // The buses run below the lowest guard text under the path's arrows; the stages below sit under the buses.
        var firstBusY = Math.Max(PathTop + BoxHeight + 40, ForwardLabelsBottom(edges, path, labels) + 24);
        var busCount = edges.Where(e => path.Contains(e.From) && e.To is { } to && !path.Contains(to)).Select(e => (e.Move, e.To)).Distinct().Count();
        var lowerTop = firstBusY + (Math.Max(0, busCount - 1) * BusGap) + 100;

        // The stages below sit evenly between the path's second and second-to-last stage.
        var first = Math.Min(1, path.Length - 1);
        var last = Math.Max(first, path.Length - 2);
        for (var i = 0; i < lower.Length; i++)
        {
            var slot = first + ((last - first) * (i + 0.5) / lower.Length);
            boxes[lower[i]] = new Box(lower[i], Margin + (slot * Step), lowerTop);
        }

        var width = (Margin * 2) + ((path.Length - 1) * Step) + BoxWidth;
        var height = lowerTop + BoxHeight + Margin + 20;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"100%\" role=\"img\" aria-labelledby=\"workflow-svg-title\" class=\"workflow-svg\" data-testid=\"workflow-svg\" style=\"max-width:{N(width)}px;font-family:inherit\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"workflow-svg-title\">{X(labels.Title)}</title>");
        svg.Append("<defs>");
        foreach (var (name, colour) in Colours)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<marker id=\"wf-arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" style=\"fill:{colour}\"/></marker>");
        }
        svg.Append("</defs>");

        DrawForward(svg, edges, boxes, path, labels);
        DrawArcs(svg, edges, boxes, path, labels);
        var buses = DrawBuses(svg, edges, boxes, path, lower, firstBusY, labels);
        DrawLowerMoves(svg, edges, boxes, lower, buses, firstBusY, labels);
        foreach (var box in boxes.Values)
        {
            DrawStage(svg, box, labels, info.InitialState is { } initial && Equals(initial.UnderlyingState, box.Stage));
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static readonly (string Name, string Colour)[] Colours =
    [
        ("forward", "var(--mud-palette-primary, #2f5d8a)"),
        ("back", "var(--mud-palette-secondary, #6b5b95)"),
        ("hold", "var(--mud-palette-warning, #b7791f)"),
        ("cancel", "var(--mud-palette-error, #b23b3b)"),
        ("resume", "var(--mud-palette-success, #2e7d57)"),
    ];

    private static string Colour(string name) => Colours.Single(c => c.Name == name).Colour;

    private static List<Edge> Edges(StateMachineInfo info)
    {
        var edges = new List<Edge>();
        foreach (var state in info.States)
        {
            var from = (Stage)state.UnderlyingState;
            foreach (var t in state.FixedTransitions)
            {
                edges.Add(new Edge(from, (Move)t.Trigger.UnderlyingTrigger, (Stage)t.DestinationState.UnderlyingState,
                    t.GuardConditionsMethodDescriptions.Select(g => g.Description).ToArray(), null));
            }
            foreach (var t in state.DynamicTransitions)
            {
                edges.Add(new Edge(from, (Move)t.Trigger.UnderlyingTrigger, null,
                    t.GuardConditionsMethodDescriptions.Select(g => g.Description).ToArray(),
                    t.DestinationStateSelectorDescription?.Description));
            }
        }
        return edges;
    }

    private static void DrawStage(StringBuilder svg, Box box, WorkflowLabels labels, bool initial)
    {
        var name = labels.Stage(box.Stage);
        var final = box.Stage == Stage.Cancelled || box.Stage == Stage.Live;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"wf-stage\" data-stage=\"{box.Stage}\">");
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{N(box.X)}\" y=\"{N(box.Y)}\" width=\"{N(BoxWidth)}\" height=\"{N(BoxHeight)}\" rx=\"10\" style=\"fill:var(--mud-palette-surface, #ffffff);stroke:{(final ? "var(--mud-palette-text-primary, #333)" : Colour("forward"))};stroke-width:{(initial || final ? 2.5 : 1.5)}\"/>");
        var lines = Wrap(name, BoxWidth - 16, StageFont);
        var top = box.CenterY - ((lines.Count - 1) * StageFont * 0.6) + (StageFont * 0.35);
        Text(svg, box.CenterX, top, lines, StageFont, "font-weight:600;fill:var(--mud-palette-text-primary, #222)");
        svg.Append("</g>");
    }

    private static double GapWidth => Step - BoxWidth - 8;

    private static List<string> GuardLines(Edge edge, WorkflowLabels labels, double width) =>
        edge.Guards.SelectMany(g => Wrap($"[{labels.Description(g)}]", width, GuardFont)).ToList();

    /// <summary>Where the lowest guard text under an arrow between neighbouring stages ends.</summary>
    private static double ForwardLabelsBottom(List<Edge> edges, Stage[] path, WorkflowLabels labels)
    {
        var lines = edges.Where(e => e.To is { } to && IsNext(path, e.From, to))
            .Select(e => GuardLines(e, labels, GapWidth).Count)
            .DefaultIfEmpty(0)
            .Max();
        return PathTop + (BoxHeight / 2) + 6 + GuardFont + (Math.Max(0, lines - 1) * GuardFont * 1.15) + 4;
    }

    /// <summary>Moves to the next stage on the path: a straight arrow, the move above, its guards below.</summary>
    private static void DrawForward(StringBuilder svg, List<Edge> edges, Dictionary<Stage, Box> boxes, Stage[] path, WorkflowLabels labels)
    {
        foreach (var edge in edges.Where(e => e.To is { } to && IsNext(path, e.From, to)))
        {
            var from = boxes[edge.From];
            var to = boxes[edge.To!.Value];
            var y = from.CenterY;
            var gapCenter = (from.Right + to.X) / 2;
            var gapWidth = GapWidth;
            OpenEdge(svg, edge.Move, [edge.From], edge.To.ToString()!, Tooltip(labels, edge));
            Line(svg, $"M{N(from.Right + 2)},{N(y)} L{N(to.X - 3)},{N(y)}", "forward");
            var moveLines = Wrap(labels.Move(edge.Move), gapWidth, LabelFont);
            Text(svg, gapCenter, y - 8 - ((moveLines.Count - 1) * LabelFont * 1.15), moveLines, LabelFont, "font-weight:600;fill:var(--mud-palette-text-primary, #222)");
            var guardLines = GuardLines(edge, labels, gapWidth);
            Text(svg, gapCenter, y + 6 + GuardFont, guardLines, GuardFont, "font-style:italic;fill:var(--mud-palette-text-secondary, #555)");
            svg.Append("</g>");
        }
    }

    /// <summary>Moves along the path that skip stages or go back: arcs above the row, the move and guards at the top.</summary>
    private static void DrawArcs(StringBuilder svg, List<Edge> edges, Dictionary<Stage, Box> boxes, Stage[] path, WorkflowLabels labels)
    {
        foreach (var edge in edges.Where(e => e.To is { } to && path.Contains(e.From) && path.Contains(to) && !IsNext(path, e.From, to)))
        {
            var from = boxes[edge.From];
            var to = boxes[edge.To!.Value];
            var forward = to.X > from.X;
            // Leave from the right half and arrive on the left half going forward; the other way round going back,
            // so a skip arriving at a stage and a move leaving it backwards never share a point.
            var x1 = from.CenterX + (forward ? 30 : -30);
            var x2 = to.CenterX + (forward ? -30 : 30);
            var rise = ArcRise + (Math.Abs(path.ToList().IndexOf(edge.To.Value) - path.ToList().IndexOf(edge.From)) > 1 ? 14 : 0);
            var top = PathTop - rise;
            var colour = forward ? "forward" : "back";
            OpenEdge(svg, edge.Move, [edge.From], edge.To.ToString()!, Tooltip(labels, edge));
            Line(svg, $"M{N(x1)},{N(PathTop - 2)} C{N(x1)},{N(top)} {N(x2)},{N(top)} {N(x2)},{N(PathTop - 3)}", colour);
            var middle = (x1 + x2) / 2;
            var apex = PathTop - (rise * 0.75);
            var width = Math.Max(Math.Abs(x2 - x1) - 20, 120);
            var guardLines = edge.Guards.SelectMany(g => Wrap($"[{labels.Description(g)}]", width, GuardFont)).ToList();
            var moveLines = Wrap(labels.Move(edge.Move), width, LabelFont);
            var guardTop = apex - 6 - ((guardLines.Count - 1) * GuardFont * 1.15);
            Text(svg, middle, guardTop, guardLines, GuardFont, "font-style:italic;fill:var(--mud-palette-text-secondary, #555)");
            Text(svg, middle, guardTop - (guardLines.Count > 0 ? GuardFont * 1.3 : 0) - ((moveLines.Count - 1) * LabelFont * 1.15),
                moveLines, LabelFont, "font-weight:600;fill:var(--mud-palette-text-primary, #222)");
            svg.Append("</g>");
        }
    }

    /// <summary>
    /// Moves from stages on the path into a stage below, grouped by move and destination: one bus per group, each
    /// source dropping onto it, one arrow from the bus down to the destination, the move's name once.
    /// </summary>
    /// <returns>The height of the bus leading into each stage below.</returns>
    private static Dictionary<Stage, double> DrawBuses(StringBuilder svg, List<Edge> edges, Dictionary<Stage, Box> boxes, Stage[] path, Stage[] lower,
        double firstBusY, WorkflowLabels labels)
    {
        var buses = new Dictionary<Stage, double>();
        var groups = edges.Where(e => path.Contains(e.From) && e.To is { } to && lower.Contains(to))
            .GroupBy(e => (e.Move, To: e.To!.Value))
            .OrderBy(g => g.Key.To)
            .ToArray();
        for (var k = 0; k < groups.Length; k++)
        {
            var group = groups[k];
            var busY = firstBusY + (k * BusGap);
            buses.TryAdd(group.Key.To, busY);
            var offset = groups.Length == 1 ? 0 : -30 + (60.0 * k / (groups.Length - 1));
            var colour = ColourFor(group.Key.Move, group.Key.To);
            var target = boxes[group.Key.To];
            var sources = group.Select(e => boxes[e.From]).OrderBy(b => b.X).ToArray();
            var dropX = Math.Clamp(target.CenterX + offset, sources[0].CenterX + offset, sources[^1].CenterX + offset);
            OpenEdge(svg, group.Key.Move, sources.Select(s => s.Stage), group.Key.To.ToString(), Tooltip(labels, group.First(), sources.Select(s => s.Stage)));
            foreach (var source in sources)
            {
                var x = source.CenterX + offset;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path data-from=\"{source.Stage}\" d=\"M{N(x)},{N(source.Bottom)} L{N(x)},{N(busY)}\" style=\"fill:none;stroke:{Colour(colour)};stroke-width:1.5\"/>");
            }
            var left = Math.Min(sources[0].CenterX + offset, dropX);
            var right = Math.Max(sources[^1].CenterX + offset, dropX);
            svg.Append(CultureInfo.InvariantCulture,
                $"<path d=\"M{N(left)},{N(busY)} L{N(right)},{N(busY)}\" style=\"fill:none;stroke:{Colour(colour)};stroke-width:1.5\"/>");
            Line(svg, $"M{N(dropX)},{N(busY)} L{N(dropX)},{N(target.Y - 3)}", colour);
            var text = labels.Move(group.Key.Move) + string.Concat(group.First().Guards.Select(g => $" [{labels.Description(g)}]"));
            var lines = Wrap(text, 150, LabelFont);
            var labelY = busY + ((target.Y - busY) / 2) + (k * 14);
            Text(svg, dropX + 8, labelY, lines, LabelFont, $"font-weight:600;fill:{Colour(colour)}", anchor: "start");
            svg.Append("</g>");
        }
        return buses;
    }

    /// <summary>
    /// Moves from a stage below: to another stage below, a straight arrow; to a destination decided at run time
    /// among the path's stages, a dashed arrow up onto the bus those stages left by, labelled with how it is decided.
    /// </summary>
    private static void DrawLowerMoves(StringBuilder svg, List<Edge> edges, Dictionary<Stage, Box> boxes, Stage[] lower,
        Dictionary<Stage, double> buses, double firstBusY, WorkflowLabels labels)
    {
        foreach (var edge in edges.Where(e => lower.Contains(e.From)))
        {
            var from = boxes[edge.From];
            if (edge.To is { } toStage)
            {
                var to = boxes[toStage];
                var rightwards = to.X > from.X;
                var x1 = rightwards ? from.Right : from.X;
                var x2 = rightwards ? to.X - 3 : to.Right + 3;
                var colour = ColourFor(edge.Move, toStage);
                OpenEdge(svg, edge.Move, [edge.From], toStage.ToString(), Tooltip(labels, edge));
                Line(svg, $"M{N(x1)},{N(from.CenterY)} L{N(x2)},{N(to.CenterY)}", colour);
                var text = labels.Move(edge.Move) + string.Concat(edge.Guards.Select(g => $" [{labels.Description(g)}]"));
                var lines = Wrap(text, Math.Abs(x2 - x1) - 10, LabelFont);
                Text(svg, (x1 + x2) / 2, from.CenterY - 8 - ((lines.Count - 1) * LabelFont * 1.15), lines, LabelFont, $"font-weight:600;fill:{Colour(colour)}");
                svg.Append("</g>");
            }
            else
            {
                var x = from.X + 24;
                var top = buses.TryGetValue(edge.From, out var busY) ? busY : firstBusY;
                OpenEdge(svg, edge.Move, [edge.From], "*", Tooltip(labels, edge));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path d=\"M{N(x)},{N(from.Y)} L{N(x)},{N(top + 3)}\" style=\"fill:none;stroke:{Colour("resume")};stroke-width:1.5;stroke-dasharray:5 4\" marker-end=\"url(#wf-arrow-resume)\"/>");
                var text = labels.Move(edge.Move)
                    + (edge.DynamicDescription is { } how ? $" → {labels.Description(how)}" : "")
                    + string.Concat(edge.Guards.Select(g => $" [{labels.Description(g)}]"));
                var lines = Wrap(text, 150, LabelFont);
                Text(svg, x - 8, from.Y - 40 - ((lines.Count - 1) * LabelFont * 1.15), lines, LabelFont, $"font-weight:600;fill:{Colour("resume")}", anchor: "end");
                svg.Append("</g>");
            }
        }
    }

    private static string ColourFor(Move move, Stage to) => to switch
    {
        Stage.Cancelled => "cancel",
        Stage.OnHold => "hold",
        _ => move is Move.Resume ? "resume" : "forward",
    };

    private static bool IsNext(Stage[] path, Stage from, Stage to)
    {
        var i = Array.IndexOf(path, from);
        var j = Array.IndexOf(path, to);
        return i >= 0 && j == i + 1;
    }

    private static string Tooltip(WorkflowLabels labels, Edge edge, IEnumerable<Stage>? sources = null)
    {
        var from = string.Join(", ", (sources ?? [edge.From]).Select(labels.Stage));
        var to = edge.To is { } stage ? labels.Stage(stage) : labels.Description(edge.DynamicDescription ?? "");
        var guards = string.Concat(edge.Guards.Select(g => $" [{labels.Description(g)}]"));
        return $"{labels.Move(edge.Move)}: {from} → {to}{guards}";
    }

    private static void OpenEdge(StringBuilder svg, Move move, IEnumerable<Stage> from, string to, string tooltip)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"<g class=\"wf-move\" data-move=\"{move}\" data-from=\"{string.Join(' ', from)}\" data-to=\"{to}\"><title>{X(tooltip)}</title>");
    }

    private static void Line(StringBuilder svg, string d, string colour) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<path d=\"{d}\" style=\"fill:none;stroke:{Colour(colour)};stroke-width:1.6\" marker-end=\"url(#wf-arrow-{colour})\"/>");

    private static void Text(StringBuilder svg, double x, double firstBaseline, IReadOnlyList<string> lines, double size, string style, string anchor = "middle")
    {
        if (lines.Count == 0)
        {
            return;
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{N(x)}\" y=\"{N(firstBaseline)}\" text-anchor=\"{anchor}\" style=\"font-size:{N(size)}px;{style}\">");
        for (var i = 0; i < lines.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<tspan x=\"{N(x)}\" dy=\"{(i == 0 ? "0" : N(size * 1.15))}\">{X(lines[i])}</tspan>");
        }
        svg.Append("</text>");
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="maxWidth"/> at <paramref name="fontSize"/>, estimating
    /// widths (Han characters a full em, Latin about half): at spaces, and between any two Han characters.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, double maxWidth, double fontSize)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var lineWidth = 0.0;
        foreach (var token in Tokens(text))
        {
            var width = Width(token, fontSize);
            var isSpace = token == " ";
            if (line.Length > 0 && lineWidth + width > maxWidth && !isSpace)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                lineWidth = 0;
            }
            if (isSpace && line.Length == 0)
            {
                continue;
            }
            line.Append(token);
            lineWidth += width;
        }
        if (line.Length > 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (c == ' ' || IsWide(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                yield return c.ToString();
            }
            else
            {
                word.Append(c);
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static double Width(string token, double fontSize) =>
        token.Sum(c => IsWide(c) ? fontSize : c == ' ' ? fontSize * 0.3 : char.IsUpper(c) ? fontSize * 0.66 : fontSize * 0.55);

    private static bool IsWide(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFF60' or >= '\u3000' and <= '\u303F';

    private static string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    private static string X(string text) => SecurityElement.Escape(text) ?? "";
}
