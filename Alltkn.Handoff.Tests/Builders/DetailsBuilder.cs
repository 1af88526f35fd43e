using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Builders;

/// <summary>
/// Builds <see cref="OnboardingDetails"/> with every field filled by a plausible, secret-free value and,
/// by default, nothing to invoice (no invoice, contract or corporate payment: the path skips Invoice &amp; contract).
/// </summary>
public sealed class DetailsBuilder
{
    private OnboardingDetails _details = new()
    {
        Customer = "Acme Robotics",
        ProcurementEntity = "Acme Robotics (Shanghai) Co., Ltd.",
        UseCase = "Customer-support chat assistant",
        ExpectedModels = "gpt-4o-mini, claude-sonnet-4",
        MonthlyBudgetRange = "CNY 20,000 - 50,000",
        ExpectedGoLiveDate = new DateOnly(2026, 12, 15),
        TechnicalContact = "Li Wei, platform team",
        BusinessContact = "Zhou Fang, procurement",
        BaseUrl = "https://api.alltkn.example/v1",
        Sdk = "openai-python 1.x",
        UsesStreaming = true,
        TestPlan = "Minimal request, stream, 402 and 429 on the staging project",
        StatusCodesSeen = "401, 429",
        // No rollback conditions: writing them completes the Go-live item of that name, which a new onboarding has open.
        // An onboarding built past its Go-live gate gets ValidEvidence.RollbackConditions, written by the release owner.
        RollbackConditions = null,
        RampPlan = "5% of traffic for a day, then 50%, then all",
        TroubleshootingFields = "time, status code, model name",
        BudgetCycle = "monthly",
        PaymentMethod = "corporate bank transfer",
    };

    /// <summary>Only the required fields (customer and procurement entity); nothing else set.</summary>
    public static DetailsBuilder Minimal() => new DetailsBuilder().With(d => new OnboardingDetails
    {
        Customer = d.Customer,
        ProcurementEntity = d.ProcurementEntity,
    });

    public DetailsBuilder ForCustomer(string customer, string? procurementEntity = null) =>
        With(d => d with { Customer = customer, ProcurementEntity = procurementEntity ?? d.ProcurementEntity });

    public DetailsBuilder NeedingInvoice(bool needed = true) => With(d => d with { NeedsInvoice = needed });

    public DetailsBuilder NeedingContract(bool needed = true) => With(d => d with { NeedsContract = needed });

    public DetailsBuilder NeedingCorporatePayment(bool needed = true) => With(d => d with { NeedsCorporatePayment = needed });

    /// <summary>No invoice, contract or corporate payment: the path skips Invoice &amp; contract.</summary>
    public DetailsBuilder NeedingNothingToInvoice() =>
        With(d => d with { NeedsInvoice = false, NeedsContract = false, NeedsCorporatePayment = false });

    /// <summary>Any other change, as a <c>with</c> expression.</summary>
    public DetailsBuilder With(Func<OnboardingDetails, OnboardingDetails> change)
    {
        _details = change(_details);
        return this;
    }

    public OnboardingDetails Build() => _details;

    public static implicit operator OnboardingDetails(DetailsBuilder builder) => builder.Build();
}
