using System.Text.Json;
using System.Text.Json.Serialization;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// What one instance tells the others through PostgreSQL's <c>NOTIFY</c> (<see cref="PostgreSqlChangeRelay"/>): ids and
/// kinds only, never data — a saved change (which onboarding, who, its stages, whether only evidence changed) or a bell
/// signal (whose notifications changed), and the instance it came from, so that it does not hear its own.
/// </summary>
public sealed record RelayedChange
{
    /// <summary>A <c>NOTIFY</c> payload must stay under 8000 bytes: a bell signal for more people is sent in parts.</summary>
    public const int MaxPeoplePerSignal = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>The instance that saved it (<see cref="PostgreSqlChangeRelay.InstanceId"/>).</summary>
    [JsonPropertyName("from")]
    public required string Origin { get; init; }

    /// <summary>A workspace change (<see cref="WorkspaceChange"/>) or a bell signal (<see cref="Notifications.NotificationSignal"/>).</summary>
    [JsonPropertyName("kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required RelayedKind Kind { get; init; }

    [JsonPropertyName("onboarding")]
    public Guid? OnboardingId { get; init; }

    [JsonPropertyName("actor")]
    public string? ActorId { get; init; }

    [JsonPropertyName("stages")]
    public Stage[]? Stages { get; init; }

    [JsonPropertyName("evidenceOnly")]
    public bool EvidenceOnly { get; init; }

    /// <summary>A bell signal's people (ids).</summary>
    [JsonPropertyName("people")]
    public string[]? People { get; init; }

    public static RelayedChange Of(WorkspaceChange change, string origin) => new()
    {
        Origin = origin, Kind = RelayedKind.Change, OnboardingId = change.OnboardingId, ActorId = change.ActorId,
        Stages = [.. change.Stages], EvidenceOnly = change.EvidenceOnly,
    };

    /// <summary>A bell signal for these people, in parts of at most <see cref="MaxPeoplePerSignal"/>.</summary>
    public static IEnumerable<RelayedChange> Bell(IReadOnlyList<string> userIds, string origin) =>
        userIds.Chunk(MaxPeoplePerSignal).Select(part => new RelayedChange { Origin = origin, Kind = RelayedKind.Bell, People = part });

    /// <summary>The change as this instance's pages hear it.</summary>
    public WorkspaceChange ToWorkspaceChange() =>
        new(OnboardingId, ActorId ?? "") { Stages = Stages ?? [], EvidenceOnly = EvidenceOnly };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The payload read back; null when it is not one of ours.</summary>
    public static RelayedChange? FromJson(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<RelayedChange>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What a <see cref="RelayedChange"/> carries.</summary>
public enum RelayedKind
{
    /// <summary>A saved change: pages listening to the onboarding or a list it touches reload.</summary>
    Change,

    /// <summary>Some people's notifications changed: their bells update.</summary>
    Bell,
}
