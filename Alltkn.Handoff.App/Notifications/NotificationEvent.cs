using System.Text.Json;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// What happened and who is to hear of it (people holding <see cref="Roles"/>, and <see cref="UserIds"/>), as an outbox
/// row's payload. Names and keys only: never an evidence value, a reason typed by a person or anything secret.
/// The person who acted (<see cref="ActorId"/>) is never told of their own action.
/// </summary>
public sealed record NotificationEvent(
    NotificationKind Kind,
    Guid OnboardingId,
    string OnboardingName,
    Guid? ItemId,
    string? ItemKey,
    string? ItemTitle,
    Stage? Stage,
    DateOnly? DueDate,
    string ActorId,
    string ActorName,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<string> UserIds)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The link into the app: the onboarding, at the item when there is one (a paused webhook: the webhooks page).</summary>
    public string Link => Kind == NotificationKind.WebhookPaused
        ? "/admin/webhooks"
        : $"/onboardings/{OnboardingId}" + (ItemKey is null ? "" : $"#item-{ItemKey}");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NotificationEvent FromJson(string json) =>
        JsonSerializer.Deserialize<NotificationEvent>(json, Json) ?? throw new InvalidOperationException("An empty notification payload.");

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"An empty {typeof(T).Name} payload.");
}

/// <summary>An outbox event and, when it must exist once ever, its key.</summary>
public sealed record PlannedNotification(NotificationEvent Event, string? DedupeKey = null);
