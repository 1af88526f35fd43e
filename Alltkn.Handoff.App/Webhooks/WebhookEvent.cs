using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// The JSON body of a delivery: <c>{id, type, occurredAt, onboarding: {id, reference, stage}, data: {…}}</c>. Names, stages
/// and keys only: never an evidence value, a reason typed by a person, an e-mail address or a secret.
/// </summary>
public sealed record WebhookEvent(
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    WebhookOnboarding Onboarding,
    WebhookEventData Data)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WebhookEvent FromJson(string json) =>
        JsonSerializer.Deserialize<WebhookEvent>(json, Json) ?? throw new InvalidOperationException("An empty webhook body.");
}

/// <summary>The onboarding an event is about: its id, its reference (the customer, as the app names it) and its stage now.</summary>
public sealed record WebhookOnboarding(Guid Id, string Reference, string Stage);

/// <summary>
/// What happened: <see cref="From"/> and <see cref="To"/> (stages for a move, item statuses for an item, windows for the
/// go-live window), <see cref="By"/> (the display name of who did it), the <see cref="Move"/> made, the <see cref="Item"/> changed.
/// </summary>
public sealed record WebhookEventData(string? From, string? To, string By, string? Move = null, WebhookItem? Item = null);

/// <summary>A checklist item: id, key and title (never its evidence).</summary>
public sealed record WebhookItem(Guid Id, string Key, string Title);

/// <summary>A webhook outbox row's payload: which delivery log line, for which endpoint, and the exact body to sign and send.</summary>
public sealed record WebhookWork(Guid DeliveryId, Guid EndpointId, Guid EventId, string Body)
{
    public string ToJson() => JsonSerializer.Serialize(this, WebhookEvent.Json);

    public static WebhookWork FromJson(string json) =>
        JsonSerializer.Deserialize<WebhookWork>(json, WebhookEvent.Json) ?? throw new InvalidOperationException("An empty webhook payload.");

    /// <summary>
    /// A row's payload read, or <see cref="InvalidDataException"/> saying it cannot be: such a row names no delivery line
    /// and no endpoint, and reading it again will not help, so it is given up at its first attempt.
    /// </summary>
    public static WebhookWork Read(string payload)
    {
        try
        {
            return FromJson(payload);
        }
        catch (Exception unreadable) when (unreadable is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidDataException($"The webhook payload cannot be read: {unreadable.Message}", unreadable);
        }
    }

    /// <summary>A row's payload read, or null when it cannot be (<see cref="Read"/>).</summary>
    public static WebhookWork? TryRead(string payload)
    {
        try
        {
            return Read(payload);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
