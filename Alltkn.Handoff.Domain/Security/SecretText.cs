using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>Character classes and plausibility checks shared by the detectors.</summary>
internal static class SecretText
{
    internal static readonly SearchValues<char> LettersAndDigits =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    internal static readonly SearchValues<char> Base64Url =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");

    internal static readonly SearchValues<char> UpperAndDigits =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    internal static readonly SearchValues<char> Base64 =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=");

    /// <summary>Characters that end a credential value: white space, quotes, separators, anything not printable ASCII.</summary>
    private static readonly SearchValues<char> ValueChars = SearchValues.Create(
        "!#$%&()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly string[] PlaceholderWords =
        ["your", "xxxx", "example", "placeholder", "redacted", "masked"];

    private static readonly string[] NonValues =
        ["none", "null", "nil", "empty", "required", "optional", "hidden", "string", "true", "false", "secret", "password", "n/a"];

    /// <summary>Index of the first character at or after <paramref name="start"/> that is not in <paramref name="chars"/>.</summary>
    internal static int EndOf(string text, int start, SearchValues<char> chars)
    {
        var i = text.AsSpan(start).IndexOfAnyExcept(chars);
        return i < 0 ? text.Length : start + i;
    }

    /// <summary>
    /// Index of the first place in <paramref name="text"/> where four digits follow each other, or -1. Evidence is
    /// full of shorter numbers (status codes, times, percentages) that can never begin a card or an identity
    /// number; comparing four shifted vectors at once skips them without visiting each.
    /// </summary>
    internal static int IndexOfFourDigits(ReadOnlySpan<char> text)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zero = new Vector<ushort>('0');
            var nine = new Vector<ushort>(9);
            for (var last = chars.Length - 3 - Vector<ushort>.Count; i <= last; i += Vector<ushort>.Count)
            {
                // Characters below '0' wrap round to large numbers, so one unsigned comparison tests for a digit.
                var fourDigits = Vector.LessThanOrEqual(new Vector<ushort>(chars[i..]) - zero, nine)
                    & Vector.LessThanOrEqual(new Vector<ushort>(chars[(i + 1)..]) - zero, nine)
                    & Vector.LessThanOrEqual(new Vector<ushort>(chars[(i + 2)..]) - zero, nine)
                    & Vector.LessThanOrEqual(new Vector<ushort>(chars[(i + 3)..]) - zero, nine);
                if (fourDigits != Vector<ushort>.Zero)
                {
                    for (var j = 0; ; j++)
                    {
                        if (fourDigits[j] != 0)
                        {
                            return i + j;
                        }
                    }
                }
            }
        }

        for (; i + 3 < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i + 3]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>End of the digits from <paramref name="start"/>; a plain loop, as runs of digits are short.</summary>
    internal static int EndOfDigits(string text, int start)
    {
        while (start < text.Length && char.IsAsciiDigit(text[start]))
        {
            start++;
        }

        return start;
    }

    /// <summary>True when the character at <paramref name="index"/> exists and is in <paramref name="chars"/>.</summary>
    internal static bool IsAt(string text, int index, SearchValues<char> chars) =>
        (uint)index < (uint)text.Length && chars.Contains(text[index]);

    internal static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Skips spaces and tabs.</summary>
    internal static int SkipBlanks(string text, int index)
    {
        while (index < text.Length && text[index] is ' ' or '\t')
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// End of the run of credential-value characters starting at <paramref name="start"/>: it runs over printable
    /// ASCII and stops at white space, quotes, <c>,</c>, <c>;</c> and any other character (Chinese text included).
    /// <see cref="ScanState.EndOfValue"/> remembers it per run and takes a final <c>.</c> as the end of the sentence.
    /// </summary>
    internal static int EndOfValueRun(string text, int start) => EndOf(text, start, ValueChars);

    /// <summary>Whether <paramref name="c"/> can be part of a credential value (see <see cref="EndOfValueRun"/>).</summary>
    internal static bool IsValueChar(char c) => ValueChars.Contains(c);

    /// <summary>Like <see cref="EndOf(string, int, SearchValues{char})"/>, looking at no more than <paramref name="limit"/> characters.</summary>
    internal static int EndOf(string text, int start, SearchValues<char> chars, int limit)
    {
        var span = text.AsSpan(start, Math.Min(limit, text.Length - start));
        var i = span.IndexOfAnyExcept(chars);
        return i < 0 ? start + span.Length : start + i;
    }

    /// <summary>
    /// A value someone wrote in place of a secret: <c>&lt;YOUR_API_KEY&gt;</c>, <c>$TOKEN</c>, <c>${API_KEY}</c>,
    /// <c>{{token}}</c>, <c>OPENAI_API_KEY</c> (an environment variable's name), <c>******</c>, <c>xxxx</c>,
    /// <c>your-api-key</c>, <c>null</c> and the like.
    /// </summary>
    internal static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value[0] is '<' or '$' or '%' or '{' or '[' or '(' or '*' or '#')
        {
            return true;
        }

