using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// A handoff package as JSON (<see cref="FormatName"/>). The property names are fixed here, not derived from
/// C# names, so renaming code never changes the file; enums are written as their names. <see cref="Fields"/>
/// holds every field of the package, and only those, under the field's name in camelCase (empty ones as null).
/// Every string is already redacted.
/// </summary>
public sealed record PackageDocument
{
    public const string FormatName = "alltkn-handoff-package/1";

    [JsonPropertyName("format")]
    public string Format { get; init; } = FormatName;

    [JsonPropertyName("package")]
    public required HandoffPackage Package { get; init; }

    [JsonPropertyName("onboardingId")]
    public required Guid OnboardingId { get; init; }

    /// <summary>The onboarding's short reference (<see cref="HandoffPackageExporter.ReferenceOf"/>).</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    [JsonPropertyName("stage")]
    public required Stage Stage { get; init; }

    /// <summary>While on hold: the stage it left.</summary>
    [JsonPropertyName("stageBeforeHold")]
    public Stage? StageBeforeHold { get; init; }

    [JsonPropertyName("exportedAtUtc")]
    public required DateTime ExportedAtUtc { get; init; }

    [JsonPropertyName("fields")]
    public required JsonObject Fields { get; init; }

    [JsonPropertyName("checklist")]
    public required IReadOnlyList<ChecklistEntry> Checklist { get; init; }
}

/// <summary>One checklist item as exported (JSON and CSV). Every string is already redacted.</summary>
public sealed record ChecklistEntry
{
    /// <summary>The template key (<c>trial.rate-limit</c>): stable across languages.</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("stage")]
    public required Stage Stage { get; init; }

    /// <summary>The title in English, as the template gave it.</summary>
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("ownerRole")]
    public required Role OwnerRole { get; init; }

    [JsonPropertyName("assignee")]
    public string? Assignee { get; init; }

    [JsonPropertyName("required")]
    public required bool Required { get; init; }

    [JsonPropertyName("evidenceKind")]
    public required EvidenceKind EvidenceKind { get; init; }

    [JsonPropertyName("package")]
    public required HandoffPackage Package { get; init; }

    [JsonPropertyName("evidence")]
    public string? Evidence { get; init; }

    [JsonPropertyName("status")]
    public required ItemStatus Status { get; init; }

    /// <summary>Why the item is not applicable or blocked.</summary>
    [JsonPropertyName("statusReason")]
    public string? StatusReason { get; init; }

    [JsonPropertyName("dueDate")]
    public DateOnly? DueDate { get; init; }

    [JsonPropertyName("completedBy")]
    public string? CompletedBy { get; init; }

    [JsonPropertyName("completedAtUtc")]
    public DateTime? CompletedAtUtc { get; init; }
}
