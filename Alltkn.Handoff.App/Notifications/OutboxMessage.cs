namespace Alltkn.Handoff.App.Notifications;

/// <summary>Where an outbox row stands.</summary>
public enum OutboxState
{
    /// <summary>Waiting to be delivered (or retried at <see cref="OutboxMessage.NextAttemptAtUtc"/>).</summary>
    Pending,

    /// <summary>Delivered; never delivered again.</summary>
    Delivered,

    /// <summary>Gave up after the last attempt; the attempts say why.</summary>
    Failed,
}

/// <summary>The type of work an outbox row carries.</summary>
public static class OutboxTypes
{
    /// <summary>A notification event: fanned out to its recipients as in-app notifications (and e-mails to send).</summary>
    public const string Notification = "notification";

    /// <summary>One e-mail for one in-app notification.</summary>
    public const string Email = "email";

    /// <summary>One person's daily digest e-mail.</summary>
    public const string Digest = "digest";

    /// <summary>One webhook event for one endpoint, signed and posted (retried for a day, not <see cref="NotificationOptions.MaxAttempts"/> times).</summary>
    public const string Webhook = "webhook";

    /// <summary>A guest's sign-in link by e-mail (<see cref="Portal.GuestLinkMail"/>): the token encrypted, for the link's seven days.</summary>
    public const string GuestLink = "guest-link";
}

/// <summary>
/// One piece of work to deliver, written in the same transaction as the change that caused it. A dispatcher claims it
/// with a lease (<see cref="LeaseOwner"/>, <see cref="LeaseToken"/>, <see cref="LeaseUntilUtc"/>) so that several
/// instances on one database never deliver it at once, and marks it delivered only while its lease holds.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        Type = Payload = "";
    }

    public OutboxMessage(string type, string payload, DateTime createdAtUtc, string? dedupeKey = null)
    {
        Id = Guid.CreateVersion7();
        Type = type;
        Payload = payload;
        CreatedAtUtc = createdAtUtc;
        NextAttemptAtUtc = createdAtUtc;
        DedupeKey = dedupeKey;
        State = OutboxState.Pending;
    }

    public Guid Id { get; private set; }

    public string Type { get; private set; }

    /// <summary>What to deliver, as JSON (never a secret or an evidence value).</summary>
    public string Payload { get; private set; }

    /// <summary>Work that must exist once ever (a reminder, a digest, "waiting on you"): unique when set.</summary>
    public string? DedupeKey { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public OutboxState State { get; private set; }

    public int AttemptCount { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public string? LeaseOwner { get; private set; }

    public Guid? LeaseToken { get; private set; }

    public DateTime? LeaseUntilUtc { get; private set; }

    public DateTime? DeliveredAtUtc { get; private set; }

    public string? LastError { get; private set; }
}

/// <summary>One try at delivering an outbox row: who tried, when, and how it ended.</summary>
public sealed class OutboxAttempt
{
    private OutboxAttempt()
    {
        Owner = "";
    }

    public OutboxAttempt(Guid messageId, int number, string owner, DateTime startedAtUtc, DateTime finishedAtUtc, bool succeeded, string? error)
    {
        Id = Guid.CreateVersion7();
        MessageId = messageId;
        Number = number;
        Owner = owner;
        StartedAtUtc = startedAtUtc;
        FinishedAtUtc = finishedAtUtc;
        Succeeded = succeeded;
        Error = error is { Length: > 1000 } ? error[..1000] : error;
    }

    public Guid Id { get; private set; }

    public Guid MessageId { get; private set; }

    public int Number { get; private set; }

    public string Owner { get; private set; }

    public DateTime StartedAtUtc { get; private set; }

    public DateTime FinishedAtUtc { get; private set; }

    public bool Succeeded { get; private set; }

    public string? Error { get; private set; }
}
