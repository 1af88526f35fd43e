namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>How an onboarding is doing against its due dates and the time its stage should take, from the best to the worst. Stored as its name.</summary>
public enum HealthLevel
{
    /// <summary>Cancelled: nothing is tracked any more.</summary>
    NotTracked,

    /// <summary>Under 20 % of the items due so far are overdue, and the stage within the days it should take.</summary>
    OnTrack,

    /// <summary>20–60 % overdue, or the stage past the days it should take (up to twice as long).</summary>
    AtRisk,

    /// <summary>Over 60 % overdue, or the stage more than twice as long as it should take.</summary>
    OffTrack,
}
