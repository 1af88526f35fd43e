namespace Alltkn.Handoff.Domain.People;

/// <summary>The roles of DOMAIN.md. A person can hold several.</summary>
public enum Role
{
    /// <summary>团队管理员: opens onboardings, assigns people, owns account and API-key ownership.</summary>
    TeamAdmin,

    /// <summary>技术负责人: trial tests, model list, quota and budget boundary, alert rules.</summary>
    TechLead,

    /// <summary>财务或商务联系人: orders, invoice, contract, corporate payment, reconciliation.</summary>
    Finance,

    /// <summary>发布负责人: go-live window, rollback conditions, support fields; signs off go-live.</summary>
    ReleaseOwner,

    /// <summary>只读: reads, never changes.</summary>
    Viewer,
}