        if (value.Contains("**", StringComparison.Ordinal) || value.Contains("...", StringComparison.Ordinal)
            || !value.ContainsAnyExcept(value[0]))
        {
            return true;
        }

        foreach (var word in PlaceholderWords)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var word in NonValues)
        {
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return IsEnvironmentVariableName(value);
    }

    /// <summary><c>OPENAI_API_KEY</c>, <c>DB_PASSWORD</c>: upper-case words joined by underscores.</summary>
    private static bool IsEnvironmentVariableName(ReadOnlySpan<char> value) =>
        char.IsAsciiLetterUpper(value[0])
        && value.Contains('_')
        && !value.ContainsAnyExcept(UpperAndDigitsAndUnderscore);

    private static readonly SearchValues<char> UpperAndDigitsAndUnderscore =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    /// <summary>
    /// A key body someone typed in place of a key: a placeholder word (<c>xxxx</c>, <c>your</c>, <c>example</c>…),
    /// one character repeated, or six consecutive characters (<c>abcdef</c>, <c>123456</c>) as in documentation samples.
    /// For shapes that are already specific (<c>sk-</c> and exactly 48 characters, <c>sk-proj-…</c>) this is
    /// the only test: anything else in that shape is treated as a key.
    /// </summary>
    internal static bool IsTypedPlaceholder(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !value.ContainsAnyExcept(value[0]))
        {
            return true;
        }

        var ascending = 1;
        for (var i = 1; i < value.Length; i++)
        {
            ascending = value[i] == value[i - 1] + 1 ? ascending + 1 : 1;
            if (ascending >= 6)
            {
                return true;
            }
        }

        foreach (var word in PlaceholderWords)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a value looks machine-generated rather than typed, for shapes that are not specific on their own:
    /// not a <see cref="IsTypedPlaceholder">typed placeholder</see>, enough distinct characters, no run of five
    /// equal characters, and (when asked) both a letter and a digit.
    /// </summary>
    internal static bool LooksRandom(ReadOnlySpan<char> value, bool requireLetterAndDigit)
    {
        if (IsTypedPlaceholder(value)
            || (requireLetterAndDigit && (!value.ContainsAnyInRange('0', '9') || !value.ContainsAny(AsciiLetters))))
        {
            return false;
        }

        Span<bool> seen = stackalloc bool[128];
        var distinct = 0;
        var same = 1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 128 && !seen[c])
            {
                seen[c] = true;
                distinct++;
            }

            same = i > 0 && c == value[i - 1] ? same + 1 : 1;
            if (same >= 5)
            {
                return false;
            }
        }

        return distinct >= Math.Min(10, value.Length / 2);
    }

    private static readonly SearchValues<char> AsciiLetters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// A token that can stand for a credential after <c>Bearer</c> or in an API-key header: at least 8
    /// characters, not a placeholder, not trivially patterned, and with a digit, mixed case, or at least
    /// 24 characters (so prose such as <c>Bearer authentication</c> is not taken for a token).
    /// </summary>
    internal static bool IsCredentialToken(ReadOnlySpan<char> token) =>
        token.Length >= 8
        && token[^1] != ':' // the next label (Authorization: Authorization: …), not a value
        && (token.ContainsAnyInRange('0', '9') || (token.ContainsAnyInRange('a', 'z') && token.ContainsAnyInRange('A', 'Z')) || token.Length >= 24)
        && !IsPlaceholder(token)
        && LooksRandom(token, requireLetterAndDigit: false);
}
