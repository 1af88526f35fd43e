namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// An onboarding's health on a given day, as OnRamp scores it: overdue items ÷ items due so far — under 20 % on track,
/// 20–60 % at risk, over 60 % off track — and the working days spent in the current stage against the days the template
/// expects for it (past them at risk, past twice as many off track). The worse of the two is the health.
/// </summary>
/// <param name="Level">The health.</param>
/// <param name="AsOf">The day it was judged on: today, or the day the hold began while on hold (the clock stands still).</param>
/// <param name="DueSoFar">Items (not marked not applicable) whose due date is on or before that day.</param>
/// <param name="Overdue">Of those, the ones not settled whose due date is before that day.</param>
/// <param name="DaysInStage">Working days in the working stage so far (time on hold not counted).</param>
/// <param name="ExpectedDays">Working days the template expects for the stage; none for Live.</param>
/// <param name="Reasons">Why, in words.</param>
/// <param name="ChangesOn">
/// The first day after <paramref name="AsOf"/> on which the health may be different with nothing else changing (an item
/// falls due or becomes overdue, the stage passes its expected days); none when it cannot change by time alone (on hold, cancelled).
/// </param>
public sealed record HealthCheck(
    HealthLevel Level,
    DateOnly AsOf,
    int DueSoFar,
    int Overdue,
    int DaysInStage,
    int? ExpectedDays,
    IReadOnlyList<HealthReason> Reasons,
    DateOnly? ChangesOn)
{
    /// <summary>Whole percent of the items due so far that are overdue (0 when none is due).</summary>
    public int OverduePercent => DueSoFar == 0 ? 0 : 100 * Overdue / DueSoFar;

    /// <summary>Overdue share to level: under 20 % on track, 20–60 % at risk, over 60 % off track (exact fractions, not rounded).</summary>
    public static HealthLevel LevelOfOverdue(int overdue, int dueSoFar) =>
        dueSoFar == 0 || overdue * 100 < 20 * dueSoFar ? HealthLevel.OnTrack
        : overdue * 100 <= 60 * dueSoFar ? HealthLevel.AtRisk
        : HealthLevel.OffTrack;

    /// <summary>Days in the stage to level: within the expected days on track, up to twice as many at risk, more off track.</summary>
    public static HealthLevel LevelOfDays(int days, int? expected) =>
        expected is not { } e || days <= e ? HealthLevel.OnTrack
        : days <= 2 * e ? HealthLevel.AtRisk
        : HealthLevel.OffTrack;
}
