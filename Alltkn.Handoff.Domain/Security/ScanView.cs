using System.Buffers;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// The text as the detectors see it (see <see cref="UnicodeFold"/>): invisible characters and bidi controls
/// removed, dash variants as <c>-</c>, every character in its NFKC form, and percent-encoded printable ASCII
/// (<c>%2D</c>, <c>%3D</c>) decoded. It can map a view position back to the original, so that a finding in the view
/// is reported, and masked, at the span of the original it came from.
/// </summary>
/// <remarks>
/// <para>Three ways, each one pass: text with nothing to fold (most evidence) is its own view, without a copy; text
/// whose folds are all one character for one (full-width forms, dashes, and longer folds no detector tells from one
/// character: see <see cref="UnicodeFold.OneForOne"/>) is copied once and patched in place, and its positions are the
/// original ones; from the first fold that changes the length (an invisible character, a bidi control, <c>%XX</c>,
/// <c>…</c>, <c>ﬁ</c>) on, the view is written into one pooled buffer. A run of dot folds (<c>……</c>) gives at most
/// <see cref="UnicodeFold.MaxDots"/> dots, and a run of one invisible character or one dot fold is skipped in one
/// vectorised step.</para>
/// <para>No position map is written while the view is built: only a checkpoint every <see cref="CheckpointEvery"/>
/// original characters (where the original and the view stand). A position is mapped back, for the few findings,
/// by folding again from the nearest checkpoint before it, or from the last position mapped when that is nearer
/// (findings come in order), so mapping stays linear however many findings there are.</para>
/// </remarks>
internal sealed class ScanView : IDisposable
{
    /// <summary>How many original characters at most lie between two checkpoints.</summary>
    private const int CheckpointEvery = 64;

    /// <summary>Where the original and the view stood at a unit boundary, and how many dots the run of dot folds ending there had given.</summary>
    private readonly record struct Checkpoint(int Original, int View, int Dots);

    /// <summary>Checkpoints from <see cref="mapFrom"/> on, in order; null when positions are the same in both.</summary>
    private readonly List<Checkpoint>? checkpoints;

    /// <summary>The first position the checkpoints cover: every fold before it was one character for one.</summary>
    private readonly int mapFrom;

    /// <summary>The last position mapped (see <see cref="Walk"/>): the next finding is usually just after it.</summary>
    private Checkpoint cursor;

    private ScanView(string original, string text, List<Checkpoint>? checkpoints, int mapFrom, List<int> bidi)
    {
        Original = original;
        Text = text;
        this.checkpoints = checkpoints;
        this.mapFrom = mapFrom;
        cursor = new Checkpoint(mapFrom, mapFrom, 0);
        Bidi = bidi;
    }

    /// <summary>The text as it was given.</summary>
    public string Original { get; }

    /// <summary>The normalized text the detectors scan.</summary>
    public string Text { get; }

    /// <summary>Original positions of the bidi controls that were removed, in order.</summary>
    public IReadOnlyList<int> Bidi { get; }

    /// <summary>Whether view positions are original positions (no fold, or only one-for-one folds).</summary>
    private bool SamePositions => checkpoints is null;

