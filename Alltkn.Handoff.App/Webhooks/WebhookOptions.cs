namespace Alltkn.Handoff.App.Webhooks;

/// <summary><c>Handoff:Webhooks</c>: what endpoints may be, and how long deliveries are tried.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Handoff:Webhooks";

    /// <summary>Allow endpoints on loopback, private, link-local and unique-local addresses (off: no SSRF into the host's network).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Allow <c>http://</c> endpoints (off: HTTPS only, both when an endpoint is registered and at every delivery, so an
    /// <c>http://</c> endpoint registered while it was on is sent nothing once it is off).
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>How long one request may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A delivery is retried (with backoff) until this long after its first attempt, then marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint whose deliveries fail this long without a success is paused and its team admins are told.</summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromHours(24);
}
