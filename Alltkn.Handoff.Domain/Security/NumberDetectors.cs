using static Alltkn.Handoff.Domain.Security.SecretText;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// Bank card numbers and Chinese resident identity numbers. A number may begin at any run of digits that
/// does not continue a word, a code or a dash-joined number, and runs on over the groups that follow it
/// (separated by single spaces or by single dashes, not both); it counts only when it ends there too. So a
/// card written after a date (<c>2026-11-28 4111 1111 1111 1111</c>) is found, and nothing is ever cut out
/// of a longer number (<c>ORD-20261128-000123</c>, 20-digit order numbers).
/// </summary>
internal static class NumberDetectors
{
    private const int MaxCardDigits = 19;
    private const int MinCardDigits = 13;
    private const int MinFirstGroup = 4;
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
            // A number begins with at least 4 digits; shorter runs (status codes, times, amounts) are skipped unseen.
            var found = IndexOfFourDigits(text.AsSpan(position));
            if (found < 0)
            {
                return;
            }

            var start = position + found;
            var runEnd = EndOfDigits(text, start + MinFirstGroup);
            position = runEnd;
            if ((runEnd - start < MinCardDigits && !IsSeparatorBeforeDigit(text, runEnd))
                || !StartsNumber(text, start))
            {
                continue;
            }

            var finding = ResidentId(text, start, runEnd) ?? Card(text, start, runEnd, digits);
            if (finding is not null)
            {
                findings.Add(finding);
                position = finding.End;
            }
        }
    }

    /// <summary>An 18-character identity number that is all of the number starting at <paramref name="start"/>.</summary>
    private static SensitiveFinding? ResidentId(string text, int start, int runEnd)
    {
        var end = (runEnd - start) switch
        {
            ResidentIdLength => runEnd,
            ResidentIdLength - 1 when runEnd < text.Length && text[runEnd] is 'X' or 'x' => runEnd + 1,
            _ => -1,
        };
        return end > 0 && EndsNumber(text, end) && IsResidentId(text.AsSpan(start, ResidentIdLength))
            ? new SensitiveFinding(SensitiveKind.ChineseResidentId, start, ResidentIdLength, SecretMask.Generic(text.AsSpan(start, ResidentIdLength)))
            : null;
    }

    /// <summary>
    /// A card number that is all of the number starting at <paramref name="start"/>: 13 to 19 digits; when
    /// grouped, groups of 3 to 8 digits after the first.
    /// </summary>
    private static SensitiveFinding? Card(string text, int start, int runEnd, Span<char> digits)
    {
        var count = 0;
        var separator = '\0';
        var groupStart = start;
        var groupEnd = runEnd;
        while (true)
        {
            var length = groupEnd - groupStart;
            if (count + length > MaxCardDigits || (groupStart != start && length is < 3 or > 8))
            {
                return null;
            }

            text.AsSpan(groupStart, length).CopyTo(digits[count..]);
            count += length;
            if (!IsSeparatorBeforeDigit(text, groupEnd) || (separator != '\0' && text[groupEnd] != separator))
            {
                break;
            }

            separator = text[groupEnd];
            groupStart = groupEnd + 1;
            groupEnd = EndOfDigits(text, groupStart);
        }

        return count >= MinCardDigits && EndsNumber(text, groupEnd) && IsCardNumber(digits[..count])
            ? new SensitiveFinding(SensitiveKind.BankCardNumber, start, groupEnd - start, SecretMask.Generic(digits[..count]))
            : null;
    }

    private static bool IsSeparatorBeforeDigit(string text, int index) =>
        index + 1 < text.Length && text[index] is ' ' or '-' && char.IsAsciiDigit(text[index + 1]);

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

        return !(after is '.' or ',' or '，' or ':' or '/' or '-' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]));
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