    public static ScanView Of(string original)
    {
        var first = UnicodeFold.IndexOfNeedsFolding(original);
        if (first < 0)
        {
            return new ScanView(original, original, null, 0, []);
        }

        // Most folds are one character for one (full-width forms, dashes): the whole text is copied once, into the
        // view's own string, and those are patched in place, with no map. Only from the first fold that changes the
        // length on is the view written piece by piece.
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
    /// with a checkpoint every <see cref="CheckpointEvery"/> original characters.
    /// </summary>
    private static ScanView Mapped(string original, string prefix, int from)
    {
        var simple = UnicodeFold.Simple;
        var length = original.Length;
        // Room for twice the text: a text of two-character folds (ﬁ, … between letters) is written without growing the
        // buffer. The buffer is pooled, so the room costs nothing after the first such text.
        var chars = ArrayPool<char>.Shared.Rent(2 * length + 64);
        var checkpoints = new List<Checkpoint>((length - from) / CheckpointEvery + 1);
        var bidi = new List<int>();
        prefix.AsSpan(0, from).CopyTo(chars);
        var w = from;
        var i = from;
        var dots = 0;
        var nextCheckpoint = from;
        var nextFold = -1; // when at or after i: the next character that needs folding (chars up to it are as they are)
        var plain = 0; // characters as they are in a row
        try
        {
            while (i < length)
            {
                if (i >= nextCheckpoint)
                {
                    checkpoints.Add(new Checkpoint(i, w, dots));
                    nextCheckpoint = i + CheckpointEvery;
                }

                // Room for the longest fold (eighteen characters) or a run up to the next checkpoint.
                if (chars.Length - w < CheckpointEvery + 32)
                {
                    Grow(ref chars, w, i, length);
                }

                var c = original[i];
                var single = simple[c];
                if (single == c)
                {
                    // As it is. After a few such in a row, find the next fold with a vectorised search (once) and
                    // copy up to it, a checkpoint's stretch at a time.
                    if (++plain >= 16)
                    {
                        if (nextFold < i)
                        {
                            nextFold = NextFold(original, i);
                        }

                        var run = Math.Min(nextFold, nextCheckpoint) - i;
                        original.AsSpan(i, run).CopyTo(chars.AsSpan(w));
                        w += run;
                        i += run;
                    }
                    else
                    {
                        chars[w++] = c;
                        i++;
                    }

                    dots = 0;
                    continue;
                }

                plain = 0;
                if (single != '\0')
                {
                    chars[w++] = single;
                    dots = 0;
                    i++;
                    continue;
                }

                switch (UnicodeFold.KindOf(c))
                {
                    case UnicodeFold.Kind.Replace:
                        foreach (var folded in UnicodeFold.ReplacementOf(c))
                        {
                            chars[w++] = folded;
                        }

                        dots = 0;
                        i++;
                        continue;
                    case UnicodeFold.Kind.Bidi:
                        bidi.Add(i);
                        i++;
                        continue;
                    case UnicodeFold.Kind.Drop:
                        i = EndOfRun(original, i, nextCheckpoint);
                        continue;
                    case UnicodeFold.Kind.Dots when dots >= UnicodeFold.MaxDots:
                        i = EndOfRun(original, i, nextCheckpoint);
                        continue;
                    case UnicodeFold.Kind.Dots:
                        // As Fold gives it: the dots this fold adds to the run, up to MaxDots in all.
                        var more = Math.Min(UnicodeFold.ReplacementOf(c).Length, UnicodeFold.MaxDots - dots);
                        for (var d = 0; d < more; d++)
                        {
                            chars[w++] = '.';
                        }

                        dots += more;
                        i++;
                        continue;
                }

                // %XX or a surrogate pair.
                var step = Fold(original, i, ref dots, out var width, out var one, out var longer);
                if (step == 1)
                {
                    chars[w++] = one;
                }
                else
                {
                    longer[..step].CopyTo(chars.AsSpan(w));
                    w += step;
                }

                i += width;
            }

            var text = new string(chars, 0, w);
            return new ScanView(original, text, checkpoints, from, bidi);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// The end of the run of the character at <paramref name="i"/> (a dropped one, or a dot fold once the dots are all
    /// given: nothing more to write), but not past <paramref name="limit"/>, where the next checkpoint is due.
    /// </summary>
    private static int EndOfRun(string original, int i, int limit)
    {
        var c = original[i];
        limit = Math.Min(limit, original.Length);
        if (i + 1 >= limit || original[i + 1] != c)
        {
            return i + 1;
        }

        var end = original.AsSpan(i + 1, limit - i - 1).IndexOfAnyExcept(c);
        return end < 0 ? limit : i + 1 + end;
    }

    /// <summary>Index of the first character at or after <paramref name="i"/> that needs folding, or the text's length.</summary>
    private static int NextFold(string original, int i)
    {
        // Folds often come close together (full-width punctuation in Chinese text, a crafted run): look at the next
        // few characters one by one before paying for a vectorised search of the rest.
        var near = Math.Min(original.Length, i + 16);
        for (var next = i; next < near; next++)
        {
            if (UnicodeFold.NeedsFoldingAt(original, next))
            {
                return next;
            }
        }

        if (near == original.Length)
        {
            return near;
        }

        var far = UnicodeFold.IndexOfNeedsFolding(original.AsSpan(near));
        return far < 0 ? original.Length : near + far;
    }

    private static readonly string[] DotRuns = ["", ".", "..", "..."];

    /// <summary>
    /// The fold of the unit at <paramref name="i"/> (a character, a <c>%XX</c> or a surrogate pair; <paramref name="width"/>
    /// original characters): how many view characters it gives, the one in <paramref name="single"/> or the several at
    /// the start of <paramref name="longer"/>. <paramref name="dots"/> counts the dots the current run of dot folds has
    /// given. <see cref="Walk"/> maps positions back with it; <see cref="Mapped"/> writes the view with it for the units
    /// its table look-ups (<see cref="UnicodeFold.Simple"/>, <see cref="UnicodeFold.KindOf"/>) do not settle, and must
    /// give the same as it for the others (the position tests and <c>SensitiveDataGuardCompactFoldTests</c> check this).
    /// </summary>
    private static int Fold(string original, int i, ref int dots, out int width, out char single, out ReadOnlySpan<char> longer)
    {
        var c = original[i];
        width = 1;
        single = c;
        longer = [];
        if (!UnicodeFold.NeedsFoldingAt(original, i))
        {
            dots = 0;
            return 1;
        }

        if (c == '%')
        {
            width = 3;
            single = PercentDecoded(original, i);
            dots = 0;
            return 1;
        }

        if (char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]))
        {
            width = 2;
            dots = 0;
            longer = UnicodeFold.FoldPair(c, original[i + 1]) is { } folded ? folded : original.AsSpan(i, 2);
            if (longer.Length == 1)
            {
                single = longer[0];
            }

            return longer.Length;
        }

        var oneForOne = UnicodeFold.OneForOne(c);
        if (oneForOne != '\0')
        {
            single = oneForOne;
            dots = 0;
            return 1;
        }

        switch (UnicodeFold.Of(c, out var replacement))
        {
            case UnicodeFold.Kind.Bidi:
            case UnicodeFold.Kind.Drop:
                return 0;
            case UnicodeFold.Kind.Dots:
                var more = Math.Min(replacement.Length, UnicodeFold.MaxDots - dots);
                dots += more;
                longer = DotRuns[more];
                single = '.';
                return more;
            case UnicodeFold.Kind.Replace:
                dots = 0;
                longer = replacement;
                return replacement.Length;
            default:
                dots = 0;
                return 1;
        }
    }

    /// <summary>
    /// Enlarges the buffer the view is written into (longer folds than the text's length allows for: <c>ﬁ</c> is two,
    /// <c>⑽</c> four): to what the whole text would need if the rest folds as the first <paramref name="read"/> of its
    /// <paramref name="length"/> characters did, and at least to twice its size, so a text of long folds is copied
    /// once or twice, not at every doubling.
    /// </summary>
    private static void Grow(ref char[] chars, int written, int read, int length)
    {
        var expected = (long)written * length / Math.Max(read, 1);
        var size = Math.Max(chars.Length * 2L, expected + (expected >> 3) + CheckpointEvery + 64);
        var larger = ArrayPool<char>.Shared.Rent((int)Math.Min(size, Array.MaxLength));
        chars.AsSpan(0, written).CopyTo(larger);
        ArrayPool<char>.Shared.Return(chars);
        chars = larger;
    }

    /// <summary>Nothing to give back any more (the view holds no pooled memory once built); kept so that a scan's view is scoped.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// Folds in place, in <paramref name="view"/> (a copy of <paramref name="original"/>), every character from
    /// <paramref name="first"/> on whose fold is one other character, up to the first fold that is not (a dropped
    /// character, a bidi control, <c>%XX</c>, a longer fold, a surrogate pair). Returns that fold's index, or the
    /// text's length when there is none.
    /// </summary>
    private static int PatchOneForOne(string original, Span<char> view, int first)
    {
        var simple = UnicodeFold.Simple;
        var i = first;
        while (true)
        {
            // At i is a character that needs folding, or a % that may.
            var single = simple[original[i]];
            if (single != '\0')
            {
                view[i] = single;
            }
            else if (original[i] != '%' || UnicodeFold.NeedsFoldingAt(original, i))
            {
                return i;
            }

            // Folds often come close together (full-width text, a crafted run): look at the next few characters one
            // by one before paying for a vectorised search of the rest.
            var next = i + 1;
            var near = Math.Min(original.Length, i + 16);
            while (next < near && simple[original[next]] == original[next])
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
        : Walk(view, out _);

    /// <summary>Where the original characters that the view's character before <paramref name="viewEnd"/> came from end.</summary>
    private int OriginalEnd(int viewEnd)
    {
        var last = viewEnd - 1;
        if (SamePositions || last < mapFrom)
        {
            return viewEnd;
        }

        var unit = Walk(last, out var width);
        return unit + width;
    }

    /// <summary>
    /// The original position of the unit that gave view character <paramref name="view"/> (at or after
    /// <see cref="mapFrom"/>, before the view's end), and its width: folded again from the nearest checkpoint or the
    /// last position mapped, whichever is nearer before it.
    /// </summary>
    private int Walk(int view, out int width)
    {
        var list = checkpoints!;
        int low = 0, high = list.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >> 1;
            if (list[middle].View <= view)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var from = list[low];
        if (cursor.View <= view && cursor.Original > from.Original)
        {
            from = cursor;
        }

        var i = from.Original;
        var w = from.View;
        var dots = from.Dots;
        var original = Original;
        while (true)
        {
            // A run of characters as they are moves both positions alike.
            var plainEnd = i;
            while (plainEnd < original.Length && plainEnd - i < view - w && !UnicodeFold.NeedsFoldingAt(original, plainEnd))
            {
                plainEnd++;
            }

            if (plainEnd > i)
            {
                w += plainEnd - i;
                i = plainEnd;
                dots = 0;
            }

            var before = dots;
            var step = Fold(original, i, ref dots, out width, out _, out _);
            if (w + step > view)
            {
                cursor = new Checkpoint(i, w, before);
                return i;
            }

            w += step;
            i += width;
        }
    }

    /// <summary>The character <c>%XX</c> at <paramref name="at"/> encodes (<see cref="UnicodeFold.NeedsFoldingAt"/> has checked the digits).</summary>
    private static char PercentDecoded(string text, int at) => (char)((HexValue(text[at + 1]) << 4) | HexValue(text[at + 2]));

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
