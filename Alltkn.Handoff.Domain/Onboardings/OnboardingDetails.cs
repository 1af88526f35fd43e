namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// The editable facts of an onboarding (DOMAIN.md), as one value. Edits replace it as a whole;
/// the aggregate records each changed field in the revision log. <see cref="FieldCatalog"/> says
/// which package each field belongs to.
/// </summary>
public sealed record OnboardingDetails
{
    public required string Customer { get; init; }

    public required string ProcurementEntity { get; init; }

    public string? UseCase { get; init; }

    public string? ExpectedModels { get; init; }

    public string? MonthlyBudgetRange { get; init; }

    public bool NeedsInvoice { get; init; }

    public bool NeedsContract { get; init; }

    public bool NeedsCorporatePayment { get; init; }

    public DateOnly? ExpectedGoLiveDate { get; init; }

    public string? TechnicalContact { get; init; }

    public string? BusinessContact { get; init; }

    // Technical package
    public string? BaseUrl { get; init; }

    public string? Sdk { get; init; }

    public bool UsesStreaming { get; init; }

    public string? TestPlan { get; init; }

    public string? StatusCodesSeen { get; init; }

    public string? RollbackConditions { get; init; }

    public string? RampPlan { get; init; }

    public string? TroubleshootingFields { get; init; }

    // Business package
    public string? BudgetCycle { get; init; }

    public string? PaymentMethod { get; init; }

    /// <summary>Whether the Invoice &amp; contract stage is on this onboarding's path.</summary>
    public bool NeedsInvoiceOrContract => NeedsInvoice || NeedsContract || NeedsCorporatePayment;
}
