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
    /// exactly as it was. Null becomes the empty string. The result never holds a secret by
    /// <see cref="Scan"/>'s measure, so it can be offered as the text to save instead.
    /// </summary>
    /// <remarks>
    /// A mask can, rarely, make a new finding with its neighbours (a label whose value was part of a longer
    /// secret, digits that meet a masked card's last four), so the masked text is scanned again until it is
    /// clean. That ends: each round replaces values by masks that keep at most half of them.
    /// </remarks>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        for (var findings = Scan(text); findings.Count > 0; findings = Scan(text))
        {
            text = Replace(text, findings);
        }

        return text;
    }

    /// <summary>Whether <paramref name="text"/> holds any secret.</summary>
    public static bool ContainsSecrets(string? text) => Scan(text).Count > 0;

    private static string Replace(string text, IReadOnlyList<SensitiveFinding> findings)
    {
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

    /// <summary>
    /// Adds a candidate for every trigger that turns out to begin a secret, including triggers inside another
    /// candidate (a JWT inside a <c>Bearer</c> header): <see cref="WithoutOverlaps"/> chooses among them.
    /// </summary>
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
            if (DetectAt(text, at) is { } finding)
            {
                findings.Add(finding);
            }

            position = at + 1;
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

    /// <summary>
    /// Chooses among overlapping candidates the one that covers most (a header over the key in it, a card number
    /// over a password label whose value is the card's first group), then the next largest that overlaps none
    /// chosen, and so on. Returns the chosen findings ordered by start.
    /// </summary>
    private static SensitiveFinding[] WithoutOverlaps(List<SensitiveFinding> candidates)
    {
        candidates.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var kept = new List<SensitiveFinding>(candidates.Count);
        var cluster = new List<SensitiveFinding>();
        var clusterEnd = -1;
        foreach (var candidate in candidates)
        {
            if (candidate.Start >= clusterEnd)
            {
                KeepLargest(cluster, kept);
                cluster.Clear();
            }

            cluster.Add(candidate);
            clusterEnd = Math.Max(clusterEnd, candidate.End);
        }

        KeepLargest(cluster, kept);
        kept.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return [.. kept];
    }

    /// <summary>Keeps, from candidates that overlap one another, the largest first and then any that overlap none kept.</summary>
    private static void KeepLargest(List<SensitiveFinding> cluster, List<SensitiveFinding> kept)
    {
        if (cluster.Count == 1)
        {
            kept.Add(cluster[0]);
            return;
        }

        cluster.Sort(static (a, b) => a.Length != b.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var first = kept.Count;
        foreach (var candidate in cluster)
        {
            if (!kept.Skip(first).Any(k => candidate.Start < k.End && k.Start < candidate.End))
            {
                kept.Add(candidate);
            }
        }
    }
}
