namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>The scenario of first contact (the handbook's first table). It chooses the starting checklist.</summary>
public enum Scenario
{
    /// <summary>个人充值</summary>
    PersonalTopUp,

    /// <summary>企业试用</summary>
    EnterpriseTrial,

    /// <summary>发票咨询</summary>
    InvoiceInquiry,

    /// <summary>合同或对公</summary>
    ContractOrCorporatePayment,
}
