using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// The signature a receiver checks: <c>Alltkn-Webhook-Signature: v1=&lt;hex HMAC-SHA256(secret, "{timestamp}.{body}")&gt;</c>,
/// the key being the secret's UTF-8 bytes and the timestamp the <c>Alltkn-Webhook-Timestamp</c> header (Unix seconds).
/// A receiver refuses a timestamp more than a few minutes from its clock (a replay) and an event id it has seen.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Alltkn-Webhook-Id";
    public const string TimestampHeader = "Alltkn-Webhook-Timestamp";
    public const string SignatureHeader = "Alltkn-Webhook-Signature";
    public const string Version = "v1";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"{Version}={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>What a receiver does: the signature matches (in constant time) and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? timestampHeader, string body, string? signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || signatureHeader is null)
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return signatureHeader.Split(',', StringSplitOptions.TrimEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
