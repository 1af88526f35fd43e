namespace Alltkn.Handoff.App.Webhooks;

public enum WebhookDeliveryState
{
    /// <summary>Waiting to be sent, or to be tried again.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up: failed for <see cref="WebhookOptions.RetryFor"/> after the first attempt (or its endpoint was deleted).</summary>
    Failed,
}

/// <summary>
/// One event sent (or to be sent) to one endpoint: a line of the endpoint's delivery log. Written with its outbox row
/// (<see cref="OutboxMessageId"/>) in the change's transaction, and brought up to date by the dispatcher after every
/// attempt, in the attempt's transaction. "Send again" adds a new one for the same event.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
        OnboardingReference = "";
    }

    public WebhookDelivery(Guid id, Guid endpointId, Guid eventId, Guid outboxMessageId, WebhookEventKind kind, Guid onboardingId,
        string onboardingReference, DateTime createdAtUtc)
    {
        Id = id;
        EndpointId = endpointId;
        EventId = eventId;
        OutboxMessageId = outboxMessageId;
        Kind = kind;
        OnboardingId = onboardingId;
        OnboardingReference = onboardingReference.Length > 200 ? onboardingReference[..200] : onboardingReference;
        CreatedAtUtc = createdAtUtc;
        State = WebhookDeliveryState.Pending;
    }

    public Guid Id { get; private set; }

    public Guid EndpointId { get; private set; }

    /// <summary>The event's id (also the <c>Alltkn-Webhook-Id</c> header): the same for a delivery sent again.</summary>
    public Guid EventId { get; private set; }

    public Guid OutboxMessageId { get; private set; }

    /// <summary>The event's kind (its <c>type</c> in the body: <see cref="WebhookEventKinds.TypeName"/>).</summary>
    public WebhookEventKind Kind { get; private set; }

    public Guid OnboardingId { get; private set; }

    /// <summary>The onboarding as the app names it (its customer).</summary>
    public string OnboardingReference { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public WebhookDeliveryState State { get; private set; }

    public int AttemptCount { get; private set; }

    public DateTime? FirstAttemptAtUtc { get; private set; }

    public DateTime? LastAttemptAtUtc { get; private set; }

    /// <summary>The receiver's last HTTP status code (null: no answer, e.g. a timeout or a refused address).</summary>
    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTime? NextAttemptAtUtc { get; private set; }

    public DateTime? DeliveredAtUtc { get; private set; }

    public void Attempted(DateTime nowUtc, int attempts, int? statusCode, string? error, WebhookDeliveryState state, DateTime? nextAttemptAtUtc)
    {
        FirstAttemptAtUtc ??= nowUtc;
        LastAttemptAtUtc = nowUtc;
        AttemptCount = attempts;
        LastStatusCode = statusCode;
        LastError = error is { Length: > 1000 } ? error[..1000] : error;
        State = state;
        NextAttemptAtUtc = state == WebhookDeliveryState.Pending ? nextAttemptAtUtc : null;
        if (state == WebhookDeliveryState.Delivered)
        {
            DeliveredAtUtc = nowUtc;
        }
    }
}
