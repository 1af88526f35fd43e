using System.Threading.RateLimiting;

namespace Alltkn.Handoff.App.Portal;

/// <summary>
/// Requests for a new guest link, with .NET's rate limiter: a token bucket per client (IP address) of
/// <see cref="PerClient"/> requests and one per address of <see cref="PerAddress"/>, one more every
/// <see cref="Refill"/>. Refused requests get the same answer for known and unknown addresses.
/// </summary>
public sealed class GuestLinkThrottle : IDisposable
{
    public const int PerClient = 5;
    public const int PerAddress = 3;
    public static readonly TimeSpan Refill = TimeSpan.FromMinutes(5);

    private readonly PartitionedRateLimiter<string> _clients = Bucket(PerClient);
    private readonly PartitionedRateLimiter<string> _addresses = Bucket(PerAddress);

    /// <summary>Takes one request of the client and of the address; false when either has none left.</summary>
    public bool TryTake(string client, string address)
    {
        using var byClient = _clients.AttemptAcquire(client, 1);
        if (!byClient.IsAcquired)
        {
            return false;
        }
        using var byAddress = _addresses.AttemptAcquire(address, 1);
        return byAddress.IsAcquired;
    }

    public void Dispose()
    {
        _clients.Dispose();
        _addresses.Dispose();
    }

    private static PartitionedRateLimiter<string> Bucket(int limit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = Refill,
            AutoReplenishment = true,
            QueueLimit = 0,
        }));
}
