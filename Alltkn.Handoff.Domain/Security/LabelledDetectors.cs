using static Alltkn.Handoff.Domain.Security.SecretText;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// Detectors for secrets recognisable by the label in front of them: request headers and password
/// assignments. A finding spans the label and the value; its mask keeps the label (and the header's
/// scheme, such as <c>Bearer</c>) readable and masks only the value, an <c>sk-</c> key in New API form:
/// <c>Authorization: Bearer sk-AbCd**********WxYz</c>, <c>password=hu**********22</c>.
/// </summary>
internal static class LabelledDetectors
{
    /// <summary>
    /// The longest value a label's value is examined as: a longer unbroken run after <c>password=</c> or
    /// <c>Authorization:</c> is taken as a credential without looking into it, so that no label costs more than
    /// this many characters of look-ahead however the text is crafted.
    /// </summary>
    internal const int MaxExaminedValue = 128;

    private static readonly string[] Schemes = ["Bearer", "Basic", "Token", "Bot"];

    /// <summary><c>Authorization: [scheme] value</c> (also <c>Proxy-Authorization</c>, JSON and <c>curl -H</c> forms).</summary>
    internal static SensitiveFinding? Authorization(ScanState scan, int start)
    {
        var text = scan.Text;
        const int labelLength = 13; // "authorization"
        var labelStart = start >= 6 && text.AsSpan(start - 6, 6).Equals("proxy-", StringComparison.OrdinalIgnoreCase)
            ? start - 6
            : start;
        if (labelStart > 0 && char.IsAsciiLetterOrDigit(text[labelStart - 1]))
        {
            return null;
        }

        var valueStart = AfterSeparator(text, start + labelLength, chinese: false);
        if (valueStart < 0)
        {
            return null;
        }

        var wordEnd = EndOf(text, valueStart, SecretText.LettersAndDigits, limit: 8);
        var word = text.AsSpan(valueStart, wordEnd - valueStart);
        foreach (var scheme in Schemes)
        {
            if (word.Equals(scheme, StringComparison.OrdinalIgnoreCase) && wordEnd < text.Length && text[wordEnd] is ' ' or '\t')
            {
                valueStart = SkipBlanks(text, wordEnd);
                break;
            }
        }

        return Credential(scan, labelStart, valueStart);
    }

