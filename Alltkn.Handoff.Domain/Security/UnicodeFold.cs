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
    }

    /// <summary>What to do with <paramref name="c"/>; for <see cref="Kind.Replace"/>, <paramref name="replacement"/> is its fold.</summary>
    internal static Kind Of(char c, out string replacement)
    {
        var kind = (Kind)Kinds[c];
        replacement = kind == Kind.Replace ? Replacements[c]! : string.Empty;
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

    private static char[] BuildOneForOne()
    {
        var folds = new char[0x10000];
        for (var code = 0x80; code <= 0xFFFF; code++)
        {
            if ((Kind)Kinds[code] == Kind.Replace && Replacements[code] is { Length: 1 } folded)
            {
                folds[code] = folded[0];
            }
        }

        return folds;
    }

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
                kind = folded.Length == 0 ? Kind.Drop : Kind.Replace;
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

    /// <summary>The NFKC form of a surrogate pair (a character outside the BMP), dash-folded; null when it does not change.</summary>
    internal static string? FoldPair(char high, char low)
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
