using System.Text;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// Makes up secrets in the shapes real ones have, deterministically from a seed. None of them is a real
/// key, card or identity number; check digits are computed here, independently of the code under test.
/// </summary>
public sealed class FakeSecrets(int seed)
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string LettersAndDigits = Upper + Lower + Digits;
    private const string Base64Url = LettersAndDigits + "-_";

    private readonly Random random = new(seed);

    /// <summary>New API / One API: sk- and 48 letters and digits.</summary>
    public string RelayKey() => "sk-" + Chars(LettersAndDigits, 48);

    public string OpenAiProjectKey() => "sk-proj-" + Chars(Base64Url, 74) + "T3BlbkFJ" + Chars(Base64Url, 74);

    public string OpenAiServiceAccountKey() => "sk-svcacct-" + Chars(Base64Url, 74) + "T3BlbkFJ" + Chars(Base64Url, 74);

    public string OpenAiAdminKey() => "sk-admin-" + Chars(Base64Url, 64) + "T3BlbkFJ" + Chars(Base64Url, 64);

    /// <summary>The older OpenAI shape: sk-, 20 characters, T3BlbkFJ, 20 characters.</summary>
    public string OpenAiLegacyKey() => "sk-" + Chars(LettersAndDigits, 20) + "T3BlbkFJ" + Chars(LettersAndDigits, 20);

    public string AnthropicKey() => "sk-ant-api03-" + Chars(Base64Url, 93) + "AA";

    /// <summary>A DeepSeek-style key: sk- and 32 lower-case hex digits.</summary>
    public string HexKey() => "sk-" + Chars("0123456789abcdef", 32);

    public string GoogleKey() => "AIzaSy" + Chars(Base64Url, 33);

    public string AwsKey(string prefix = "AKIA") => prefix + Chars(Upper + "234567", 16);

    /// <summary>A personal API token of this workspace: alltkn_pat_ and base64url of 32 random bytes (43 characters).</summary>
    public string HandoffToken()
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return "alltkn_pat_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public string Jwt()
    {
        var header = Base64UrlEncode("""{"alg":"HS256","typ":"JWT"}""");
        var payload = Base64UrlEncode($$"""{"sub":"{{random.Next(100_000, 999_999)}}","iat":{{1_764_312_043 + random.Next(86_400)}}}""");
        return $"{header}.{payload}.{Chars(Base64Url, 43)}";
    }

    public string PemPrivateKey(string label = "RSA PRIVATE KEY", string newline = "\n")
    {
        var body = new StringBuilder();
        var base64 = "MIIE" + Chars(Upper + Lower + Digits + "+/", 4 * 64 - 4);
        for (var i = 0; i < base64.Length; i += 64)
        {
            body.Append(base64, i, 64).Append(newline);
        }

        return $"-----BEGIN {label}-----{newline}{body}-----END {label}-----";
    }

    public string Password(int length = 12) =>
        Chars(Upper, 1) + Chars(Lower, length - 4) + Chars(Digits, 2) + Chars("!@#%", 1);

    /// <summary>A card number of <paramref name="length"/> digits starting <paramref name="prefix"/>, with a valid Luhn digit.</summary>
    public string CardNumber(string prefix, int length)
    {
        var withoutCheck = prefix + Chars(Digits, length - prefix.Length - 1);
        return withoutCheck + LuhnCheckDigit(withoutCheck);
    }

    /// <summary>The same number with one digit changed so the Luhn check fails.</summary>
    public static string BreakLuhn(string digits)
    {
        var last = digits[^1] - '0';
        return digits[..^1] + (char)('0' + (last + 1) % 10);
    }

    /// <summary>A resident identity number with a valid check character, born between 1960 and 2005.</summary>
    public string ResidentId(bool withX = false)
    {
        string[] regions = ["110105", "310104", "440305", "510107", "330106", "420111"];
        while (true)
        {
            var birth = new DateOnly(1960, 1, 1).AddDays(random.Next(365 * 45));
            var first17 = regions[random.Next(regions.Length)] + birth.ToString("yyyyMMdd") + Chars(Digits, 3);
            var check = ResidentIdCheckCharacter(first17);
            if ((check == 'X') == withX)
            {
                return first17 + check;
            }
        }
    }

    /// <summary>Groups digits with a separator: 4-4-4-4(-3), or 4-6-5 for 15-digit cards.</summary>
    public static string Group(string digits, char separator)
    {
        int[] sizes = digits.Length == 15 ? [4, 6, 5] : [.. Enumerable.Repeat(4, digits.Length / 4), .. digits.Length % 4 == 0 ? Array.Empty<int>() : [digits.Length % 4]];
        var parts = new List<string>();
        var at = 0;
        foreach (var size in sizes)
        {
            parts.Add(digits.Substring(at, size));
            at += size;
        }

        return string.Join(separator, parts);
    }

    public static char LuhnCheckDigit(string digitsWithoutCheck)
    {
        var sum = 0;
        for (var i = 0; i < digitsWithoutCheck.Length; i++)
        {
            // Counting from the right of the full number, the check digit is position 1; double the even positions.
            var d = digitsWithoutCheck[digitsWithoutCheck.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static char ResidentIdCheckCharacter(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return "10X98765432"[sum % 11];
    }

    public string Chars(string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Base64UrlEncode(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
