namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// The health lists sort and filter by, kept with the onboarding beside its <see cref="GateSummary"/> and refreshed
/// with it by every change (<see cref="Onboarding.RefreshHealth"/>).
/// </summary>
/// <remarks>
/// Health depends on the day: an item becomes overdue with nothing changed. The stored value is therefore the health
/// as of the day it was computed, together with <see cref="ChangesOn"/>, the first day it may be different by time alone.
/// A row whose <see cref="ChangesOn"/> has come is stale: the app's health refresh (and start-up) computes those rows
/// again through the domain, found by an index on <see cref="ChangesOn"/>, so only the few rows whose day has come are
/// touched, never all of them every night. Between midnight (UTC) and that refresh a stored value can be a day behind;
/// the detail page always computes health afresh.
/// </remarks>
/// <param name="Version">Which rules computed it: rows computed by older rules (or none) are refreshed at start-up.</param>
/// <param name="Level">The health as of the day it was computed.</param>
/// <param name="Score">For sorting, worst last: the level × 1000 plus the overdue percent.</param>
/// <param name="ChangesOn">The first day the stored health may no longer be true (none: it cannot change by time alone).</param>
public sealed record HealthSummary(int Version, HealthLevel Level, int Score, DateOnly? ChangesOn)
{
    /// <summary>Raised whenever how health is computed changes; stored rows below it are refreshed at start-up.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Before anything was computed (an onboarding stored before health existed).</summary>
    public static HealthSummary None { get; } = new(0, HealthLevel.NotTracked, 0, null);

    /// <summary>The lowest and highest <see cref="Score"/> of a level, to filter by it through the score's index.</summary>
    public static (int From, int To) ScoresOf(HealthLevel level) => ((int)level * 1000, (int)level * 1000 + 999);

    public static HealthSummary Of(HealthCheck check) =>
        new(CurrentVersion, check.Level, (int)check.Level * 1000 + check.OverduePercent, check.ChangesOn);
}
