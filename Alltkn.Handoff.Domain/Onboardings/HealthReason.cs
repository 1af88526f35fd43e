namespace Alltkn.Handoff.Domain.Onboardings;

public enum HealthReasonCode
{
    /// <summary>Overdue items out of the items due so far.</summary>
    OverdueItems,

    /// <summary>No item is due yet.</summary>
    NothingDueYet,

    /// <summary>Working days spent in the stage against the days the template expects for it.</summary>
    DaysInStage,

    /// <summary>On hold: the clock stands still, health is as it was when the hold began.</summary>
    OnHold,

    /// <summary>Cancelled: not tracked.</summary>
    Cancelled,
}

/// <summary>
/// One reason behind an onboarding's health, in words (English, as the domain speaks) and with its numbers, so a page
/// can say it in the reader's language.
/// </summary>
public sealed record HealthReason(
    HealthReasonCode Code,
    HealthLevel Level,
    string Message,
    int Count = 0,
    int Of = 0,
    Stage? Stage = null,
    DateOnly? Since = null);
