using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// How <see cref="ScanView"/> folds a character before the detectors see it: invisible and format characters
/// are dropped, bidirectional controls are dropped and reported, dash variants become <c>-</c>, and every other
/// character becomes its NFKC form (full-width <c>ｓｋ－</c> and <c>＝</c> become <c>sk-</c> and <c>=</c>,
/// full-width digits become digits, a no-break space becomes a space).
/// </summary>
/// <remarks>
/// NFKC is applied one character at a time (compatibility decomposition, no composition across characters):
/// every secret the guard knows is ASCII, so what matters is which characters read as ASCII ones. The table
/// is built once, for the characters whose NFKC form differs; CJK ideographs and Hangul syllables never
/// change and are not looked at.
/// </remarks>
internal static class UnicodeFold
{
    /// <summary>Dash variants read as <c>-</c>: U+2010–U+2015, U+2212 minus, small and full-width hyphen-minus, two- and three-em dashes.</summary>
    private static readonly char[] Dashes =
        ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u2E3A', '\u2E3B', '\uFE58', '\uFE63', '\uFF0D'];

    /// <summary>
    /// Characters whose fold no detector tells apart from the character itself, so they are left as they are and
    /// text whose only folds they would be is scanned without a copy: the full-width comma and semicolon, the
    /// commonest punctuation of Chinese text. <c>,</c> and <c>;</c> are no value or key characters, separators or
    /// triggers; the one place <c>,</c> counts (a number followed by <c>,</c> and a digit does not end there,
    /// <c>NumberDetectors.EndsNumber</c>) takes <c>，</c> as well.
    /// </summary>
    internal static readonly char[] Inert = ['\uFF0C', '\uFF1B'];

    /// <summary>Characters that show nothing: soft hyphen, zero-width space and joiners, word joiner, BOM, variation selectors and the like.</summary>
    private static readonly (char First, char Last)[] InvisibleRanges =
    [
        ('\u00AD', '\u00AD'), ('\u034F', '\u034F'), ('\u061C', '\u061C'), ('\u115F', '\u1160'), ('\u17B4', '\u17B5'),
        ('\u180B', '\u180F'), ('\u200B', '\u200F'), ('\u2060', '\u2065'), ('\u206A', '\u206F'), ('\u3164', '\u3164'),
        ('\uFE00', '\uFE0F'), ('\uFEFF', '\uFEFF'), ('\uFFA0', '\uFFA0'), ('\uFFF0', '\uFFFB'),
    ];

    /// <summary>Bidirectional embedding, override and isolate controls: they make stored text display as something else.</summary>
    private static readonly (char First, char Last)[] BidiRanges = [('\u202A', '\u202E'), ('\u2066', '\u2069')];

    /// <summary>Every character whose fold differs from itself: the NFKC table, as a character-to-text map.</summary>
    private static readonly FrozenDictionary<char, string> Compatibility = BuildCompatibility();

    /// <summary>
    /// Every character <see cref="ScanView"/> must look at, as a bitmap over the BMP: the folded ones, invisible and
    /// bidi characters, <c>%</c> (percent-encoding) and surrogates (characters outside the BMP, such as mathematical
    /// letters). Text without any of them is scanned as it is.
    /// </summary>
    private static readonly ulong[] NeedsFoldingBits = BuildNeedsFolding();

