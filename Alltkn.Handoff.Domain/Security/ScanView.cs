using System.Buffers;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// The text as the detectors see it (see <see cref="UnicodeFold"/>): invisible characters and bidi controls
/// removed, dash variants as <c>-</c>, every character in its NFKC form, and percent-encoded printable ASCII
/// (<c>%2D</c>, <c>%3D</c>) decoded. It keeps a map back to the original, so that a finding in the view is
/// reported, and masked, at the span of the original it came from.
/// </summary>
/// <remarks>
/// The map lists only the places where the view is not one character for one character (a dropped character,
/// a decoded <c>%XX</c>, a character whose NFKC form is longer); between them positions are offset by a constant.
/// Text with nothing to fold (most evidence) is its own view, without a copy.
/// </remarks>
internal sealed class ScanView
{
    private readonly List<Segment> segments;

    private ScanView(string original, string text, List<Segment> segments, List<int> bidi)
    {
        Original = original;
        Text = text;
        this.segments = segments;
        Bidi = bidi;
    }

    /// <summary>The text as it was given.</summary>
    public string Original { get; }

    /// <summary>The normalized text the detectors scan.</summary>
    public string Text { get; }

    /// <summary>Original positions of the bidi controls that were removed, in order.</summary>
    public IReadOnlyList<int> Bidi { get; }

    public static ScanView Of(string original)
    {
        var first = UnicodeFold.IndexOfNeedsFolding(original);
        if (first < 0)
        {
            return new ScanView(original, original, [], []);
        }

        // Most folds are one character for one (full-width forms, dashes): the whole text is copied once, into the
        // view's own string, and those are patched in place, with no map. Only from the first fold that changes the
        // length on is the view built piece by piece with a map.
        var view = new Buffer(original.Length);
        var i = first;
        if (UnicodeFold.OneForOne(original[first]) != '\0')
        {
            var stop = new int[1];
            var patched = string.Create(original.Length, (original, first, stop), static (view, state) =>
            {
                state.original.AsSpan().CopyTo(view);
                state.stop[0] = PatchOneForOne(state.original, view, state.first);
            });
            i = stop[0];
            if (i == original.Length)
            {
                return new ScanView(original, patched, [], []);
            }

            view.Append(patched.AsSpan(0, i));
        }
        else
        {
            view.Append(original.AsSpan(0, first));
        }
        var segments = new List<Segment>();
        var bidi = new List<int>();
        while (i < original.Length)
        {
            if (!UnicodeFold.NeedsFoldingAt(original, i))
            {
                // Folds often come close together (full-width punctuation in Chinese text, a crafted run): look at
                // the next few characters one by one before paying for a vectorised search of the rest.
                var next = i + 1;
                var near = Math.Min(original.Length, i + 16);
                while (next < near && !UnicodeFold.NeedsFoldingAt(original, next))
                {
                    next++;
                }

                if (next == near)
                {
                    var plain = next < original.Length ? UnicodeFold.IndexOfNeedsFolding(original.AsSpan(next)) : -1;
                    if (plain < 0)
                    {
                        view.Append(original.AsSpan(i));
                        break;
                    }

                    next += plain;
                }

                view.Append(original.AsSpan(i, next - i));
                i = next;
            }

            var c = original[i];
            if (c == '%')
            {
                Add(segments, new Segment(view.Length, 1, i, 3));
                view.Append(PercentDecoded(original, i));
                i += 3;
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]))
            {
                if (UnicodeFold.FoldPair(c, original[i + 1]) is { } folded)
                {
                    Add(segments, new Segment(view.Length, folded.Length, i, 2));
                    view.Append(folded);
                }
                else
                {
                    view.Append(original.AsSpan(i, 2));
                }

                i += 2;
                continue;
            }

            switch (UnicodeFold.Of(c, out var replacement))
            {
                case UnicodeFold.Kind.Bidi:
                    bidi.Add(i);
                    Add(segments, new Segment(view.Length, 0, i, 1));
                    break;
                case UnicodeFold.Kind.Drop:
                    var dropped = 1;
                    while (i + dropped < original.Length && UnicodeFold.Of(original[i + dropped], out _) == UnicodeFold.Kind.Drop)
                    {
                        dropped++;
                    }

                    Add(segments, new Segment(view.Length, 0, i, dropped));
                    i += dropped;
                    continue;
                case UnicodeFold.Kind.Replace when replacement.Length == 1:
                    view.Append(replacement[0]);
                    while (i + 1 < original.Length && UnicodeFold.Of(original[i + 1], out var next) == UnicodeFold.Kind.Replace && next.Length == 1)
                    {
                        view.Append(next[0]);
                        i++;
                    }

                    break;
                case UnicodeFold.Kind.Replace:
                    Add(segments, new Segment(view.Length, replacement.Length, i, 1));
                    view.Append(replacement);
                    break;
                default:
                    view.Append(c);
                    break;
            }

