namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>Every field of an onboarding, for the revision log, permissions, the secret guard and exports.</summary>
public enum OnboardingField
{
    Customer,
    ProcurementEntity,
    Scenario,
    UseCase,
    ExpectedModels,
    MonthlyBudgetRange,
    NeedsInvoice,
    NeedsContract,
    NeedsCorporatePayment,
    ExpectedGoLiveDate,
    TechnicalContact,
    BusinessContact,
    BaseUrl,
    Sdk,
    UsesStreaming,
    TestPlan,
    StatusCodesSeen,
    RollbackConditions,
    RampPlan,
    TroubleshootingFields,
    BudgetCycle,
    PaymentMethod,
    GoLiveWindow,
    SupportMatrix,
}
