using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// What the customer's copy of a package may hold: exactly what the portal page shows the guest (issue 11, point 2), as
/// values, so that the writer (<see cref="CustomerPackageMarkdown"/>) never holds the onboarding or its items and nothing
/// of the team's (fields, support matrix, assignees, status reasons, completers, a column added later) can reach the file
/// by default: a value is in the guest's copy only once it is added here.
/// </summary>
/// <param name="OnboardingId">The onboarding (its id and short reference head the file).</param>
/// <param name="Stage">The onboarding's stage, and the one it left when on hold, as the page's stage progress shows them.</param>
/// <param name="GoLiveWindow">The go-live window, which the page shows the guest (in its own time zone).</param>
/// <param name="Items">The items shared with the guest's side, in stage and template order.</param>
public sealed record CustomerPackageView(
    Guid OnboardingId, Stage Stage, Stage? StageBeforeHold, GoLiveWindow? GoLiveWindow, IReadOnlyList<CustomerItemView> Items);

/// <summary>
/// One item as the portal page shows it to the guest: title, stage, status, the item's own evidence (what was pasted into
/// the item, never the onboarding's field that is the evidence of a go-live item), and the note of a reopened item the
/// customer completes ("Reopened by X: reason", which the page shows the guest too).
/// </summary>
public sealed record CustomerItemView(
    string? Key, string EnglishTitle, Stage Stage, bool Required, ItemStatus Status, string? Evidence,
    string? ReopenedBy = null, string? ReopenReason = null)
{
    /// <summary>The item as the guest sees it, with the reopen note the page shows on it (if any).</summary>
    public static CustomerItemView Of(HandoffItem item, string? reopenedBy = null, string? reopenReason = null) =>
        new(item.Key, item.Title, item.Stage, item.Required, item.Status, item.Evidence, reopenedBy, reopenReason);
}
