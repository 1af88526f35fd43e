using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Failed sign-ins per client (IP address, as forwarded by a trusted reverse proxy), with .NET's rate limiter: a token
/// bucket per client holding <see cref="IdentitySettings.FailedSignInsPerClient"/> tries (four: fewer than the five
/// failures that lock an account), one more every <see cref="IdentitySettings.FailedSignInRefill"/>. A client whose
/// bucket is empty is refused before any password is checked, so one client can neither lock an account in a burst
/// nor keep it locked. Only failures take a token, so people signing in correctly are never slowed down; it counts
/// failures, which the request-counting rate-limiting middleware cannot, and the refusal is shown in the sign-in
/// form with the e-mail kept.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInThrottle(IOptions<IdentitySettings> settings)
    {
        var options = settings.Value;
        if (options.FailedSignInsPerClient < 1 || options.FailedSignInRefill <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{IdentitySettings.Section}:FailedSignInsPerClient must be at least 1 and FailedSignInRefill longer than zero (e.g. 4 and 00:05:00).");
        }
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.FailedSignInsPerClient,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = options.FailedSignInRefill,
            AutoReplenishment = true,
            QueueLimit = 0,
        }));
    }

    /// <summary>True while the client may try (it has failures left).</summary>
    public bool MayTry(string client) =>
        // The statistics, not a lease of zero permits: within the partitioned limiter that one answers yes to an empty bucket.
        (_limiter.GetStatistics(client)?.CurrentAvailablePermits ?? 1) > 0;

    /// <summary>Counts a failed sign-in of the client.</summary>
    public void Failed(string client)
    {
        using var lease = _limiter.AttemptAcquire(client, 1);
    }

    public void Dispose() => _limiter.Dispose();
}
