using System.Globalization;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// Which package each field belongs to, which fields are free text (and so scanned for secrets),
/// and how a field reads as text (for the revision log and exports).
/// The handbook: "the technical package keeps only models, interfaces, test plan, go-live window and
/// troubleshooting fields; the business package keeps only account, orders, invoice or contract needs, payment
/// method and contacts" — so both contacts, technical and business, are Business fields.
/// Choices where it is silent: the customer, procurement entity and scenario identify the onboarding
/// commercially (Business); the use case, expected models and expected go-live date serve the technical
/// work (Technical).
/// </summary>
public static class FieldCatalog
{
    public static readonly IReadOnlyList<OnboardingField> All = Enum.GetValues<OnboardingField>();

    public static HandoffPackage PackageOf(OnboardingField field) => field switch
    {
        OnboardingField.Customer or OnboardingField.ProcurementEntity or OnboardingField.Scenario
            or OnboardingField.MonthlyBudgetRange or OnboardingField.NeedsInvoice or OnboardingField.NeedsContract
            or OnboardingField.NeedsCorporatePayment or OnboardingField.BusinessContact or OnboardingField.TechnicalContact
            or OnboardingField.BudgetCycle or OnboardingField.PaymentMethod => HandoffPackage.Business,
        OnboardingField.UseCase or OnboardingField.ExpectedModels or OnboardingField.ExpectedGoLiveDate
            or OnboardingField.BaseUrl or OnboardingField.Sdk
            or OnboardingField.UsesStreaming or OnboardingField.TestPlan or OnboardingField.StatusCodesSeen
            or OnboardingField.RollbackConditions or OnboardingField.RampPlan
            or OnboardingField.TroubleshootingFields or OnboardingField.GoLiveWindow
            or OnboardingField.SupportMatrix => HandoffPackage.Technical,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    public static IReadOnlyList<OnboardingField> FieldsOf(HandoffPackage package) =>
        All.Where(f => PackageOf(f) == package).ToArray();

    /// <summary>The fields a person types free text into: each is checked by the secret guard when saved.</summary>
    public static readonly IReadOnlyList<OnboardingField> FreeText =
    [
        OnboardingField.Customer, OnboardingField.ProcurementEntity, OnboardingField.UseCase,
        OnboardingField.ExpectedModels, OnboardingField.MonthlyBudgetRange, OnboardingField.TechnicalContact,
        OnboardingField.BusinessContact, OnboardingField.BaseUrl, OnboardingField.Sdk, OnboardingField.TestPlan,
        OnboardingField.StatusCodesSeen, OnboardingField.RollbackConditions, OnboardingField.RampPlan,
        OnboardingField.TroubleshootingFields, OnboardingField.BudgetCycle, OnboardingField.PaymentMethod,
    ];

    /// <summary>The fields held in <see cref="OnboardingDetails"/> (all but scenario, window and matrix).</summary>
    public static readonly IReadOnlyList<OnboardingField> DetailFields =
        All.Where(f => f is not (OnboardingField.Scenario or OnboardingField.GoLiveWindow or OnboardingField.SupportMatrix)).ToArray();

    /// <summary>The value of a details field as text (booleans as yes/no, dates as ISO), null when empty.</summary>
    public static string? Read(OnboardingDetails details, OnboardingField field) => field switch
    {
        OnboardingField.Customer => details.Customer,
        OnboardingField.ProcurementEntity => details.ProcurementEntity,
        OnboardingField.UseCase => details.UseCase,
        OnboardingField.ExpectedModels => details.ExpectedModels,
        OnboardingField.MonthlyBudgetRange => details.MonthlyBudgetRange,
        OnboardingField.NeedsInvoice => YesNo(details.NeedsInvoice),
        OnboardingField.NeedsContract => YesNo(details.NeedsContract),
        OnboardingField.NeedsCorporatePayment => YesNo(details.NeedsCorporatePayment),
        OnboardingField.ExpectedGoLiveDate => details.ExpectedGoLiveDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        OnboardingField.TechnicalContact => details.TechnicalContact,
        OnboardingField.BusinessContact => details.BusinessContact,
        OnboardingField.BaseUrl => details.BaseUrl,
        OnboardingField.Sdk => details.Sdk,
        OnboardingField.UsesStreaming => YesNo(details.UsesStreaming),
        OnboardingField.TestPlan => details.TestPlan,
        OnboardingField.StatusCodesSeen => details.StatusCodesSeen,
        OnboardingField.RollbackConditions => details.RollbackConditions,
        OnboardingField.RampPlan => details.RampPlan,
        OnboardingField.TroubleshootingFields => details.TroubleshootingFields,
        OnboardingField.BudgetCycle => details.BudgetCycle,
        OnboardingField.PaymentMethod => details.PaymentMethod,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a details field."),
    };

    /// <summary><paramref name="target"/> with <paramref name="field"/> taken from <paramref name="source"/>.</summary>
    public static OnboardingDetails Copy(OnboardingDetails target, OnboardingDetails source, OnboardingField field) => field switch
    {
        OnboardingField.Customer => target with { Customer = source.Customer },
        OnboardingField.ProcurementEntity => target with { ProcurementEntity = source.ProcurementEntity },
        OnboardingField.UseCase => target with { UseCase = source.UseCase },
        OnboardingField.ExpectedModels => target with { ExpectedModels = source.ExpectedModels },
        OnboardingField.MonthlyBudgetRange => target with { MonthlyBudgetRange = source.MonthlyBudgetRange },
        OnboardingField.NeedsInvoice => target with { NeedsInvoice = source.NeedsInvoice },
        OnboardingField.NeedsContract => target with { NeedsContract = source.NeedsContract },
        OnboardingField.NeedsCorporatePayment => target with { NeedsCorporatePayment = source.NeedsCorporatePayment },
        OnboardingField.ExpectedGoLiveDate => target with { ExpectedGoLiveDate = source.ExpectedGoLiveDate },
        OnboardingField.TechnicalContact => target with { TechnicalContact = source.TechnicalContact },
        OnboardingField.BusinessContact => target with { BusinessContact = source.BusinessContact },
        OnboardingField.BaseUrl => target with { BaseUrl = source.BaseUrl },
        OnboardingField.Sdk => target with { Sdk = source.Sdk },
        OnboardingField.UsesStreaming => target with { UsesStreaming = source.UsesStreaming },
        OnboardingField.TestPlan => target with { TestPlan = source.TestPlan },
        OnboardingField.StatusCodesSeen => target with { StatusCodesSeen = source.StatusCodesSeen },
        OnboardingField.RollbackConditions => target with { RollbackConditions = source.RollbackConditions },
        OnboardingField.RampPlan => target with { RampPlan = source.RampPlan },
        OnboardingField.TroubleshootingFields => target with { TroubleshootingFields = source.TroubleshootingFields },
        OnboardingField.BudgetCycle => target with { BudgetCycle = source.BudgetCycle },
        OnboardingField.PaymentMethod => target with { PaymentMethod = source.PaymentMethod },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a details field."),
    };

    /// <summary>The details fields whose values differ between two versions.</summary>
    public static IReadOnlyList<OnboardingField> Changed(OnboardingDetails before, OnboardingDetails after) =>
        DetailFields.Where(f => !string.Equals(Read(before, f), Read(after, f), StringComparison.Ordinal)).ToArray();

    private static string YesNo(bool value) => value ? "yes" : "no";
}
