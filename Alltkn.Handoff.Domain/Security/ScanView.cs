using System.Buffers;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// The text as the detectors see it (see <see cref="UnicodeFold"/>): invisible characters and bidi controls
/// removed, dash variants as <c>-</c>, every character in its NFKC form, and percent-encoded printable ASCII
/// (<c>%2D</c>, <c>%3D</c>) decoded. It keeps a map back to the original, so that a finding in the view is
/// reported, and masked, at the span of the original it came from.
/// </summary>
/// <remarks>
/// <para>Three ways, each one pass: text with nothing to fold (most evidence) is its own view, without a copy; text
/// whose folds are all one character for one (full-width forms, dashes) is copied once and patched in place, and its
/// positions are the original ones; from the first fold that changes the length (an invisible character, a bidi
/// control, <c>%XX</c>, <c>…</c>) on, the view is written into one pooled buffer with, beside it, one pooled array
/// holding for every view character the original position it came from. Nothing is allocated per fold.</para>
/// <para>The map is returned to the pool by <see cref="Dispose"/>: map every finding back before that.</para>
/// </remarks>
internal sealed class ScanView : IDisposable
{
    /// <summary>For every view character from <see cref="mapFrom"/> on, the original position of the character (or
    /// <c>%XX</c>, or surrogate pair) it came from; before <see cref="mapFrom"/> positions are the same in both. Pooled.</summary>
    private int[]? origins;

    /// <summary>The first view position the map covers: every fold before it was one character for one.</summary>
    private readonly int mapFrom;

    private ScanView(string original, string text, int[]? origins, int mapFrom, List<int> bidi)
    {
        Original = original;
        Text = text;
        this.origins = origins;
        this.mapFrom = mapFrom;
        Bidi = bidi;
    }

    /// <summary>The text as it was given.</summary>
    public string Original { get; }

    /// <summary>The normalized text the detectors scan.</summary>
    public string Text { get; }

    /// <summary>Original positions of the bidi controls that were removed, in order.</summary>
    public IReadOnlyList<int> Bidi { get; }

    /// <summary>Whether view positions are original positions (no fold, or only one-for-one folds).</summary>
    private bool SamePositions => origins is null;

    public static ScanView Of(string original)
    {
        var first = UnicodeFold.IndexOfNeedsFolding(original);
        if (first < 0)
        {
            return new ScanView(original, original, null, 0, []);
        }

        // Most folds are one character for one (full-width forms, dashes): the whole text is copied once, into the
        // view's own string, and those are patched in place, with no map. Only from the first fold that changes the
        // length on is the view written with a map.
        if (UnicodeFold.OneForOne(original[first]) == '\0')
        {
            return Mapped(original, original, first);
        }

        var stop = new int[1];
        var patched = string.Create(original.Length, (original, first, stop), static (view, state) =>
        {
            state.original.AsSpan().CopyTo(view);
            state.stop[0] = PatchOneForOne(state.original, view, state.first);
        });
        return stop[0] == original.Length
            ? new ScanView(original, patched, null, 0, [])
            : Mapped(original, patched, stop[0]);
    }

