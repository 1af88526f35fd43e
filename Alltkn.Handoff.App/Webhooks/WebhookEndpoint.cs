namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// A receiver a team admin registered: its address, the event kinds it wants, and its signing secret, stored only
/// protected by ASP.NET Core Data Protection (<see cref="ProtectedSecret"/>; the secret itself is shown once, when it is
/// made). <see cref="FailingSinceUtc"/> is when its deliveries started failing without a success since; failing for
/// <see cref="WebhookOptions.PauseAfter"/> pauses it (<see cref="PausedAtUtc"/>).
/// </summary>
public sealed class WebhookEndpoint
{
    private WebhookEndpoint()
    {
        Url = EventKinds = ProtectedSecret = CreatedById = CreatedByName = "";
    }

    public WebhookEndpoint(string url, IEnumerable<WebhookEventKind> kinds, string protectedSecret, string createdById, string createdByName,
        DateTime createdAtUtc)
    {
        Id = Guid.CreateVersion7();
        Url = url;
        EventKinds = WebhookEventKinds.Store(kinds);
        ProtectedSecret = protectedSecret;
        CreatedById = createdById;
        CreatedByName = createdByName;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }

    public string Url { get; private set; }

    /// <summary>The kinds wanted, as <see cref="WebhookEventKinds.Store"/> writes them.</summary>
    public string EventKinds { get; private set; }

    /// <summary>The signing secret, protected (never the secret in plain text).</summary>
    public string ProtectedSecret { get; private set; }

    public string CreatedById { get; private set; }

    public string CreatedByName { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? SecretRotatedAtUtc { get; private set; }

    /// <summary>Paused: nothing is sent to it (what is waiting stays, and goes when it is resumed).</summary>
    public bool IsPaused => PausedAtUtc is not null;

    public DateTime? PausedAtUtc { get; private set; }

    /// <summary>Why it was paused: by a team admin, or by failing for a day.</summary>
    public WebhookPauseReason? PauseReason { get; private set; }

    /// <summary>When its deliveries started failing, with no success since (null: not failing).</summary>
    public DateTime? FailingSinceUtc { get; private set; }

    public IReadOnlySet<WebhookEventKind> Kinds => WebhookEventKinds.Parse(EventKinds);

    public bool Wants(WebhookEventKind kind) => !IsPaused && Kinds.Contains(kind);

    public void SetKinds(IEnumerable<WebhookEventKind> kinds) => EventKinds = WebhookEventKinds.Store(kinds);

    public void RotateSecret(string protectedSecret, DateTime nowUtc)
    {
        ProtectedSecret = protectedSecret;
        SecretRotatedAtUtc = nowUtc;
    }

    /// <summary>A delivery succeeded: not failing any more.</summary>
    public void Delivered() => FailingSinceUtc = null;

    /// <summary>
    /// A delivery failed: failing since now unless already failing. True when this pauses it: it has been failing for
    /// <paramref name="pauseAfter"/> and was not paused yet.
    /// </summary>
    public bool Failed(DateTime nowUtc, TimeSpan pauseAfter)
    {
        FailingSinceUtc ??= nowUtc;
        if (IsPaused || nowUtc - FailingSinceUtc.Value < pauseAfter)
        {
            return false;
        }
        Pause(WebhookPauseReason.Failing, nowUtc);
        return true;
    }

    public void Pause(WebhookPauseReason reason, DateTime nowUtc)
    {
        PausedAtUtc ??= nowUtc;
        PauseReason = reason;
    }

    /// <summary>Active again, and no longer counted as failing (the next failure starts a new day).</summary>
    public void Resume()
    {
        PausedAtUtc = null;
        PauseReason = null;
        FailingSinceUtc = null;
    }
}

public enum WebhookPauseReason
{
    /// <summary>A team admin paused it.</summary>
    ByAdmin,

    /// <summary>Its deliveries failed for <see cref="WebhookOptions.PauseAfter"/> without a success.</summary>
    Failing,
}
