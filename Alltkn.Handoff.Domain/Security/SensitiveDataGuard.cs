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
/// <item>A personal API token of this workspace is masked the same way: <c>alltkn_pat_</c> + its first 4 characters
/// after the prefix + ten asterisks + its last 4 (<c>alltkn_pat_AbCd**********WxYz</c>).</item>
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
        ["sk-", "AIza", "AKIA", "ASIA", "alltkn_pat_", "eyJ", "-----BEGIN ", "authorization", "bearer", "api-key", "password", "passwd", "pwd"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>How many times <see cref="Redact"/> masks and looks again before it masks with asterisks alone.</summary>
    private const int MaxRedactRounds = 8;

    /// <summary>
    /// Finds the secrets in <paramref name="text"/>, ordered by start and never overlapping, at their positions in
    /// <paramref name="text"/> as given: the detectors scan its <see cref="ScanView">normalized view</see>, and every
    /// finding is mapped back to the span of the original characters it came from.
    /// </summary>
    public static IReadOnlyList<SensitiveFinding> Scan(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var view = ScanView.Of(text);
        var findings = new List<SensitiveFinding>();
        var scan = new ScanState(view);
        ScanTriggers(scan, findings, chinese: false);
        ScanTriggers(scan, findings, chinese: true);
        NumberDetectors.Scan(view.Text, findings);
        if (!ReferenceEquals(view.Text, text))
        {
            for (var i = 0; i < findings.Count; i++)
            {
                findings[i] = view.ToOriginal(findings[i]);
            }

            AddBidiControls(view, findings);
        }

        return findings.Count == 0 ? [] : WithoutOverlaps(findings);
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every secret replaced by its masked form (and every bidi control removed);
    /// everything else is kept exactly as it was. Null becomes the empty string. The result never holds a secret by
    /// <see cref="Scan"/>'s measure, so it can be offered as the text to save instead.
    /// </summary>
    /// <remarks>
    /// <para>The text is scanned once and every finding masked. A mask can, rarely, make a new finding with its
    /// neighbours (a label whose value was part of a longer secret, digits that meet a masked card's last four), so
    /// the masked text is looked at again — but only around the masks (<see cref="ScanNearMasks"/>), not as a whole:
    /// text far from every mask is as it was, and held nothing the first scan did not mask. That ends: each round
    /// replaces values by masks that keep at most half of them. After <see cref="MaxRedactRounds"/> rounds (never seen
    /// outside crafted input) what is still found is replaced by asterisks alone, which no detector takes for a value,
    /// so the work stays bounded.</para>
    /// </remarks>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var findings = Scan(text);
        for (var round = 1; findings.Count > 0; round++)
        {
            if (round > MaxRedactRounds)
            {
                findings = [.. findings.Select(f => f with { Masked = f.Masked.Length == 0 ? "" : SecretMask.Stars })];
            }

            text = Replace(text, findings, out var masks);
            findings = ScanNearMasks(text, masks);
        }

        return text;
    }

    /// <summary>
    /// How far on each side of a mask the masked text is scanned again, beyond the run of value characters the mask
    /// stands in (a label and its separators before a value: <c>Authorization: Bearer </c>, <c>密码：</c>).
    /// </summary>
    private const int MaskReach = 96;

    /// <summary>
    /// The findings of <see cref="Scan"/> in <paramref name="text"/> near the <paramref name="masks"/> just made (spans
    /// in <paramref name="text"/>, in order): each mask with the runs of value characters that touch it and
    /// <see cref="MaskReach"/> characters on each side, widened again to whole runs of value characters; windows that
    /// meet are merged. A window holding a PEM BEGIN line reaches to the end of the text (its END line may lie
    /// anywhere after it). Should a finding in a window reach the window's edge — it might go on beyond it, where the
    /// window did not look — the whole text is scanned instead.
    /// </summary>
    /// <remarks>
    /// Linear however many masks there are: a window's edges are only ever moved over characters no window has
    /// covered yet (a mask inside the window so far widens it from the window's end, which may make it a little larger
    /// than needed, never smaller), and windows never overlap.
    /// </remarks>
    private static IReadOnlyList<SensitiveFinding> ScanNearMasks(string text, List<(int Start, int End)> masks)
    {
        var found = new List<SensitiveFinding>();
        var windowStart = -1;
        var windowEnd = -1;
        foreach (var (start, end) in masks)
        {
            if (windowStart >= 0 && start > windowEnd)
            {
                var from = WidenLeft(text, start, windowEnd);
                from = from - MaskReach <= windowEnd ? windowEnd : WidenLeft(text, from - MaskReach, windowEnd);
                if (from > windowEnd)
                {
                    switch (ScanWindow(text, windowStart, windowEnd, found))
                    {
                        case Window.ReachesEdge:
                            return Scan(text);
                        case Window.ToTheEnd:
                            return found;
                    }

                    windowStart = from;
                }
            }
            else if (windowStart < 0)
            {
                windowStart = WidenLeft(text, WidenLeft(text, start, 0) - MaskReach, 0);
            }

            var inner = end <= windowEnd ? windowEnd : WidenRight(text, end);
            windowEnd = Math.Max(windowEnd, WidenRight(text, inner + MaskReach));
        }

        return windowStart < 0 || ScanWindow(text, windowStart, windowEnd, found) != Window.ReachesEdge ? found : Scan(text);
    }

    private enum Window
    {
        Scanned,
        ToTheEnd,
        ReachesEdge,
    }

    /// <summary>
    /// Scans <paramref name="text"/>[<paramref name="start"/>, <paramref name="end"/>) — to the text's end if it holds a
    /// PEM BEGIN line — and adds its findings, unless one reaches an edge that is not the text's own.
    /// </summary>
    private static Window ScanWindow(string text, int start, int end, List<SensitiveFinding> found)
    {
        if (end < text.Length && text.AsSpan(start, end - start).IndexOf("-----BEGIN", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            end = text.Length;
        }

        var window = start == 0 && end == text.Length ? text : text[start..end];
        foreach (var finding in Scan(window))
        {
            if ((start > 0 && finding.Start == 0) || (end < text.Length && finding.End == window.Length))
            {
                return Window.ReachesEdge;
            }

            found.Add(finding with { Start = finding.Start + start });
        }

        return end == text.Length ? Window.ToTheEnd : Window.Scanned;
    }

    /// <summary>Whether the character at <paramref name="at"/> can be part of a value: a value character, or one the view folds (full-width, invisible, <c>%XX</c>).</summary>
    private static bool InRun(string text, int at) => SecretText.IsValueChar(text[at]) || UnicodeFold.NeedsFoldingAt(text, at);

    /// <summary>Moves <paramref name="at"/> left to the start of the run of value characters it is in or ends, but not below <paramref name="floor"/>.</summary>
    private static int WidenLeft(string text, int at, int floor)
    {
        at = Math.Max(floor, at);
        while (at > floor && InRun(text, at - 1))
        {
            at--;
        }

        return at;
    }

    /// <summary>Moves <paramref name="at"/> right to the end of the run of value characters it is in or starts (never past the end).</summary>
    private static int WidenRight(string text, int at)
    {
        at = Math.Min(text.Length, at);
        while (at < text.Length && InRun(text, at))
        {
            at++;
        }

        return at;
    }

    /// <summary>Whether <paramref name="text"/> holds any secret.</summary>
    public static bool ContainsSecrets(string? text) => Scan(text).Count > 0;

    /// <summary><paramref name="text"/> with every finding replaced by its mask; <paramref name="masks"/> are the masks' spans in the result.</summary>
    private static string Replace(string text, IReadOnlyList<SensitiveFinding> findings, out List<(int Start, int End)> masks)
    {
        var length = text.Length;
        masks = new List<(int Start, int End)>(findings.Count);
        foreach (var finding in findings)
        {
            var at = finding.Start + length - text.Length;
            masks.Add((at, at + finding.Masked.Length));
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
    private static void ScanTriggers(ScanState scan, List<SensitiveFinding> findings, bool chinese)
    {
        var text = scan.Text;
        scan.StartPass();
        var position = 0;
        var denseUntil = 0;
        while (position < text.Length)
        {
            int at;
            if (position < denseUntil)
            {
                // Just after a trigger, look at the next few characters one by one: where triggers come thick
                // (a label repeated a hundred thousand times) this costs a few nanoseconds a character, where a
                // vectorised search would pay its start-up cost again for every trigger.
                at = -1;
                var limit = Math.Min(denseUntil, text.Length);
                for (var p = position; p < limit; p++)
                {
                    if (chinese)
                    {
                        if (text[p] is '密' or '口')
                        {
                            at = p;
                            break;
                        }

                        continue;
                    }

                    var c = text[p];
                    if (c >= 0x80 ? c != 'ſ' : !TriggerFirstChars[c] || (c == '-' && (p + 1 >= text.Length || text[p + 1] != '-')))
                    {
                        continue;
                    }

                    if (p > 0 && RejectedByCharacterBefore(text, p, c, text[p - 1]))
                    {
                        // Its detector would look no further (sk-sk-sk-…): still dense, so keep looking one by one.
                        if (p + 2 < text.Length && (text[p + 1] | 0x20) is 'k' or 'y' or 'e' or 'l' && text[p + 2] is '-' or 'J' or 'a' or 'A' or 'l' or 'L')
                        {
                            denseUntil = p + DenseWindow;
                            limit = Math.Min(denseUntil, text.Length);
                        }

                        continue;
                    }

                    if (IsTriggerAt(text, p))
                    {
                        at = p;
                        break;
                    }
                }

                if (at < 0)
                {
                    position = limit;
                    continue;
                }
            }
            else
            {
                var rest = text.AsSpan(position);
                var found = chinese ? rest.IndexOfAny('密', '口') : rest.IndexOfAny(Triggers);
                if (found < 0)
                {
                    return;
                }

                at = position + found;
            }

            if (DetectAt(scan, at) is { } finding)
            {
                findings.Add(finding);
            }

            position = at + 1;
            denseUntil = at + DenseWindow;
        }
    }

    /// <summary>The characters a trigger can begin with, as ASCII (the long s, ſ, reads as an s in any case as well).</summary>
    private static readonly bool[] TriggerFirstChars = [.. Enumerable.Range(0, 0x80).Select(c => "sSeEbBpPaA-".Contains((char)c))];

    /// <summary>
    /// Whether the detector for a trigger starting with <paramref name="first"/> returns nothing because of the character
    /// before it, as its first check does: an <c>sk-</c> key, a JWT or <c>Bearer</c> after a letter or digit (inside a
    /// word), a JWT after <c>.</c>. Where triggers come thick this saves calling the detector.
    /// </summary>
    /// <remarks>An <c>a</c> followed by <c>l</c> can only begin <c>alltkn_pat_</c>, which takes no letter or digit before it either.</remarks>
    private static bool RejectedByCharacterBefore(string text, int at, char first, char before) =>
        before < 0x80 && (first | 0x20) switch
        {
            's' or 'b' => char.IsAsciiLetterOrDigit(before),
            'e' => char.IsAsciiLetterOrDigit(before) || before == '.',
            'a' => char.IsAsciiLetterOrDigit(before) && at + 1 < text.Length && (text[at + 1] | 0x20) == 'l',
            _ => false,
        };

    /// <summary>How far after a trigger the next is looked for one character at a time (see <see cref="ScanTriggers"/>).</summary>
    private const int DenseWindow = 32;

    /// <summary>Whether one of <see cref="Triggers"/> begins at <paramref name="at"/> (the same words, in any case).</summary>
    private static bool IsTriggerAt(string text, int at)
    {
        var first = text[at];
        if (first >= 0x80 ? first != 'ſ' : !TriggerFirstChars[first])
        {
            return false;
        }

        var rest = text.AsSpan(at);
        return (first | 0x20) switch
        {
            's' => rest.StartsWith("sk-", StringComparison.OrdinalIgnoreCase),
            'e' => rest.StartsWith("eyJ", StringComparison.OrdinalIgnoreCase),
            'b' => rest.StartsWith("bearer", StringComparison.OrdinalIgnoreCase),
            'p' => rest.StartsWith("passw", StringComparison.OrdinalIgnoreCase)
                ? rest.StartsWith("password", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("passwd", StringComparison.OrdinalIgnoreCase)
                : rest.StartsWith("pwd", StringComparison.OrdinalIgnoreCase),
            'a' => rest.StartsWith("aiza", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("akia", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("asia", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("authorization", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("api-key", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith(KeyDetectors.HandoffTokenPrefix, StringComparison.OrdinalIgnoreCase),
            '-' => rest.Length > 1 && rest[1] == '-' && rest.StartsWith("-----BEGIN ", StringComparison.OrdinalIgnoreCase),
            'ſ' | 0x20 => rest.StartsWith("sk-", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    private static SensitiveFinding? DetectAt(ScanState scan, int at)
    {
        var text = scan.Text;
        var rest = text.AsSpan(at);
        var first = text[at];
        return (first < 0x80 ? (char)(first | 0x20) : first) switch
        {
            's' => Key(scan, at, 's'),
            'e' => Key(scan, at, 'e'),
            '-' => KeyDetectors.PrivateKey(scan, at),
            'b' => LabelledDetectors.Bearer(scan, at),
            '密' or '口' => LabelledDetectors.ChinesePassword(scan, at),
            'p' => LabelledDetectors.Password(scan, at, rest.StartsWith("password", StringComparison.OrdinalIgnoreCase) ? 8
                : rest.StartsWith("passwd", StringComparison.OrdinalIgnoreCase) ? 6 : 3),
            'a' when rest.StartsWith("authorization", StringComparison.OrdinalIgnoreCase) => LabelledDetectors.Authorization(scan, at),
            'a' when rest.StartsWith("api-key", StringComparison.OrdinalIgnoreCase) => LabelledDetectors.ApiKeyHeader(scan, at),
            'a' when rest.StartsWith("AIza", StringComparison.Ordinal) => KeyDetectors.GoogleKey(text, at),
            'a' when rest.StartsWith(KeyDetectors.HandoffTokenPrefix, StringComparison.OrdinalIgnoreCase) => Key(scan, at, 'a'),
            'a' => KeyDetectors.AwsKey(text, at),
            _ => null,
        };
    }

    /// <summary>
    /// The key (<c>sk-</c>, JWT, <c>alltkn_pat_</c>; <paramref name="first"/> is <c>s</c>, <c>e</c> or <c>a</c>) at
    /// <paramref name="at"/>. A prefix glued to what comes before by <c>-</c> or <c>_</c> (<c>prod-sk-…</c>,
    /// <c>KEY_sk-…</c>, a second key joined to the first with <c>-</c>) is a key's start like any other, unless the
    /// look of an earlier key trigger already covered it (<see cref="ScanState.KeyLookedTo"/>): a run of glued prefixes
    /// (<c>sk-proj-sk-proj-…</c>, <c>eyJ-eyJ-…</c>) is measured once, not once per prefix, so the scan stays linear.
    /// </summary>
    private static SensitiveFinding? Key(ScanState scan, int at, char first)
    {
        var text = scan.Text;
        var before = at > 0 ? text[at - 1] : ' ';
        if (before is '-' or '_' && at < scan.KeyLookedTo)
        {
            return null;
        }

        if (first == 's' && !char.IsAsciiLetterOrDigit(before) && KeyDetectors.TooShortForAKey(text, at, out var shortEnd))
        {
            scan.KeyLookedTo = Math.Max(scan.KeyLookedTo, shortEnd);
            return null;
        }

        var finding = first switch
        {
            's' => KeyDetectors.ApiKey(text, at),
            'e' => KeyDetectors.Jwt(text, at),
            _ => KeyDetectors.HandoffToken(text, at),
        };

        // A trigger inside a word was turned away at its first check, without a look; any other was looked at.
        if (finding is not null)
        {
            scan.KeyLookedTo = Math.Max(scan.KeyLookedTo, finding.End);
        }
        else if (!char.IsAsciiLetterOrDigit(before) && !(first == 'e' && before == '.'))
        {
            scan.KeyLookedTo = Math.Max(scan.KeyLookedTo, KeyDetectors.LookedTo(text, at, first));
        }

        return finding;
    }

    /// <summary>
    /// Chooses among overlapping candidates the one that covers most (a header over the key in it, a card number
    /// over a password label whose value is the card's first group), then the next largest that overlaps none
    /// chosen, and so on. Returns the chosen findings ordered by start.
    /// </summary>
    private static SensitiveFinding[] WithoutOverlaps(List<SensitiveFinding> candidates)
    {
        SortByStart(candidates);
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
        SortByStart(kept);
        return [.. kept];
    }

    /// <summary>Sorts by start, unless already sorted (each detector reports in order; often only one reports).</summary>
    private static void SortByStart(List<SensitiveFinding> findings)
    {
        for (var i = 1; i < findings.Count; i++)
        {
            if (findings[i].Start < findings[i - 1].Start)
            {
                findings.Sort(static (a, b) => a.Start.CompareTo(b.Start));
                return;
            }
        }
    }

    /// <summary>
    /// Adds the bidi controls the view removed, one finding per run of them, masked as nothing. A secret that spans
    /// one is larger and wins; its mask, made from the view, holds no bidi control either.
    /// </summary>
    private static void AddBidiControls(ScanView view, List<SensitiveFinding> findings)
    {
        var bidi = view.Bidi;
        for (var i = 0; i < bidi.Count;)
        {
            var run = 1;
            while (i + run < bidi.Count && bidi[i + run] == bidi[i] + run)
            {
                run++;
            }

            findings.Add(new SensitiveFinding(SensitiveKind.BidiControl, bidi[i], run, string.Empty));
            i += run;
        }
    }

    /// <summary>
    /// Keeps, from candidates that overlap one another, the largest first and then any that overlap none kept.
    /// Candidates that overlap one another in a chain (a header whose value is the next header's label, over a whole
    /// megabyte) are checked against those kept in logarithmic time: <see cref="KeptStarts"/>.
    /// </summary>
    private static void KeepLargest(List<SensitiveFinding> cluster, List<SensitiveFinding> kept)
    {
        if (cluster.Count == 0)
        {
            return;
        }

        if (cluster.Count == 1)
        {
            kept.Add(cluster[0]);
            return;
        }

        // The cluster arrives ordered by start; remember each candidate's place in that order.
        var byStart = cluster.ToArray();
        var order = new int[byStart.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => byStart[a].Length != byStart[b].Length
            ? byStart[b].Length.CompareTo(byStart[a].Length)
            : a.CompareTo(b));
        var chosen = new KeptStarts(byStart);
        foreach (var index in order)
        {
            if (chosen.Overlaps(index))
            {
                continue;
            }

            chosen.Keep(index);
            kept.Add(byStart[index]);
        }
    }

    /// <summary>
    /// The candidates of one cluster kept so far, as marks on their places in start order (a Fenwick tree): whether a
    /// candidate overlaps a kept one is whether a kept one starts inside it or the last kept one starting before it
    /// reaches into it — each a question of logarithmic cost. Kept candidates never overlap one another.
    /// </summary>
    private sealed class KeptStarts(SensitiveFinding[] byStart)
    {
        private readonly int[] tree = new int[byStart.Length + 1];

        public void Keep(int index)
        {
            for (var i = index + 1; i < tree.Length; i += i & -i)
            {
                tree[i]++;
            }
        }

        public bool Overlaps(int index)
        {
            var candidate = byStart[index];
            var first = FirstStartingAtOrAfter(candidate.Start);
            var pastEnd = FirstStartingAtOrAfter(candidate.End);
            if (CountBefore(pastEnd) - CountBefore(first) > 0)
            {
                return true;
            }

            var before = CountBefore(first);
            return before > 0 && byStart[Find(before)].End > candidate.Start;
        }

        /// <summary>Index of the first candidate whose start is at or after <paramref name="position"/>.</summary>
        private int FirstStartingAtOrAfter(int position)
        {
            int low = 0, high = byStart.Length;
            while (low < high)
            {
                var middle = low + ((high - low) >> 1);
                if (byStart[middle].Start < position)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        /// <summary>How many kept candidates have an index below <paramref name="index"/>.</summary>
        private int CountBefore(int index)
        {
            var count = 0;
            for (var i = index; i > 0; i -= i & -i)
            {
                count += tree[i];
            }

            return count;
        }

        /// <summary>Index of the <paramref name="rank"/>-th kept candidate (1-based) in start order.</summary>
        private int Find(int rank)
        {
            var position = 0;
            for (var step = HighestPowerOfTwo(tree.Length - 1); step > 0; step >>= 1)
            {
                if (position + step < tree.Length && tree[position + step] < rank)
                {
                    position += step;
                    rank -= tree[position];
                }
            }

            return position; // 0-based: the tree's position + 1 is the candidate's index + 1
        }

        private static int HighestPowerOfTwo(int n) => n <= 0 ? 0 : 1 << (31 - int.LeadingZeroCount(n));
    }
}
