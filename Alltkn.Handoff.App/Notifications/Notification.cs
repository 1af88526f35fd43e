namespace Alltkn.Handoff.App.Notifications;

/// <summary>What happens to a notification by e-mail.</summary>
public enum EmailPlan
{
    /// <summary>No e-mail (the person chose the app only, or e-mail is off).</summary>
    None,

    /// <summary>An e-mail of its own, sent at once.</summary>
    Now,

    /// <summary>In the person's next daily digest.</summary>
    Digest,
}

/// <summary>
/// One notification for one person, in their language as it was when it was delivered; the bell counts the unread.
/// One per recipient per outbox row (unique), so delivering a row again never doubles it.
/// </summary>
public sealed class Notification
{
    private Notification()
    {
        RecipientId = Subject = Body = Link = "";
    }

    public Notification(Guid outboxMessageId, string recipientId, NotificationKind kind, Guid? onboardingId, Guid? itemId,
        string subject, string body, string link, DateTime createdAtUtc, EmailPlan email)
    {
        Id = Guid.CreateVersion7();
        OutboxMessageId = outboxMessageId;
        RecipientId = recipientId;
        Kind = kind;
        OnboardingId = onboardingId;
        ItemId = itemId;
        Subject = subject;
        Body = body;
        Link = link;
        CreatedAtUtc = createdAtUtc;
        Email = email;
    }

    public Guid Id { get; private set; }

    public Guid OutboxMessageId { get; private set; }

    public string RecipientId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public Guid? OnboardingId { get; private set; }

    public Guid? ItemId { get; private set; }

    /// <summary>One line: the onboarding, the item and what happened.</summary>
    public string Subject { get; private set; }

    /// <summary>What to do, in words.</summary>
    public string Body { get; private set; }

    /// <summary>The app-relative link to the onboarding (and item).</summary>
    public string Link { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    public EmailPlan Email { get; private set; }

    /// <summary>When it went out in a daily digest (digest notifications only).</summary>
    public DateTime? DigestedAtUtc { get; private set; }
}

/// <summary>A person's choice for one kind (no row: in the app only).</summary>
public sealed class NotificationPreference
{
    private NotificationPreference()
    {
        UserId = "";
    }

    public NotificationPreference(string userId, NotificationKind kind, NotificationDelivery delivery)
    {
        UserId = userId;
        Kind = kind;
        Delivery = delivery;
    }

    public string UserId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public NotificationDelivery Delivery { get; set; }
}

/// <summary>When a person's daily digest goes out, in their own time zone (no row: <see cref="DefaultTime"/>).</summary>
public sealed class DigestSchedule
{
    public static readonly TimeOnly DefaultTime = new(8, 0);

    private DigestSchedule()
    {
        UserId = "";
    }

    public DigestSchedule(string userId, TimeOnly localTime)
    {
        UserId = userId;
        LocalTime = localTime;
    }

    public string UserId { get; private set; }

    public TimeOnly LocalTime { get; set; }
}