    /// <summary>
    /// The view of <paramref name="original"/> whose first <paramref name="from"/> characters are
    /// <paramref name="prefix"/>'s (one for one) and whose rest is folded here, in one pass, into one pooled buffer,
    /// with the original position of every character written beside it.
    /// </summary>
    private static ScanView Mapped(string original, string prefix, int from)
    {
        var length = original.Length;
        var capacity = length + (length >> 2) + 32;
        var chars = ArrayPool<char>.Shared.Rent(capacity);
        var map = ArrayPool<int>.Shared.Rent(capacity - from);
        var bidi = new List<int>();
        prefix.AsSpan(0, from).CopyTo(chars);
        var w = from;
        var i = from;
        try
        {
            while (i < length)
            {
                if (!UnicodeFold.NeedsFoldingAt(original, i))
                {
                    // Folds often come close together (full-width punctuation in Chinese text, a crafted run): look at
                    // the next few characters one by one before paying for a vectorised search of the rest.
                    var next = i + 1;
                    var near = Math.Min(length, i + 16);
                    while (next < near && !UnicodeFold.NeedsFoldingAt(original, next))
                    {
                        next++;
                    }

                    if (next == near && next < length)
                    {
                        var plain = UnicodeFold.IndexOfNeedsFolding(original.AsSpan(next));
                        next = plain < 0 ? length : next + plain;
                    }

                    var run = next - i;
                    Reserve(ref chars, ref map, from, w, run);
                    original.AsSpan(i, run).CopyTo(chars.AsSpan(w));
                    var origin = map.AsSpan(w - from, run);
                    for (var k = 0; k < origin.Length; k++)
                    {
                        origin[k] = i + k;
                    }

                    w += run;
                    i = next;
                    continue;
                }

                var c = original[i];
                if (c == '%')
                {
                    Reserve(ref chars, ref map, from, w, 1);
                    chars[w] = PercentDecoded(original, i);
                    map[w++ - from] = i;
                    i += 3;
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < length && char.IsLowSurrogate(original[i + 1]))
                {
                    var pair = UnicodeFold.FoldPair(c, original[i + 1]) ?? original.Substring(i, 2);
                    Reserve(ref chars, ref map, from, w, pair.Length);
                    foreach (var folded in pair)
                    {
                        chars[w] = folded;
                        map[w++ - from] = i;
                    }

                    i += 2;
                    continue;
                }

                var single = UnicodeFold.OneForOne(c);
                if (single != '\0')
                {
                    Reserve(ref chars, ref map, from, w, 1);
                    chars[w] = single;
                    map[w++ - from] = i++;
                    continue;
                }

                switch (UnicodeFold.Of(c, out var replacement))
                {
                    case UnicodeFold.Kind.Bidi:
                        bidi.Add(i);
                        break;
                    case UnicodeFold.Kind.Drop:
                        break;
                    case UnicodeFold.Kind.Replace:
                        Reserve(ref chars, ref map, from, w, replacement.Length);
                        foreach (var folded in replacement)
                        {
                            chars[w] = folded;
                            map[w++ - from] = i;
                        }

                        break;
                    default:
                        Reserve(ref chars, ref map, from, w, 1);
                        chars[w] = c;
                        map[w++ - from] = i;
                        break;
                }

                i++;
            }

            var text = new string(chars, 0, w);
            ArrayPool<char>.Shared.Return(chars);
            chars = [];
            var view = new ScanView(original, text, map, from, bidi);
            map = null;
            return view;
        }
        finally
        {
            if (chars.Length > 0)
            {
                ArrayPool<char>.Shared.Return(chars);
            }

            if (map is not null)
            {
                ArrayPool<int>.Shared.Return(map);
            }
        }
    }

    /// <summary>Makes room for <paramref name="more"/> view characters at <paramref name="written"/> (a longer fold than expected: <c>…</c> is three).</summary>
    private static void Reserve(ref char[] chars, ref int[] map, int from, int written, int more)
    {
        if (written + more <= chars.Length && written + more - from <= map.Length)
        {
            return;
        }

        var size = Math.Max(chars.Length * 2, written + more + 32);
        var largerChars = ArrayPool<char>.Shared.Rent(size);
        chars.AsSpan(0, written).CopyTo(largerChars);
        ArrayPool<char>.Shared.Return(chars);
        chars = largerChars;
        var largerMap = ArrayPool<int>.Shared.Rent(size - from);
        map.AsSpan(0, written - from).CopyTo(largerMap);
        ArrayPool<int>.Shared.Return(map);
        map = largerMap;
    }

    /// <summary>Returns the map to the pool; positions can no longer be mapped after this.</summary>
    public void Dispose()
    {
        if (origins is { } map)
        {
            origins = null;
            ArrayPool<int>.Shared.Return(map);
        }
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
        if (SamePositions || finding.Length == 0)
        {
            return finding;
        }

        var start = OriginalStart(finding.Start);
        var end = OriginalEnd(finding.End);
        return finding with { Start = start, Length = end - start };
    }

    /// <summary>Where the original characters that view position <paramref name="view"/> came from begin.</summary>
    public int OriginalStart(int view) =>
        view >= Text.Length ? Original.Length
        : SamePositions || view < mapFrom ? view
        : origins![view - mapFrom];

    /// <summary>Where the original characters that the view's character before <paramref name="viewEnd"/> came from end.</summary>
    private int OriginalEnd(int viewEnd)
    {
        var last = viewEnd - 1;
        if (SamePositions || last < mapFrom)
        {
            return viewEnd;
        }

        var origin = origins![last - mapFrom];
        var c = Original[origin];
        return c == '%' && UnicodeFold.NeedsFoldingAt(Original, origin) ? origin + 3
            : char.IsHighSurrogate(c) && origin + 1 < Original.Length && char.IsLowSurrogate(Original[origin + 1]) ? origin + 2
            : origin + 1;
    }

    /// <summary>The character <c>%XX</c> at <paramref name="at"/> encodes (<see cref="UnicodeFold.NeedsFoldingAt"/> has checked the digits).</summary>
    private static char PercentDecoded(string text, int at) => (char)((HexValue(text[at + 1]) << 4) | HexValue(text[at + 2]));

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
