namespace Alltkn.Handoff.App.Api.Tokens;

/// <summary>
/// The names the REST API (<c>/api/v1</c>) and personal API tokens agree on. A token is <see cref="Prefix"/> followed by
/// 32 random bytes in Base64Url (43 characters), sent as <c>Authorization: Bearer alltkn_pat_…</c>.
/// </summary>
public static class ApiTokenDefaults
{
    /// <summary>The authentication scheme that reads <c>Authorization: Bearer alltkn_pat_…</c>.</summary>
    public const string Scheme = "ApiToken";

    /// <summary>Every token begins with this, so the secret guard recognizes one pasted into any field.</summary>
    public const string Prefix = "alltkn_pat_";

    /// <summary>The length of the random part after <see cref="Prefix"/>: 32 bytes in Base64Url without padding.</summary>
    public const int SecretLength = 43;

    /// <summary>The id of the token a request came with.</summary>
    public const string TokenIdClaim = "alltkn:token-id";

    /// <summary>What the token may do: <c>ReadOnly</c> or <c>ReadWrite</c> (<see cref="ApiTokenAccess"/>).</summary>
    public const string AccessClaim = "alltkn:token-access";

    /// <summary>The named rate limiter policy for API endpoints, partitioned per token id.</summary>
    public const string RateLimitPolicy = "api-token";

    /// <summary>The longest a token may live: a year.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    /// <summary>The longest name a token may have.</summary>
    public const int MaxNameLength = 100;
}

/// <summary>What a token may do through the API.</summary>
public enum ApiTokenAccess
{
    ReadOnly,
    ReadWrite,
}

/// <summary>Where a token stands now.</summary>
public enum ApiTokenStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>A token just created: <see cref="Token"/> is the only time its value is shown; only its hash is stored.</summary>
public sealed record CreatedApiToken(Guid Id, string Token, string Name, DateTime ExpiresAtUtc, ApiTokenAccess Access);

/// <summary>One of a person's tokens as their account page lists it: masked (<see cref="Hint"/>), never its hash.</summary>
public sealed record ApiTokenRow(
    Guid Id,
    string Name,
    string Hint,
    ApiTokenAccess Access,
    DateTime CreatedAtUtc,
    DateTime ExpiresAtUtc,
    DateTime? LastUsedAtUtc,
    DateTime? RevokedAtUtc,
    ApiTokenStatus Status);
