using static Alltkn.Handoff.Domain.Security.SecretText;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// Bank card numbers and Chinese resident identity numbers. Every run of digits is read once, together
/// with the groups that follow it (separated by single spaces or by single dashes, not both), and judged
/// as a whole: a card or an identity number is never cut out of a longer number.
/// </summary>
internal static class NumberDetectors
{
    private const int MaxCardDigits = 19;
    private const int MinCardDigits = 13;
    private const int ResidentIdLength = 18;

    private static readonly int[] ResidentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentIdCheckCharacters = "10X98765432";

    /// <summary>Province codes that begin a resident identity number.</summary>
    private static readonly int[] Provinces =
        [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];

    /// <summary>Adds every card and identity number in <paramref name="text"/> to <paramref name="findings"/>.</summary>
    internal static void Scan(string text, List<SensitiveFinding> findings)
    {
        var position = 0;
        Span<char> digits = stackalloc char[MaxCardDigits];
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAnyInRange('0', '9');
            if (found < 0)
            {
                return;
            }

            var start = position + found;
            var runEnd = EndOfDigits(text, start);
            position = Evaluate(text, start, runEnd, digits, findings);
        }
    }

    /// <summary>Judges the number that starts at <paramref name="start"/>; returns where scanning goes on.</summary>
    private static int Evaluate(string text, int start, int runEnd, Span<char> digits, List<SensitiveFinding> findings)
    {
        // Most numbers in evidence are short and stand alone (status codes, times, amounts): no card, no id.
        var firstGroup = runEnd - start;
        if (firstGroup < 4 || !StartsNumber(text, start))
        {
            return SkipGroups(text, runEnd);
        }

        var continues = runEnd + 1 < text.Length && text[runEnd] is ' ' or '-' && char.IsAsciiDigit(text[runEnd + 1]);
        if (firstGroup < MinCardDigits && !continues)
        {
            return runEnd;
        }
        if (firstGroup is 17 or 18)
        {
            var idEnd = firstGroup == 18 ? runEnd : runEnd < text.Length && text[runEnd] is 'X' or 'x' ? runEnd + 1 : -1;
            if (idEnd > 0 && EndsNumber(text, idEnd) && IsResidentId(text.AsSpan(start, ResidentIdLength)))
            {
                findings.Add(new SensitiveFinding(SensitiveKind.ChineseResidentId, start, ResidentIdLength,
                    SecretMask.Generic(text.AsSpan(start, ResidentIdLength))));
                return idEnd;
            }
        }

        // Read the whole chain of groups.
        var count = 0;
        var plausibleGroups = true;
        var separator = '\0';
        var groupStart = start;
        var groupEnd = runEnd;
        while (true)
        {
            var length = groupEnd - groupStart;
            if (count + length <= MaxCardDigits)
            {
                text.AsSpan(groupStart, length).CopyTo(digits[count..]);
            }

            count += length;
            plausibleGroups &= groupStart == start || length is >= 3 and <= 8;

            if (groupEnd + 1 < text.Length && text[groupEnd] is ' ' or '-' && char.IsAsciiDigit(text[groupEnd + 1])
                && (separator == '\0' || separator == text[groupEnd]))
            {
                separator = text[groupEnd];
                groupStart = groupEnd + 1;
                groupEnd = EndOfDigits(text, groupStart);
                continue;
            }

            break;
        }

        if (count is >= MinCardDigits and <= MaxCardDigits && plausibleGroups && EndsNumber(text, groupEnd)
            && IsCardNumber(digits[..count]))
        {
            findings.Add(new SensitiveFinding(SensitiveKind.BankCardNumber, start, groupEnd - start,
                SecretMask.Generic(digits[..count])));
        }

        return SkipGroups(text, groupEnd);
    }

    /// <summary>Moves past any further digit groups, so a number's tail is never judged on its own.</summary>
    private static int SkipGroups(string text, int index)
    {
        while (index + 1 < text.Length && text[index] is ' ' or '-' && char.IsAsciiDigit(text[index + 1]))
        {
            index = EndOfDigits(text, index + 1);
        }

        return index;
    }

    /// <summary>
    /// A number starts here unless it continues a word, a code or another number: <c>ORD-2026…</c>,
    /// <c>v1.2</c>, <c>+86</c>, <c>/v1</c>, <c>claude-3-5-sonnet-20241022</c>.
    /// </summary>
    private static bool StartsNumber(string text, int start)
    {
        if (start == 0)
        {
            return true;
        }

        var before = text[start - 1];
        return !(IsWordChar(before) || before is '-' or '.' or '/' or '+' or '\\' or '@');
    }

    /// <summary>A number ends here unless a letter, a digit or a decimal, time or date part follows.</summary>
    private static bool EndsNumber(string text, int end)
    {
        if (end >= text.Length)
        {
            return true;
        }

        var after = text[end];
        if (IsWordChar(after))
        {
            return false;
        }

        return !(after is '.' or ',' or ':' or '/' or '-' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]));
    }

    /// <summary>
    /// A card number: an issuer prefix cards use (Visa 4, Mastercard 51–55 and 2221–2720, Maestro and UnionPay 5
    /// and 6, Amex, JCB and Diners 30 and 34–39; 13 digits only for Visa) and a valid Luhn check digit.
    /// Order numbers, dates (2026…) and Unix timestamps (17…) fail the prefix.
    /// </summary>
    internal static bool IsCardNumber(ReadOnlySpan<char> digits)
    {
        var plausiblePrefix = digits[0] switch
        {
            '4' or '5' or '6' => true,
            '3' => digits[1] is '0' or >= '4',
            '2' => int.Parse(digits[..4]) is >= 2221 and <= 2720,
            _ => false,
        };
        return plausiblePrefix && (digits.Length > MinCardDigits || digits[0] == '4') && PassesLuhn(digits);
    }

    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// A resident identity number: a province code, a birth date between 1900 and today, and the
    /// ISO 7064 MOD 11-2 check character (0–9 or X).
    /// </summary>
    internal static bool IsResidentId(ReadOnlySpan<char> id)
    {
        if (id.Length != ResidentIdLength || id[..17].ContainsAnyExceptInRange('0', '9')
            || Array.IndexOf(Provinces, int.Parse(id[..2])) < 0)
        {
            return false;
        }

        var year = int.Parse(id.Slice(6, 4));
        var month = int.Parse(id.Slice(10, 2));
        var day = int.Parse(id.Slice(12, 2));
        var today = DateTime.UtcNow;
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || new DateTime(year, month, day) > today)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * ResidentIdWeights[i];
        }

        return char.ToUpperInvariant(id[17]) == ResidentIdCheckCharacters[sum % 11];
    }
}
