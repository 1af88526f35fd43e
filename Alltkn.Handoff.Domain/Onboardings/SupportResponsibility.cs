namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>The support responsibility matrix of DOMAIN.md: a named person for each.</summary>
public enum SupportResponsibility
{
    CreatesApiKeys,
    ManagesQuota,
    ReadsLogs,
    HandlesErrors401402429,
    ConfirmsInvoiceAndContract,
    OwnsNightReleaseWindow,
}