    /// <summary><c>Bearer value</c> on its own.</summary>
    internal static SensitiveFinding? Bearer(ScanState scan, int start)
    {
        var text = scan.Text;
        const int labelLength = 6; // "bearer"
        var afterLabel = start + labelLength;
        if ((start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
            || afterLabel >= text.Length || text[afterLabel] is not (' ' or '\t'))
        {
            return null;
        }

        return Credential(scan, start, SkipBlanks(text, afterLabel));
    }

    /// <summary><c>api-key: value</c> and <c>x-api-key: value</c>, the headers Azure OpenAI and Anthropic use.</summary>
    internal static SensitiveFinding? ApiKeyHeader(ScanState scan, int start)
    {
        var text = scan.Text;
        const int labelLength = 7; // "api-key"
        var labelStart = start >= 2 && text.AsSpan(start - 2, 2).Equals("x-", StringComparison.OrdinalIgnoreCase)
            ? start - 2
            : start;
        if (labelStart > 0 && char.IsAsciiLetterOrDigit(text[labelStart - 1]))
        {
            return null;
        }

        var valueStart = AfterSeparator(text, start + labelLength, chinese: false);
        return valueStart < 0 ? null : Credential(scan, labelStart, valueStart);
    }

    /// <summary>
    /// <c>password</c>, <c>passwd</c> or <c>pwd</c> followed by <c>=</c>, <c>:</c> or <c>：</c> and a value.
    /// After <c>=</c> any value of 4 or more characters counts. After a colon, where prose is likelier
    /// (<c>Password: reset in the console</c>), a value of only lower-case letters counts from 12
    /// characters on. Placeholders, <c>null</c> and paths (<c>PWD=/home/app</c>) never count.
    /// </summary>
    internal static SensitiveFinding? Password(ScanState scan, int start, int labelLength)
    {
        var text = scan.Text;
        // "pwd" must begin a word (or a camelCase part: dbPwd); "password" may end one (db_password, dbPassword).
        if (labelLength == 3 && start > 0 && char.IsAsciiLetter(text[start - 1]) && !char.IsAsciiLetterUpper(text[start]))
        {
            return null;
        }

        var valueStart = AfterSeparator(text, start + labelLength, chinese: false);
        if (valueStart < 0 || scan.InsideAcceptedValue(valueStart))
        {
            return null;
        }

        var valueEnd = scan.EndOfValue(valueStart);
        if (valueEnd - valueStart > MaxExaminedValue)
        {
            return scan.Accepted(Finding(SensitiveKind.Password, scan, start, valueStart, valueEnd), valueStart, valueEnd);
        }

        var value = text.AsSpan(valueStart, valueEnd - valueStart);
        var afterColon = text.AsSpan(start + labelLength, valueStart - start - labelLength).ContainsAny(':', '：');
        var proseLike = afterColon && value.Length < 12 && !value.ContainsAnyExceptInRange('a', 'z');
        return IsPasswordValue(value) && !proseLike
            ? scan.Accepted(Finding(SensitiveKind.Password, scan, start, valueStart, valueEnd), valueStart, valueEnd)
            : null;
    }

    /// <summary>
    /// <c>密码</c> or <c>口令</c> followed by <c>：</c>, <c>:</c>, <c>=</c>, <c>是</c> or <c>为</c> and a value
    /// of 4 or more ASCII characters (<c>密码：Abc12345</c>, <c>数据库密码是 hunter22</c>). Chinese text after
    /// the separator (<c>密码：见工单</c>) is not a value.
    /// </summary>
    internal static SensitiveFinding? ChinesePassword(ScanState scan, int start)
    {
        var text = scan.Text;
        const int labelLength = 2;
        if (start + 1 >= text.Length || text[start + 1] != (text[start] == '密' ? '码' : '令'))
        {
            return null;
        }

        var valueStart = AfterSeparator(text, start + labelLength, chinese: true);
        if (valueStart < 0 || scan.InsideAcceptedValue(valueStart))
        {
            return null;
        }

        var valueEnd = scan.EndOfValue(valueStart);
        return valueEnd - valueStart > MaxExaminedValue || IsPasswordValue(text.AsSpan(valueStart, valueEnd - valueStart))
            ? scan.Accepted(Finding(SensitiveKind.Password, scan, start, valueStart, valueEnd), valueStart, valueEnd)
            : null;
    }

    /// <summary>A password value: 4 characters or more, not a placeholder, not a path, not the next label (<c>password:</c>).</summary>
    private static bool IsPasswordValue(ReadOnlySpan<char> value) =>
        value.Length >= 4 && value[^1] != ':' && value[0] != '/' && !value.StartsWith("~/", StringComparison.Ordinal) && !IsPlaceholder(value);

    /// <summary>
    /// After a label: an optional closing quote (JSON keys), blanks, a separator, blanks and an optional opening
    /// quote. Returns where the value starts, or -1 when no separator follows the label.
    /// </summary>
    private static int AfterSeparator(string text, int index, bool chinese)
    {
        if (index < text.Length && text[index] is '"' or '\'')
        {
            index++;
        }

        index = SkipBlanks(text, index);
        if (index >= text.Length || !(text[index] is ':' or '=' or '：' || (chinese && text[index] is '是' or '为' or '＝')))
        {
            return -1;
        }

        index = SkipBlanks(text, index + 1);
        if (index < text.Length && text[index] is '"' or '\'' or '`' or '“' or '‘' or '「' or '『')
        {
            index++;
        }

        return index;
    }

    private static SensitiveFinding? Credential(ScanState scan, int labelStart, int valueStart)
    {
        if (scan.InsideAcceptedValue(valueStart))
        {
            return null;
        }

        var valueEnd = scan.EndOfValue(valueStart);
        return valueEnd - valueStart > MaxExaminedValue || IsCredentialToken(scan.Text.AsSpan(valueStart, valueEnd - valueStart))
            ? scan.Accepted(Finding(SensitiveKind.AuthorizationHeader, scan, labelStart, valueStart, valueEnd), valueStart, valueEnd)
            : null;
    }

    private static SensitiveFinding Finding(SensitiveKind kind, ScanState scan, int labelStart, int valueStart, int valueEnd) =>
        new(kind, labelStart, valueEnd - labelStart,
            string.Concat(scan.Original(labelStart, valueStart), SecretMask.Value(scan.Text.AsSpan(valueStart, valueEnd - valueStart))));
}
