using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Alltkn.Handoff.App.Api.Tokens;

/// <summary>
/// A personal API token as stored: whose it is, its name, the SHA-256 of its value (never the value), its masked form
/// for the account page, what it may do, and when it was created, expires, was last used and revoked.
/// </summary>
public sealed class ApiToken
{
    private ApiToken()
    {
        UserId = Name = Hash = Hint = "";
    }

    public ApiToken(string userId, string name, string hash, string hint, ApiTokenAccess access, DateTime createdAtUtc, DateTime expiresAtUtc)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Name = name;
        Hash = hash;
        Hint = hint;
        Access = access;
        CreatedAtUtc = createdAtUtc;
        ExpiresAtUtc = expiresAtUtc;
    }

    public Guid Id { get; private set; }

    public string UserId { get; private set; }

    public string Name { get; private set; }

    /// <summary>SHA-256 of the whole token (prefix included), lower-case hex.</summary>
    public string Hash { get; private set; }

    /// <summary>The token masked as keys are masked here: <c>alltkn_pat_AbCd**********WxYz</c>.</summary>
    public string Hint { get; private set; }

    public ApiTokenAccess Access { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    public DateTime? LastUsedAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public bool IsRevoked => RevokedAtUtc is not null;

    public ApiTokenStatus StatusAt(DateTime nowUtc) =>
        RevokedAtUtc is not null ? ApiTokenStatus.Revoked
        : ExpiresAtUtc <= nowUtc ? ApiTokenStatus.Expired
        : ApiTokenStatus.Active;

    public void Revoke(DateTime atUtc) => RevokedAtUtc ??= atUtc;

    /// <summary>A new token value: <see cref="ApiTokenDefaults.Prefix"/> + 32 random bytes in Base64Url.</summary>
    public static string NewValue() => ApiTokenDefaults.Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when <paramref name="value"/> has a token's shape (prefix, 43 Base64Url characters); says nothing of whether it exists.</summary>
    public static bool IsWellFormed(string? value) =>
        value is not null
        && value.Length == ApiTokenDefaults.Prefix.Length + ApiTokenDefaults.SecretLength
        && value.StartsWith(ApiTokenDefaults.Prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(value.AsSpan(ApiTokenDefaults.Prefix.Length));

    /// <summary>SHA-256 of the token, lower-case hex: what is stored and looked up.</summary>
    public static string HashOf(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// The masked form shown after creation, as the secret guard masks keys (the prefix, the first 4 and last 4 characters
    /// of the secret, ten asterisks between): <c>alltkn_pat_AbCd**********WxYz</c>.
    /// </summary>
    public static string HintOf(string value)
    {
        var secret = value.AsSpan(ApiTokenDefaults.Prefix.Length);
        return $"{ApiTokenDefaults.Prefix}{secret[..4]}**********{secret[^4..]}";
    }
}
