using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// The longest text each screened field may hold, in one place for the services: <see cref="SecretScreen"/> refuses a
/// longer text before it scans anything. The values are the limits the domain stores (<see cref="EvidenceRules.MaxEvidenceLength"/>,
/// <see cref="Onboarding.MaxReasonLength"/>, and the per-field limits of <c>Onboarding</c>'s details), so a text the
/// screen lets through is never refused later for its length.
/// </summary>
public static class FieldLimits
{
    /// <summary>A person's name (assignee, support matrix): 200, as stored.</summary>
    public const int Name = DetailLimits.Short;

    /// <summary>Any other free text the services screen: 4,000 characters, the longest details field.</summary>
    public const int FreeText = DetailLimits.Longest;

    /// <summary>The limit for a field by the name <see cref="SecretScreen"/> reports it under.</summary>
    public static int For(string field) => field switch
    {
        "Evidence" => EvidenceRules.MaxEvidenceLength,
        "StatusReason" or "Reason" => Onboarding.MaxReasonLength,
        "Assignee" => Name,
        _ when Enum.TryParse<SupportResponsibility>(field, out _) => Name,
        _ when Enum.TryParse<OnboardingField>(field, out var detail) => For(detail),
        _ => FreeText,
    };

    /// <summary>The limit of an onboarding details field (set by the domain).</summary>
    public static int For(OnboardingField field) => DetailLimits.MaxLength(field);
}
