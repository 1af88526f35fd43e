namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>What a template's due offset counts from.</summary>
public enum DueAnchor
{
    /// <summary>Working days after the day the item's stage starts.</summary>
    StageStart,

    /// <summary>Working days before the onboarding's expected go-live date (after the stage start when none is set).</summary>
    BeforeExpectedGoLive,
}

/// <summary>
/// A template item's due offset: when its stage starts, the item gets the date this rule gives (a person may change it;
/// that change is logged like any other).
/// </summary>
/// <param name="WorkingDays">How many working days (Monday to Friday).</param>
/// <param name="Anchor">From the stage's start, or before the expected go-live date.</param>
/// <param name="FallbackWorkingDays">For <see cref="DueAnchor.BeforeExpectedGoLive"/>: working days after the stage start when no go-live date is expected.</param>
public sealed record DueRule(int WorkingDays, DueAnchor Anchor, int FallbackWorkingDays = 0)
{
    public static DueRule AfterStageStart(int workingDays) => new(workingDays, DueAnchor.StageStart);

    public static DueRule BeforeGoLive(int workingDays, int otherwiseAfterStageStart) =>
        new(workingDays, DueAnchor.BeforeExpectedGoLive, otherwiseAfterStageStart);

    /// <summary>
    /// The due date for a stage started on <paramref name="stageStart"/>, and why, in words for the revision log.
    /// A date before the expected go-live that falls before the stage's start is the stage's start: it is due now.
    /// </summary>
    public (DateOnly Due, string Why) DueFor(Stage stage, DateOnly stageStart, DateOnly? expectedGoLive)
    {
        if (Anchor == DueAnchor.BeforeExpectedGoLive && expectedGoLive is { } goLive)
        {
            var due = Onboardings.WorkingDays.Before(goLive, WorkingDays);
            var start = Onboardings.WorkingDays.Add(stageStart, 0);
            return due < start
                ? (start, $"From the template: {WorkingDays} working days before the expected go-live date ({Iso(goLive)}), which is already past; due when {stage} started.")
                : (due, $"From the template: {WorkingDays} working days before the expected go-live date ({Iso(goLive)}).");
        }
        var days = Anchor == DueAnchor.StageStart ? WorkingDays : FallbackWorkingDays;
        var why = Anchor == DueAnchor.StageStart
            ? $"From the template: {days} working days after {stage} started ({Iso(stageStart)})."
            : $"From the template: no go-live date is expected, so {days} working days after {stage} started ({Iso(stageStart)}).";
        return (Onboardings.WorkingDays.Add(stageStart, days), why);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