            i++;
        }

        return new ScanView(original, view.ToStringAndReturn(), segments, bidi);
    }

    /// <summary>
    /// Folds in place, in <paramref name="view"/> (a copy of <paramref name="original"/>), every character from
    /// <paramref name="first"/> on whose fold is one other character, up to the first fold that is not (a dropped
    /// character, a bidi control, <c>%XX</c>, a longer fold, a surrogate pair). Returns that fold's index, or the
    /// text's length when there is none.
    /// </summary>
    private static int PatchOneForOne(string original, Span<char> view, int first)
    {
        var i = first;
        while (true)
        {
            var single = UnicodeFold.OneForOne(original[i]);
            if (single == '\0')
            {
                return i;
            }

            view[i] = single;

            // Folds often come close together (full-width text, a crafted run): look at the next few characters one
            // by one before paying for a vectorised search of the rest.
            var next = i + 1;
            var near = Math.Min(original.Length, i + 16);
            while (next < near && !UnicodeFold.NeedsFoldingAt(original, next))
            {
                next++;
            }

            if (next == near)
            {
                if (next >= original.Length)
                {
                    return original.Length;
                }

                var far = UnicodeFold.IndexOfNeedsFolding(original.AsSpan(next));
                if (far < 0)
                {
                    return original.Length;
                }

                next += far;
            }

            i = next;
        }
    }

    /// <summary>The finding at its span in the original text; its mask stays the one made from the view.</summary>
    public SensitiveFinding ToOriginal(SensitiveFinding finding)
    {
        if (segments.Count == 0 || finding.Length == 0)
        {
            return finding;
        }

        var start = OriginalStart(finding.Start);
        var end = OriginalEnd(finding.End);
        return finding with { Start = start, Length = end - start };
    }

    /// <summary>Where the original characters that view position <paramref name="view"/> came from begin.</summary>
    public int OriginalStart(int view)
    {
        if (view >= Text.Length)
        {
            return Original.Length;
        }

        var at = SegmentAtOrBefore(view);
        if (at < 0)
        {
            return view;
        }

        var segment = segments[at];
        return view < segment.View + segment.ViewLength
            ? segment.Original + (view - segment.View) / segment.ViewUnit * segment.OriginalUnit
            : segment.Original + segment.OriginalLength + (view - segment.View - segment.ViewLength);
    }

    /// <summary>Where the original characters that the view's character before <paramref name="viewEnd"/> came from end.</summary>
    private int OriginalEnd(int viewEnd)
    {
        var last = viewEnd - 1;
        var at = SegmentAtOrBefore(last);
        if (at < 0)
        {
            return viewEnd;
        }

        var segment = segments[at];
        return last < segment.View + segment.ViewLength
            ? segment.Original + ((last - segment.View) / segment.ViewUnit + 1) * segment.OriginalUnit
            : segment.Original + segment.OriginalLength + (last - segment.View - segment.ViewLength) + 1;
    }

    /// <summary>Index of the last segment starting at or before <paramref name="view"/>, or -1.</summary>
    private int SegmentAtOrBefore(int view)
    {
        int low = 0, high = segments.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            if (segments[middle].View <= view)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    /// <summary>The character <c>%XX</c> at <paramref name="at"/> encodes (<see cref="UnicodeFold.NeedsFoldingAt"/> has checked the digits).</summary>
    private static char PercentDecoded(string text, int at) => (char)((HexValue(text[at + 1]) << 4) | HexValue(text[at + 2]));

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// Adds a segment, merging it into the one just before when they are alike and adjoin (a run of dropped characters,
    /// of decoded <c>%XX</c>, of <c>…</c>), so that a megabyte of the same fold is one segment, not a million.
    /// </summary>
    private static void Add(List<Segment> segments, Segment segment)
    {
        if (segments.Count > 0 && segments[^1] is var previous
            && previous.ViewUnit == segment.ViewUnit && previous.OriginalUnit == segment.OriginalUnit
            && previous.View + previous.ViewLength == segment.View && previous.Original + previous.OriginalLength == segment.Original)
        {
            segments[^1] = previous with
            {
                ViewLength = previous.ViewLength + segment.ViewLength,
                OriginalLength = previous.OriginalLength + segment.OriginalLength,
            };
            return;
        }

        segments.Add(segment);
    }

    /// <summary>
    /// The view being written, in a pooled array: a <see cref="System.Text.StringBuilder"/> of a megabyte, appended to
    /// in pieces, costs several times more than the scan it serves.
    /// </summary>
    private sealed class Buffer(int capacity)
    {
        /// <summary>Rented on the first append, so that a buffer the view turns out not to need costs nothing.</summary>
        private char[] chars = [];

        public int Length { get; private set; }


        public void Append(char c)
        {
            Reserve(1);
            chars[Length++] = c;
        }

        public void Append(ReadOnlySpan<char> text)
        {
            Reserve(text.Length);
            text.CopyTo(chars.AsSpan(Length));
            Length += text.Length;
        }

        public void Append(string text) => Append(text.AsSpan());

        public string ToStringAndReturn()
        {
            var text = new string(chars, 0, Length);
            if (chars.Length > 0)
            {
                ArrayPool<char>.Shared.Return(chars);
            }

            chars = [];
            return text;
        }

        private void Reserve(int more)
        {
            if (Length + more <= chars.Length)
            {
                return;
            }

            if (chars.Length == 0)
            {
                chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity + 16, more));
                return;
            }

            var larger = ArrayPool<char>.Shared.Rent(Math.Max(chars.Length * 2, Length + more));
            chars.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(chars);
            chars = larger;
        }
    }

    /// <summary>
    /// View characters [View, View + ViewLength) came from original characters [Original, Original + OriginalLength),
    /// in units: every <see cref="ViewUnit"/> view characters from <see cref="OriginalUnit"/> original ones (1 from 3 for
    /// <c>%XX</c>, 3 from 1 for <c>…</c>; none from 1 for a dropped character).
    /// </summary>
    private readonly record struct Segment(int View, int ViewLength, int Original, int OriginalLength)
    {
        public int ViewUnit { get; init; } = Math.Max(1, ViewLength);

        public int OriginalUnit { get; init; } = ViewLength == 0 ? 0 : OriginalLength;
    }
}
