using System.Buffers;
using static Alltkn.Handoff.Domain.Security.SecretText;

namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// Detectors for secrets recognisable by their own shape: <c>sk-</c> keys, Google and AWS keys, JWTs and
/// PEM private keys. Each is called at the index where its prefix was seen and returns null when the
/// text there is not a secret after all.
/// </summary>
internal static class KeyDetectors
{
    private const int RelayKeyLength = 48;
    private const int MinimumKeyBody = 20;
    private const int MaxPemLength = 16 * 1024;
    private const int MaxBrokenPieces = 12;

    /// <summary>How many letters and digits a piece of a broken relay key has at least (the first piece included).</summary>
    private const int MinimumPiece = 4;

    private static readonly (string Prefix, SensitiveKind Kind)[] VendorPrefixes =
    [
        ("proj-", SensitiveKind.OpenAiKey),
        ("svcacct-", SensitiveKind.OpenAiKey),
        ("admin-", SensitiveKind.OpenAiKey),
        ("ant-", SensitiveKind.AnthropicKey),
    ];

    /// <summary>
    /// An <c>sk-</c> key at <paramref name="start"/>, in any case (<c>SK-…</c>, as a key typed with caps lock on or
    /// upper-cased by a tool), and also when broken over lines or by spaces (see <see cref="BrokenRelayKey"/>).
    /// </summary>
    internal static SensitiveFinding? ApiKey(string text, int start)
    {
        if (IsAt(text, start - 1, LettersAndDigits) || !text.AsSpan(start).StartsWith("sk-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bodyStart = start + 3;
        foreach (var (prefix, kind) in VendorPrefixes)
        {
            if (text.AsSpan(bodyStart).StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var tailStart = bodyStart + prefix.Length;
                var end = EndOf(text, tailStart, Base64Url);
                return end - tailStart >= MinimumKeyBody && !IsTypedPlaceholder(text.AsSpan(tailStart, end - tailStart))
                    ? Key(kind, text, start, end)
                    : null;
            }
        }

        var runEnd = EndOf(text, bodyStart, LettersAndDigits);
        if (runEnd - bodyStart < RelayKeyLength
            && BrokenRelayKey(text, start, bodyStart, runEnd) is { } brokenRelay)
        {
            return brokenRelay;
        }

        var body = text.AsSpan(bodyStart, runEnd - bodyStart);
        if (body.Length < MinimumKeyBody || (runEnd < text.Length && text[runEnd] == '_') || IsTypedPlaceholder(body))
        {
            return null;
        }

        if (body.Contains("T3BlbkFJ", StringComparison.OrdinalIgnoreCase))
        {
            return Key(SensitiveKind.OpenAiKey, text, start, runEnd);
        }

        // Other vendors' sk- keys come in many lengths: only a random-looking body counts.
        if (body.Length != RelayKeyLength)
        {
            return LooksRandom(body, requireLetterAndDigit: true) ? Key(SensitiveKind.OtherApiKey, text, start, runEnd) : null;
        }

        // One API lets a relay key name a channel: sk-…-3.
        if (runEnd + 1 < text.Length && text[runEnd] == '-' && char.IsAsciiDigit(text[runEnd + 1]))
        {
            var channelEnd = EndOfDigits(text, runEnd + 1);
            if (channelEnd - runEnd <= 7 && !IsAt(text, channelEnd, Base64Url))
            {
                runEnd = channelEnd;
            }
        }

        return Key(SensitiveKind.RelayApiKey, text, start, runEnd);
    }

    /// <summary>
    /// A relay key whose body was broken over lines or by single spaces (wrapped in a terminal or a chat window,
    /// copied from a PDF): pieces of at least 4 letters and digits joined across one break each (a space, or a line
    /// break with indentation), at most <see cref="MaxBrokenPieces"/> of them, making exactly the 48 characters of a
    /// relay key with upper- and lower-case letters and digits, as generated keys have and sentences do not. The
    /// finding spans the pieces and the breaks; the mask is made from the joined key.
    /// </summary>
    private static SensitiveFinding? BrokenRelayKey(string text, int start, int bodyStart, int firstEnd)
    {
        var next = AfterBreak(text, firstEnd, LettersAndDigits);
        if (next < 0 || firstEnd - bodyStart < MinimumPiece)
        {
            return null;
        }

        Span<char> key = stackalloc char[3 + RelayKeyLength];
        text.AsSpan(start, firstEnd - start).CopyTo(key);
        var length = firstEnd - start;
        var pieces = 1;
        var end = firstEnd;
        while (next >= 0 && pieces < MaxBrokenPieces && length < key.Length)
        {
            var pieceEnd = EndOf(text, next, LettersAndDigits, limit: key.Length - length + 1);
            if (pieceEnd - next < MinimumPiece || length + pieceEnd - next > key.Length)
            {
                return null;
            }

            text.AsSpan(next, pieceEnd - next).CopyTo(key[length..]);
            length += pieceEnd - next;
            pieces++;
            end = pieceEnd;
            next = AfterBreak(text, pieceEnd, LettersAndDigits);
        }

        var body = key[3..length];
        return length == key.Length && !IsAt(text, end, Base64Url) && body.ContainsAnyInRange('0', '9')
            && body.ContainsAnyInRange('a', 'z') && body.ContainsAnyInRange('A', 'Z') && !IsTypedPlaceholder(body)
            ? new SensitiveFinding(SensitiveKind.RelayApiKey, start, end - start, SecretMask.ApiKey(key))
            : null;
    }

    /// <summary>After a break in a key at <paramref name="index"/>: where the next piece starts, or -1 when no break and piece follow.</summary>
    private static int AfterBreak(string text, int index, SearchValues<char> chars)
    {
        if (index >= text.Length)
        {
            return -1;
        }

        int next;
        if (text[index] == ' ' && index + 1 < text.Length && text[index + 1] != ' ')
        {
            next = index + 1;
        }
        else
        {
            var i = index;
            var limit = Math.Min(text.Length, index + 16);
            while (i < limit && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '\n')
            {
                return -1;
            }

            i++;
            while (i < limit + 2 && i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            next = i;
        }

        return IsAt(text, next, chars) ? next : -1;
    }

    /// <summary>A Google API key at <paramref name="start"/>: <c>AIza</c> and exactly 35 characters.</summary>
    internal static SensitiveFinding? GoogleKey(string text, int start)
    {
        if (IsAt(text, start - 1, LettersAndDigits) || !text.AsSpan(start).StartsWith("AIza", StringComparison.Ordinal))
        {
            return null;
        }

        var end = EndOf(text, start + 4, Base64Url, limit: 36);
        return end - start == 39 && LooksRandom(text.AsSpan(start + 4, 35), requireLetterAndDigit: false)
            ? Generic(SensitiveKind.GoogleApiKey, text, start, end)
            : null;
    }

    /// <summary>
    /// The fewest letters or digits after <c>sk-</c> with which a key can begin: the shortest vendor prefix's word
    /// (<c>ant</c> of <c>ant-</c>) or a relay key's first piece (<see cref="MinimumPiece"/>); every other body is longer.
    /// </summary>
    private static readonly int FewestToBeginAKey = Math.Min(VendorPrefixes.Min(p => p.Prefix.TrimEnd('-').Length), MinimumPiece);

    /// <summary>
    /// Whether the <c>sk-</c> at <paramref name="start"/> is followed by too few letters or digits to begin any key
    /// (<c>sk-sk-sk-…</c>), so that <see cref="ApiKey"/> would find nothing there; <paramref name="lookedTo"/> is the end of
    /// those few. A check of a few characters, for where <c>sk-</c> comes thick.
    /// </summary>
    internal static bool TooShortForAKey(string text, int start, out int lookedTo)
    {
        var body = start + 3;
        var run = 0;
        while (run < FewestToBeginAKey && body + run < text.Length && char.IsAsciiLetterOrDigit(text[body + run]))
        {
            run++;
        }

        lookedTo = body + run;
        return run < FewestToBeginAKey;
    }

    /// <summary>
    /// Where the look of the key detector for the trigger <paramref name="first"/> (<c>s</c>, <c>e</c> or <c>a</c> for
    /// <c>alltkn_pat_</c>) at <paramref name="start"/> ends when it finds nothing: the run of characters it measured
    /// (base64url after a vendor prefix, a JWT header or a token prefix; letters and digits for a plain <c>sk-</c>
    /// body). A prefix glued by <c>-</c> or <c>_</c> inside that run was part of what was looked at.
    /// </summary>
    internal static int LookedTo(string text, int start, char first)
    {
        switch (first)
        {
            case 's':
                var bodyStart = Math.Min(text.Length, start + 3);
                foreach (var (prefix, _) in VendorPrefixes)
                {
                    if (text.AsSpan(bodyStart).StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        return EndOf(text, bodyStart + prefix.Length, Base64Url);
                    }
                }

                return EndOf(text, bodyStart, LettersAndDigits);
            case 'e':
                return EndOf(text, start, Base64Url);
            default:
                return EndOf(text, Math.Min(text.Length, start + HandoffTokenPrefix.Length), Base64Url);
        }
    }

    /// <summary>The prefix of this workspace's personal API tokens.</summary>
    internal const string HandoffTokenPrefix = "alltkn_pat_";

    /// <summary>The length of a personal API token's body: 32 random bytes in base64url without padding.</summary>
    internal const int HandoffTokenBodyLength = 43;

    /// <summary>
    /// A personal API token of this workspace at <paramref name="start"/>: <c>alltkn_pat_</c> (in any case: a tool
    /// may have upper-cased it) and at least 43 base64url characters, the body taken as written (base64url is case
    /// sensitive, so the body is never case-folded). A longer run is taken whole; a shorter one (a truncated or
    /// masked token, <c>alltkn_pat_AbCd**********WxYz</c>) or one character repeated (a placeholder) is not a token.
    /// Full-width forms and invisible characters inside are folded away by the view, as for every key. Like an
    /// <c>sk-</c> key, a prefix right after a letter or digit is not a token's start (it is inside a word); after
    /// <c>-</c> or <c>_</c> it is (<c>token_alltkn_pat_…</c>), unless an earlier prefix's look already covered it:
    /// <see cref="SensitiveDataGuard"/> keeps that, so <c>alltkn_pat_alltkn_pat_…</c> is one run, measured once.
    /// </summary>
    internal static SensitiveFinding? HandoffToken(string text, int start)
    {
        if (IsAt(text, start - 1, LettersAndDigits) || !text.AsSpan(start).StartsWith(HandoffTokenPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bodyStart = start + HandoffTokenPrefix.Length;
        var end = EndOf(text, bodyStart, Base64Url);
        var body = text.AsSpan(bodyStart, end - bodyStart);
        return body.Length >= HandoffTokenBodyLength && body.ContainsAnyExcept(body[0])
            ? new SensitiveFinding(SensitiveKind.HandoffApiToken, start, end - start, SecretMask.HandoffToken(text.AsSpan(start, end - start)))
            : null;
    }

    /// <summary>An AWS access key id at <paramref name="start"/>: <c>AKIA</c> or <c>ASIA</c> and 16 upper-case letters or digits.</summary>
    internal static SensitiveFinding? AwsKey(string text, int start)
    {
        var prefix = text.AsSpan(start);
        if ((start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
            || !(prefix.StartsWith("AKIA", StringComparison.Ordinal) || prefix.StartsWith("ASIA", StringComparison.Ordinal)))
        {
            return null;
        }

        var end = EndOf(text, start + 4, UpperAndDigits, limit: 17);
        return end - start == 20 && !(end < text.Length && IsWordChar(text[end]))
            && LooksRandom(text.AsSpan(start + 4, 16), requireLetterAndDigit: false)
            ? Generic(SensitiveKind.AwsAccessKey, text, start, end)
            : null;
    }

    /// <summary>
    /// A JWT at <paramref name="start"/>: a header of at least 10 base64url characters starting <c>eyJ</c>,
    /// a payload of at least 4, and a signature (which may be empty, as in unsigned tokens). Further
    /// segments (JWE) are taken in too.
    /// </summary>
    internal static SensitiveFinding? Jwt(string text, int start)
    {
        if ((start > 0 && (LettersAndDigits.Contains(text[start - 1]) || text[start - 1] == '.'))
            || !text.AsSpan(start).StartsWith("eyJ", StringComparison.Ordinal))
        {
            return null;
        }

        var headerEnd = EndOf(text, start, Base64Url);
        if (headerEnd - start < 10 || headerEnd >= text.Length || text[headerEnd] != '.')
        {
            return null;
        }

        var payloadEnd = EndOf(text, headerEnd + 1, Base64Url);
        if (payloadEnd - headerEnd - 1 < 4 || payloadEnd >= text.Length || text[payloadEnd] != '.')
        {
            return null;
        }

        var end = EndOf(text, payloadEnd + 1, Base64Url);
        while (end + 1 < text.Length && text[end] == '.' && Base64Url.Contains(text[end + 1]))
        {
            end = EndOf(text, end + 1, Base64Url);
        }

        return Generic(SensitiveKind.Jwt, text, start, end);
    }

    /// <summary>
    /// A PEM private key at <paramref name="start"/>, from <c>-----BEGIN … PRIVATE KEY-----</c> to the matching
    /// END line, or to the end of its base64 body when the END line is missing. The markers stay readable in
    /// the mask; the body is masked as one value. A block whose body has fewer than 32 base64 characters
    /// (<c>-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----</c>) is a template, not a key.
    /// </summary>
    internal static SensitiveFinding? PrivateKey(ScanState scan, int start)
    {
        var text = scan.Text;
        const string begin = "-----BEGIN ";
        const string dashes = "-----";
        if (!text.AsSpan(start).StartsWith(begin, StringComparison.Ordinal))
        {
            return null;
        }

        var labelStart = start + begin.Length;
        var labelEnd = text.AsSpan(labelStart, Math.Min(48, text.Length - labelStart)).IndexOf(dashes, StringComparison.Ordinal);
        if (labelEnd < 0)
        {
            return null;
        }

        labelEnd += labelStart;

        var label = text.AsSpan(labelStart, labelEnd - labelStart);
        if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal) || label.ContainsAnyExcept(UpperDigitsAndSpace))
        {
            return null;
        }

        var bodyStart = labelEnd + dashes.Length;
        const string endLine = "-----END ";
        // Even a 16384-bit RSA key fits in 16 KB of PEM; looking no further keeps truncated blocks cheap. The first END
        // line after the body is the block's: the scan remembers it, so repeated BEGIN lines do not search again.
        var endMarkerAt = scan.NextEndMarker(bodyStart);
        var endLength = endLine.Length + label.Length + dashes.Length;
        if (endMarkerAt < 0 || endMarkerAt - bodyStart > MaxPemLength || endMarkerAt + endLength > text.Length
            || !text.AsSpan(endMarkerAt + endLine.Length, label.Length).SequenceEqual(label)
            || !text.AsSpan(endMarkerAt + endLine.Length + label.Length).StartsWith(dashes, StringComparison.Ordinal))
        {
            endMarkerAt = -1;
        }

        int bodyEnd, end;
        if (endMarkerAt >= 0)
        {
            bodyEnd = endMarkerAt;
            end = endMarkerAt + endLength;
        }
        else
        {
            bodyEnd = EndOf(text, bodyStart, Base64AndWhiteSpace, MaxPemLength);
            while (bodyEnd > bodyStart && char.IsWhiteSpace(text[bodyEnd - 1]))
            {
                bodyEnd--;
            }

            end = bodyEnd;
        }

        // The body's base64 characters, without line breaks or the headers of legacy encrypted keys' lines; counted
        // before anything is built, so that a template or a crafted run of BEGIN lines costs nothing.
        var bodySpan = text.AsSpan(bodyStart, bodyEnd - bodyStart);
        if (bodySpan.Length < 32 || CountOf(bodySpan, Base64) < 32)
        {
            return null;
        }

        var body = string.Concat(bodySpan.ToArray().Where(Base64.Contains));
        var endMarker = endMarkerAt >= 0 ? text.Substring(endMarkerAt, endLength) : string.Empty;

        var separator = text.AsSpan(bodyStart, bodyEnd - bodyStart).Contains('\n') ? "\n" : " ";
        var masked = endMarker.Length > 0
            ? $"{text.AsSpan(start, bodyStart - start)}{separator}{SecretMask.Generic(body)}{separator}{endMarker}"
            : $"{text.AsSpan(start, bodyStart - start)}{separator}{SecretMask.Generic(body)}";
        return new SensitiveFinding(SensitiveKind.PrivateKey, start, end - start, masked);
    }

    private static int CountOf(ReadOnlySpan<char> text, SearchValues<char> chars)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (chars.Contains(c))
            {
                count++;
            }
        }

        return count;
    }

    private static readonly SearchValues<char> UpperDigitsAndSpace =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ");

    private static readonly SearchValues<char> Base64AndWhiteSpace =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/= \t\r\n");

    private static SensitiveFinding Key(SensitiveKind kind, string text, int start, int end) =>
        new(kind, start, end - start, SecretMask.ApiKey(text.AsSpan(start, end - start)));

    private static SensitiveFinding Generic(SensitiveKind kind, string text, int start, int end) =>
        new(kind, start, end - start, SecretMask.Generic(text.AsSpan(start, end - start)));
}
