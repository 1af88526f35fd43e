namespace Alltkn.Handoff.Domain.Security;

/// <summary>
/// The masks <see cref="SensitiveDataGuard"/> suggests. Every mask has exactly ten asterisks, whatever the
/// length of what it hides, so the mask does not tell the length either.
/// </summary>
internal static class SecretMask
{
    internal const string Stars = "**********";

    /// <summary>
    /// Masks a credential value: an <c>sk-</c> key the way New API shows it, anything else with
    /// <see cref="Generic"/>.
    /// </summary>
    internal static string Value(ReadOnlySpan<char> value) =>
        value.StartsWith("sk-", StringComparison.OrdinalIgnoreCase) && value.Length >= 3 + 16 ? ApiKey(value)
        : value.StartsWith(KeyDetectors.HandoffTokenPrefix, StringComparison.OrdinalIgnoreCase)
            && value.Length >= KeyDetectors.HandoffTokenPrefix.Length + 16 ? HandoffToken(value)
        : Generic(value);

    /// <summary>
    /// A personal API token of this workspace as a key is masked: the <c>alltkn_pat_</c> prefix (as written) + the
    /// first 4 characters after it + ten asterisks + the last 4 (<c>alltkn_pat_AbCd**********WxYz</c>).
    /// </summary>
    internal static string HandoffToken(ReadOnlySpan<char> token)
    {
        var prefix = token[..KeyDetectors.HandoffTokenPrefix.Length];
        var body = token[prefix.Length..];
        return body.Length < 16 ? Generic(token) : $"{prefix}{body[..4]}{Stars}{body[^4..]}";
    }

    /// <summary>
    /// <c>sk-</c> (as written: <c>SK-</c> stays upper case) + the first 4 characters after it + ten asterisks +
    /// the last 4 characters, as New API shows a key (<c>sk-AbCd**********WxYz</c>). A One API channel suffix (<c>-3</c>) is
    /// not secret and is kept after the mask.
    /// </summary>
    internal static string ApiKey(ReadOnlySpan<char> key)
    {
        var body = key[3..];
        var suffix = ReadOnlySpan<char>.Empty;
        var dash = body.LastIndexOf('-');
        if (dash == 48 && body.Length > 49 && !body[(dash + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            suffix = body[dash..];
            body = body[..dash];
        }

        return body.Length < 16
            ? Generic(key)
            : $"{key[..3]}{body[..4]}{Stars}{body[^4..]}{suffix}";
    }

    /// <summary>
    /// Keeps at most the first 4 and the last 4 characters with ten asterisks between. Values shorter
    /// than 16 characters keep a quarter of their length at each end (rounded down), so at least half
    /// of any value is always hidden; values under 4 characters keep nothing.
    /// </summary>
    internal static string Generic(ReadOnlySpan<char> value)
    {
        var keep = value.Length >= 16 ? 4 : value.Length / 4;
        return $"{value[..keep]}{Stars}{value[^keep..]}";
    }
}