    /// <summary>
    /// Index of the first character in <paramref name="text"/> that <see cref="ScanView"/> must fold, or -1. A vector
    /// pass skips ASCII without <c>%</c> and CJK ideographs (U+3400–U+9FFF), which never fold; the few characters
    /// left (full-width forms, CJK punctuation, <c>%</c>) are looked up in a bitmap. A <c>%</c> counts only before
    /// two hex digits. (A <see cref="SearchValues{T}"/> of the several thousand characters NFKC changes would be a
    /// probabilistic map that every ideograph falls into: ten times slower.)
    /// </summary>
    internal static int IndexOfNeedsFolding(ReadOnlySpan<char> text)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var percent = new Vector<ushort>('%');
            var firstNonAscii = new Vector<ushort>(0x80);
            var cjkStart = new Vector<ushort>(0x3400);
            var cjkLength = new Vector<ushort>(0x9FFF - 0x3400 + 1);
            for (var last = chars.Length - Vector<ushort>.Count; i <= last; i += Vector<ushort>.Count)
            {
                var v = new Vector<ushort>(chars[i..]);
                var maybe = Vector.Equals(v, percent)
                    | (Vector.GreaterThanOrEqual(v, firstNonAscii) & Vector.GreaterThanOrEqual(v - cjkStart, cjkLength));
                if (maybe != Vector<ushort>.Zero)
                {
                    for (var j = 0; j < Vector<ushort>.Count; j++)
                    {
                        if (NeedsFolding(text, i + j))
                        {
                            return i + j;
                        }
                    }
                }
            }
        }

        for (; i < text.Length; i++)
        {
            if (NeedsFolding(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the character at <paramref name="i"/> must be folded (a <c>%</c> only before two hex digits of printable ASCII).</summary>
    internal static bool NeedsFoldingAt(string text, int i) => NeedsFolding(text, i);

    private static bool NeedsFolding(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        return c < 0x80
            ? c == '%' && i + 2 < text.Length && text[i + 1] is >= '2' and <= '7' && char.IsAsciiHexDigit(text[i + 2])
              && !(text[i + 1] == '7' && text[i + 2] is 'F' or 'f')
            : (NeedsFoldingBits[c >> 6] & (1UL << (c & 63))) != 0;
    }

    internal enum Kind
    {
        Keep,
        Drop,
        Bidi,
        Replace,

        /// <summary>A fold to dots only (<c>…</c> to <c>...</c>, <c>‥</c> to <c>..</c>): a run of them is folded to at most <see cref="MaxDots"/> dots.</summary>
        Dots,
    }

    /// <summary>
    /// How many dots a run of dot folds (<c>……</c>) gives at most. No detector tells three dots from more: a value with
    /// <c>...</c> in it is a placeholder, a run of dots ends a JWT segment and is trimmed off a value's end. So a
    /// megabyte of <c>…</c> is three characters to scan, not three million.
    /// </summary>
    internal const int MaxDots = 3;

    /// <summary>
    /// Characters other than ASCII that a detector looks at: the Chinese password labels and separators, the
    /// full-width comma after a number, the opening quotes before a value, the long s.
    /// </summary>
    private const string Significant = "密码口令是为＝：，“‘「『ſ";

    /// <summary>What to do with <paramref name="c"/>; for <see cref="Kind.Replace"/> and <see cref="Kind.Dots"/>, <paramref name="replacement"/> is its fold.</summary>
    internal static Kind Of(char c, out string replacement)
    {
        var kind = (Kind)Kinds[c];
        replacement = kind is Kind.Replace or Kind.Dots ? Replacements[c]! : string.Empty;
        return kind;
    }

    /// <summary>The fold of <paramref name="c"/> when it is one other character, else <c>'\0'</c> (kept, dropped, longer, <c>%</c>, a surrogate).</summary>
    internal static char OneForOne(char c) => OneForOneFolds[c];

    /// <summary>The <see cref="Kind"/> of every BMP character, looked up by <see cref="Of"/> (64 KB).</summary>
    private static readonly byte[] Kinds = BuildKinds(out Replacements);

    /// <summary>The fold of every character whose kind is <see cref="Kind.Replace"/>, by character.</summary>
    private static readonly string?[] Replacements;

    /// <summary>The one-character fold of every BMP character that has one, <c>'\0'</c> for the rest (128 KB).</summary>
    private static readonly char[] OneForOneFolds = BuildOneForOne();

    /// <summary>
    /// Every BMP character's view character when it is one character for one: itself when it needs no folding, its
    /// fold when that is one character; <c>'\0'</c> when it takes more than a table look-up (a longer fold, a dropped
    /// character, a bidi control, <c>%</c>, a surrogate). <c>'\0'</c> itself is itself. One look-up per character for
    /// the loops that build the view (128 KB).
    /// </summary>
    internal static readonly char[] Simple = BuildSimple();

    /// <summary>What to do with <paramref name="c"/>, without its replacement.</summary>
    internal static Kind KindOf(char c) => (Kind)Kinds[c];

    /// <summary>The fold of a character of <see cref="Kind.Replace"/> or <see cref="Kind.Dots"/>.</summary>
    internal static string ReplacementOf(char c) => Replacements[c]!;

    private static char[] BuildSimple()
    {
        var simple = new char[0x10000];
        for (var code = 0; code <= 0xFFFF; code++)
        {
            var c = (char)code;
            var needsFolding = c == '%' || (NeedsFoldingBits[c >> 6] & (1UL << (c & 63))) != 0;
            simple[code] = !needsFolding ? c : OneForOneFolds[code];
        }

        return simple;
    }

    /// <remarks>
    /// A longer fold with no ASCII character in it (<c>ﷺ</c>, eighteen Arabic letters; <c>㍿</c>, four ideographs) is
    /// folded to its first character alone: the detectors only ever look at ASCII and at the few characters in
    /// <see cref="Significant"/>, and take every other character as the same kind of boundary, so one such character
    /// is as good as eighteen — and the fold stays one for one, with no map. Folds that hold ASCII (<c>ﬁ</c> to
    /// <c>fi</c>, <c>⑽</c> to <c>(10)</c>) or a significant character keep their length.
    /// </remarks>
    private static char[] BuildOneForOne()
    {
        var folds = new char[0x10000];
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            if ((Kind)Kinds[code] == Kind.Replace && Replacements[code] is { } folded
                && (folded.Length == 1 || IsBoundaryOnly(folded)))
            {
                folds[code] = folded[0];
            }
        }

        return folds;
    }

    /// <summary>Whether no detector tells <paramref name="folded"/> from its first character alone (no ASCII, nothing significant, no surrogate).</summary>
    /// <remarks>Spaces inside are allowed (<c>ﷺ</c> is four Arabic words): between two characters that are not ASCII
    /// they start and end nothing a detector looks for.</remarks>
    private static bool IsBoundaryOnly(ReadOnlySpan<char> folded) =>
        folded.Length > 0 && folded[0] != ' ' && folded[^1] != ' '
        && !folded.ContainsAnyInRange('\0', '\u001F') && !folded.ContainsAnyInRange('!', '\u007F')
        && folded.IndexOfAny(Significant) < 0 && !folded.ContainsAnyInRange('\uD800', '\uDFFF');

    private static byte[] BuildKinds(out string?[] replacements)
    {
        var kinds = new byte[0x10000];
        replacements = new string?[0x10000];
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            var c = (char)code;
            Kind kind;
            if (InRanges(c, BidiRanges))
            {
                kind = Kind.Bidi;
            }
            else if (InRanges(c, InvisibleRanges))
            {
                kind = Kind.Drop;
            }
            else if (Array.IndexOf(Dashes, c) >= 0)
            {
                kind = Kind.Replace;
                replacements[code] = "-";
            }
            else if (Array.IndexOf(Inert, c) >= 0)
            {
                kind = Kind.Keep;
            }
            else if (Compatibility.TryGetValue(c, out var folded))
            {
                kind = folded.Length == 0 ? Kind.Drop
                    : folded.Length > 1 && !folded.AsSpan().ContainsAnyExcept('.') ? Kind.Dots
                    : Kind.Replace;
                replacements[code] = folded;
            }
            else
            {
                kind = Kind.Keep;
            }

            kinds[code] = (byte)kind;
        }

        return kinds;
    }

    /// <summary>
    /// <see cref="FoldPair"/> of every character of the supplementary multilingual plane (U+10000–U+1FFFF: mathematical
    /// letters, emoji, enclosed alphanumerics) once worked out, so that text full of them is not normalized pair by
    /// pair. <see cref="PairUnchanged"/> marks a character that does not change. Filled lazily; a race only works one
    /// out twice.
    /// </summary>
    private static readonly string?[] PlaneOneFolds = new string?[0x10000];

    private static readonly string PairUnchanged = new('\uFFFF', 1);

    /// <summary>The NFKC form of a surrogate pair (a character outside the BMP), dash-folded; null when it does not change.</summary>
    internal static string? FoldPair(char high, char low)
    {
        var code = char.ConvertToUtf32(high, low);
        if (code is < 0x10000 or > 0x1FFFF)
        {
            return NormalizePair(high, low);
        }

        var known = PlaneOneFolds[code - 0x10000];
        if (known is null)
        {
            known = NormalizePair(high, low) ?? PairUnchanged;
            PlaneOneFolds[code - 0x10000] = known;
        }

        return ReferenceEquals(known, PairUnchanged) ? null : known;
    }

    private static string? NormalizePair(char high, char low)
    {
        Span<char> pair = [high, low];
        var text = new string(pair);
        string folded;
        try
        {
            folded = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return null; // an unpaired surrogate
        }

        return folded == text ? null : FoldDashes(folded);
    }

    private static bool InRanges(char c, (char First, char Last)[] ranges)
    {
        foreach (var (first, last) in ranges)
        {
            if (c >= first && c <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static string FoldDashes(string text) =>
        text.AsSpan().IndexOfAny(Dashes) < 0 ? text : string.Concat(text.Select(c => Array.IndexOf(Dashes, c) >= 0 ? '-' : c));

    private static FrozenDictionary<char, string> BuildCompatibility()
    {
        var table = new Dictionary<char, string>();
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            var c = (char)code;
            if (char.IsSurrogate(c) || code is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xAC00 and <= 0xD7A3
                or >= 0xE000 and <= 0xF8FF || char.GetUnicodeCategory(c) == UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            var text = c.ToString();
            string folded;
            try
            {
                folded = text.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (folded != text)
            {
                table[c] = FoldDashes(folded);
            }
        }

        return table.ToFrozenDictionary();
    }

    private static ulong[] BuildNeedsFolding()
    {
        var bits = new ulong[0x10000 / 64];
        void Set(char c) => bits[c >> 6] |= 1UL << (c & 63);

        Set('%');
        foreach (var c in Compatibility.Keys.Except(Inert).Concat(Dashes))
        {
            Set(c);
        }

        foreach (var (first, last) in InvisibleRanges.Concat(BidiRanges))
        {
            for (var c = first; c <= last; c++)
            {
                Set(c);
            }
        }

        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            Set(c);
        }

        return bits;
    }
}
