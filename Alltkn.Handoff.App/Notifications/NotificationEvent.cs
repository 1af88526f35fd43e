using System.Text.Json;
using System.Text.Json.Serialization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// What happened and who is to hear of it (people holding <see cref="Roles"/>, and <see cref="UserIds"/>), as an outbox
/// row's payload. Names and keys only: never an evidence value, a reason typed by a person or anything secret.
/// The person who acted (<see cref="ActorId"/>) is never told of their own action.
/// </summary>
/// <remarks>
/// A <see cref="NotificationKind.RoleItemsDue"/> summary is about no one onboarding or item: its <see cref="Counts"/> say
/// how many, <see cref="DueDate"/> is the recipient's day it is for, and the onboarding and item fields are empty.
/// <see cref="Counts"/> is left out of the JSON when there are none, so every other event's payload is as it was, and
/// payloads stored before it existed read as before.
/// </remarks>
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
    IReadOnlyList<string> UserIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DueCounts? Counts = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>
    /// The link into the app: the onboarding, at the item when there is one (a paused webhook: the webhooks page; a summary
    /// of role items due: My items, whose default view lists open items overdue first, then due today, then this week).
    /// </summary>
    public string Link => Kind switch
    {
        NotificationKind.WebhookPaused => "/admin/webhooks",
        NotificationKind.RoleItemsDue => "/my-items",
        _ => $"/onboardings/{OnboardingId}" + (ItemKey is null ? "" : $"#item-{ItemKey}"),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NotificationEvent FromJson(string json) =>
        JsonSerializer.Deserialize<NotificationEvent>(json, Json) ?? throw new InvalidOperationException("An empty notification payload.");

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"An empty {typeof(T).Name} payload.");
}

/// <summary>How many items a <see cref="NotificationKind.RoleItemsDue"/> summary counts, per kind of reminder they would have had.</summary>
public sealed record DueCounts(int Overdue, int DueToday, int DueTomorrow)
{
    [JsonIgnore]
    public int Total => Overdue + DueToday + DueTomorrow;

    /// <summary>These counts and <paramref name="count"/> more items that would have had a reminder of <paramref name="kind"/>.</summary>
    public DueCounts Plus(NotificationKind kind, int count = 1) => kind switch
    {
        NotificationKind.Overdue => this with { Overdue = Overdue + count },
        NotificationKind.DueToday => this with { DueToday = DueToday + count },
        NotificationKind.DueTomorrow => this with { DueTomorrow = DueTomorrow + count },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a due-date reminder."),
    };
}

/// <summary>
/// An outbox event and, when it must exist once ever, its key; and which of its <see cref="NotificationEvent.UserIds"/> are
/// told as an item's assignee, whose item's owner role is told instead when they are not on the team, as the row is
/// written (<see cref="AssigneeOrOwners"/>).
/// </summary>
public sealed record PlannedNotification(NotificationEvent Event, string? DedupeKey = null, IReadOnlyList<ItemAssignee>? Assignees = null);
