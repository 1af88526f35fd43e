namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// The two handoff packages of DOMAIN.md. Every onboarding field and every evidence kind belongs to
/// exactly one; a package, on screen or exported, holds its own fields and nothing of the other.
/// </summary>
public enum HandoffPackage
{
    /// <summary>Base URL, models, SDK, stream, status codes, test plan, go-live window, rollback, troubleshooting.</summary>
    Technical,

    /// <summary>Account, order records, budget, invoice and contract needs, payment method, contacts.</summary>
    Business,
}
