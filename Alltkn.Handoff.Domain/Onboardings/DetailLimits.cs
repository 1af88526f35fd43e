namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// The longest text each onboarding details field may hold. The one place these limits are set: the domain enforces
/// them, the services check them before scanning, and the forms count down to them.
/// </summary>
public static class DetailLimits
{
    /// <summary>A short text (a name, an entity, a contact): 200 characters.</summary>
    public const int Short = 200;

    /// <summary>The longest details fields (test plan, rollback conditions, ramp plan): 4,000 characters.</summary>
    public const int Longest = 4000;

    /// <summary>The limit of <paramref name="field"/>'s text (short for flags, dates and the rest).</summary>
    public static int MaxLength(OnboardingField field) => field switch
    {
        OnboardingField.UseCase or OnboardingField.TroubleshootingFields => 2000,
        OnboardingField.ExpectedModels or OnboardingField.StatusCodesSeen => 1000,
        OnboardingField.BaseUrl => 500,
        OnboardingField.TestPlan or OnboardingField.RollbackConditions or OnboardingField.RampPlan => Longest,
        _ => Short,
    };
}
