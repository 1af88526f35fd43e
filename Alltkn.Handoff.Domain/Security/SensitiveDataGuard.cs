using System.Buffers;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// Finds the secrets that must never be stored in a field (see "Evidence and the public boundary" in
/// DOMAIN.md) and suggests a masked form for each.
/// </summary>
/// <remarks>
/// <para>Masks:</para>
/// <list type="bullet">
/// <item>Any <c>sk-</c> key (relay, OpenAI, Anthropic, other) is masked as New API shows it: <c>sk-</c> + its first
/// 4 characters after <c>sk-</c> + ten asterisks + its last 4 (<c>sk-AbCd**********WxYz</c>; <c>sk-proj**********WxYz</c>).</item>
/// <item>Headers and password assignments keep their label and scheme and mask only the value:
/// <c>Authorization: Bearer eyJh**********abcd</c>, <c>x-api-key: sk-ant-**********WxYz</c>, <c>密码：Abc1**********5678</c>.</item>
/// <item>A PEM block keeps its BEGIN and END lines and masks its body as one value.</item>
/// <item>Bank card and identity numbers keep at most their first and last 4 digits (<c>6222**********0128</c>).</item>
/// <item>Everything else keeps at most its first 4 and last 4 characters with ten asterisks between. Values
/// shorter than 16 characters keep a quarter of their length at each end, so at least half is always hidden.</item>
/// </list>
/// <para>Not flagged: masked keys, placeholders (<c>&lt;YOUR_API_KEY&gt;</c>, <c>$OPENAI_API_KEY</c>, <c>${API_KEY}</c>,
/// <c>sk-xxxx</c>, <c>your-api-key</c>, <c>Bearer &lt;token&gt;</c>), model names, URLs, order and ticket numbers,
/// UUIDs, request ids, timestamps, status codes, phone numbers and short digit runs.</para>
/// <para>Speed: three vectorised searches (the ASCII prefixes and labels that can begin a secret, the Chinese
/// labels, four digits in a row); the heavier checks run only where those hit. The target is under 10 ms for
/// 1 MB of evidence text; docs/benchmarks.md has the measurements.</para>
/// </remarks>
public static class SensitiveDataGuard
{
    /// <summary>
    /// Every ASCII prefix or label at which a secret can begin, found in one vectorised pass. The Chinese labels
    /// (密码, 口令) have a pass of their own: in a <see cref="SearchValues{T}"/> of strings they would make the
    /// whole search several times slower.
    /// </summary>
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        ["sk-", "AIza", "AKIA", "ASIA", "eyJ", "-----BEGIN ", "authorization", "bearer", "api-key", "password", "passwd", "pwd"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds the secrets in <paramref name="text"/>, ordered by start and never overlapping.</summary>
    public static IReadOnlyList<SensitiveFinding> Scan(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var findings = new List<SensitiveFinding>();
        ScanTriggers(text, findings, chinese: false);
        ScanTriggers(text, findings, chinese: true);
        NumberDetectors.Scan(text, findings);
        return findings.Count == 0 ? [] : WithoutOverlaps(findings);
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every secret replaced by its masked form; everything else is kept
    /// exactly as it was. Null becomes the empty string.
    /// </summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var findings = Scan(text);
        if (findings.Count == 0)
        {
            return text;
        }

        var length = text.Length;
        foreach (var finding in findings)
        {
            length += finding.Masked.Length - finding.Length;
        }

        return string.Create(length, (text, findings), static (redacted, state) =>
        {
            var (text, findings) = state;
            var copied = 0;
            foreach (var finding in findings)
            {
                text.AsSpan(copied, finding.Start - copied).CopyTo(redacted);
                finding.Masked.CopyTo(redacted[(finding.Start - copied)..]);
                redacted = redacted[(finding.Start - copied + finding.Masked.Length)..];
                copied = finding.End;
            }

            text.AsSpan(copied).CopyTo(redacted);
        });
    }

    /// <summary>Whether <paramref name="text"/> holds any secret.</summary>
    public static bool ContainsSecrets(string? text) => Scan(text).Count > 0;

    private static void ScanTriggers(string text, List<SensitiveFinding> findings, bool chinese)
    {
        var position = 0;
        while (position < text.Length)
        {
            var rest = text.AsSpan(position);
            var found = chinese ? rest.IndexOfAny('密', '口') : rest.IndexOfAny(Triggers);
            if (found < 0)
            {
                return;
            }

            var at = position + found;
            var finding = DetectAt(text, at);
            if (finding is null)
            {
                position = at + 1;
                continue;
            }

            findings.Add(finding);
            position = Math.Max(at + 1, finding.End);
        }
    }

    private static SensitiveFinding? DetectAt(string text, int at)
    {
        var rest = text.AsSpan(at);
        return char.ToLowerInvariant(text[at]) switch
        {
            's' => KeyDetectors.ApiKey(text, at),
            'e' => KeyDetectors.Jwt(text, at),
            '-' => KeyDetectors.PrivateKey(text, at),
            'b' => LabelledDetectors.Bearer(text, at),
            '密' or '口' => LabelledDetectors.ChinesePassword(text, at),
            'p' => LabelledDetectors.Password(text, at, rest.StartsWith("password", StringComparison.OrdinalIgnoreCase) ? 8
                : rest.StartsWith("passwd", StringComparison.OrdinalIgnoreCase) ? 6 : 3),
            'a' when rest.StartsWith("authorization", StringComparison.OrdinalIgnoreCase) => LabelledDetectors.Authorization(text, at),
            'a' when rest.StartsWith("api-key", StringComparison.OrdinalIgnoreCase) => LabelledDetectors.ApiKeyHeader(text, at),
            'a' when rest.StartsWith("AIza", StringComparison.Ordinal) => KeyDetectors.GoogleKey(text, at),
            'a' => KeyDetectors.AwsKey(text, at),
            _ => null,
        };
    }

    /// <summary>Keeps, of findings that overlap, the one that starts first (the longer one when they start together).</summary>
    private static SensitiveFinding[] WithoutOverlaps(List<SensitiveFinding> findings)
    {
        findings.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = new List<SensitiveFinding>(findings.Count);
        var end = 0;
        foreach (var finding in findings)
        {
            if (finding.Start >= end)
            {
                kept.Add(finding);
                end = finding.End;
            }
        }

        return [.. kept];
    }
}
