namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// What lists need to know about an onboarding's gate and progress, decided by the aggregate itself and kept with it
/// (stored as columns beside the onboarding), so lists across thousands of onboardings never load aggregates.
/// The aggregate refreshes it after every change (<see cref="Onboarding.RefreshSummary"/>); it is never edited on its own.
/// </summary>
/// <param name="Version">Which rules computed it: rows computed by older rules (or none) are refreshed at start-up.</param>
/// <param name="WorkingStage">The stage the work is in (the stage left, while on hold).</param>
/// <param name="RequiredDone">Required items done or not applicable, over the whole path.</param>
/// <param name="RequiredTotal">Required items over the whole path.</param>
/// <param name="ProgressPercent">Whole percent of required items settled (100 when none is required), for sorting.</param>
/// <param name="OpenAtGate">What still holds the working stage's gate: open required items (and, at Go-live, the window and support matrix).</param>
/// <param name="BlockedAtGate">Items of the working stage marked Blocked while the onboarding is on its way (not live, not cancelled).</param>
/// <param name="BlockedReason">The first of those, in words: "'Title' is blocked: reason (owner: Role)".</param>
/// <param name="NextDueDate">The earliest due date of an item not yet settled (none once cancelled): overdue when before today.</param>
public sealed record GateSummary(
    int Version,
    Stage WorkingStage,
    int RequiredDone,
    int RequiredTotal,
    int ProgressPercent,
    int OpenAtGate,
    int BlockedAtGate,
    string? BlockedReason,
    DateOnly? NextDueDate)
{
    /// <summary>Raised whenever what the summary holds or how it is computed changes; stored rows below it are refreshed.</summary>
    /// <remarks>2: at Go-live the window, support matrix and rollback conditions count once each (as their items).</remarks>
    public const int CurrentVersion = 2;

    public const int MaxReasonLength = 1200;

    /// <summary>Before anything was computed (an onboarding stored before summaries existed).</summary>
    public static GateSummary None { get; } = new(0, Stage.Inquiry, 0, 0, 0, 0, 0, null, null);

    public bool IsOverdue(DateOnly today) => NextDueDate is { } due && due < today;

    /// <summary>The summary of <paramref name="onboarding"/> as it stands.</summary>
    public static GateSummary Of(Onboarding onboarding)
    {
        var working = onboarding.WorkingStage;
        var (done, required) = onboarding.Progress();
        var onItsWay = onboarding.Stage is not (Stage.Cancelled or Stage.Live);
        var blocked = onItsWay
            ? onboarding.ItemsOf(working).Where(i => i.Status == ItemStatus.Blocked).ToArray()
            : [];
        var reason = blocked.Length == 0
            ? null
            : Clip($"'{blocked[0].Title}' is blocked: {blocked[0].StatusReason} (owner: {blocked[0].OwnerRole})."
                   + (blocked.Length > 1 ? $" (+{blocked.Length - 1} more)" : ""));
        var nextDue = onboarding.IsClosed
            ? null
            : onboarding.Items.Where(i => !i.IsSettled && i.DueDate is not null).Min(i => i.DueDate);
        return new GateSummary(
            CurrentVersion,
            working,
            done,
            required,
            required == 0 ? 100 : 100 * done / required,
            onItsWay ? onboarding.GateReasonsAt(working).Count : 0,
            blocked.Length,
            reason,
            nextDue);
    }

    private static string Clip(string text) => text.Length <= MaxReasonLength ? text : text[..(MaxReasonLength - 1)] + "…";
}
