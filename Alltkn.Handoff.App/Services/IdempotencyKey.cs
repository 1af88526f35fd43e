namespace Alltkn.Handoff.App.Services;

/// <summary>
/// A create request a caller marked with an <c>Idempotency-Key</c> (a CRM retrying "closed-won"): stored in the same
/// transaction as the onboarding it opened, so a retry with the same key finds that onboarding instead of opening
/// another. Keys belong to the person who sent them; the fingerprint of the request tells a retry from a reuse of the
/// key for something else.
/// </summary>
public sealed class IdempotencyKey
{
    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 200;

    private IdempotencyKey()
    {
        UserId = Key = Fingerprint = "";
    }

    public IdempotencyKey(string userId, string key, string fingerprint, Guid onboardingId, DateTime createdAtUtc)
    {
        UserId = userId;
        Key = key;
        Fingerprint = fingerprint;
        OnboardingId = onboardingId;
        CreatedAtUtc = createdAtUtc;
    }

    public string UserId { get; private set; }

    public string Key { get; private set; }

    /// <summary>A hash of what was asked for (scenario and fields).</summary>
    public string Fingerprint { get; private set; }

    public Guid OnboardingId { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
}

/// <summary>The key a create request came with, and the fingerprint of the request.</summary>
public sealed record CreateRequestKey(string Key, string Fingerprint);
