using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Components.Pages.Revisions;

/// <summary>
/// A revision entry's subject, before and after in the reader's language, where the log stores names the vocabulary
/// knows (fields, item titles, moves, stages, statuses, scenarios); anything else as it was recorded.
/// </summary>
public static class RevisionText
{
    public static string Subject(IStringLocalizer v, RevisionEntry entry) => entry.Kind switch
    {
        RevisionKind.FieldChanged or RevisionKind.SupportMatrixChanged => v.FieldName(entry.Subject),
        RevisionKind.ItemChanged => v.ItemTitle(null, entry.Subject),
        RevisionKind.StageMoved when Enum.TryParse<Move>(entry.Subject, out var move) && Enum.IsDefined(move) => v.Move(move),
        _ => entry.Subject,
    };

    public static string? Value(IStringLocalizer v, RevisionEntry entry, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }
        return entry.Kind switch
        {
            RevisionKind.StageMoved when Enum.TryParse<Stage>(value, out var stage) && Enum.IsDefined(stage) => v.Stage(stage),
            RevisionKind.OnboardingCreated when Enum.TryParse<Scenario>(value, out var scenario) && Enum.IsDefined(scenario) => v.Scenario(scenario),
            RevisionKind.ItemChanged => ItemParts(v, value),
            _ => value,
        };
    }

    /// <summary>An item change is recorded as "Status: Open; Evidence: —": each part's name, and a status, in words.</summary>
    private static string ItemParts(IStringLocalizer v, string value) =>
        string.Join("; ", value.Split("; ").Select(part =>
        {
            var colon = part.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                return part;
            }
            var name = part[..colon];
            var text = part[(colon + 2)..];
            if (name == "Status" && Enum.TryParse<ItemStatus>(text, out var status) && Enum.IsDefined(status))
            {
                text = v.Status(status);
            }
            return $"{v.FieldName(name)}: {text}";
        }));
}
