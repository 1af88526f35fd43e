using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// The onboarding's fields as a form binds them (mutable, date as <see cref="DateTime"/> for the picker),
/// converted to and from the domain's <see cref="OnboardingDetails"/>.
/// </summary>
public sealed class DetailsForm
{
    public string? Customer { get; set; }
    public string? ProcurementEntity { get; set; }
    public string? UseCase { get; set; }
    public string? ExpectedModels { get; set; }
    public string? MonthlyBudgetRange { get; set; }
    public bool NeedsInvoice { get; set; }
    public bool NeedsContract { get; set; }
    public bool NeedsCorporatePayment { get; set; }
    public DateTime? ExpectedGoLiveDate { get; set; }
    public string? TechnicalContact { get; set; }
    public string? BusinessContact { get; set; }
    public string? BaseUrl { get; set; }
    public string? Sdk { get; set; }
    public bool UsesStreaming { get; set; }
    public string? TestPlan { get; set; }
    public string? StatusCodesSeen { get; set; }
    public string? RollbackConditions { get; set; }
    public string? RampPlan { get; set; }
    public string? TroubleshootingFields { get; set; }
    public string? BudgetCycle { get; set; }
    public string? PaymentMethod { get; set; }

    public static DetailsForm From(OnboardingDetails d) => new()
    {
        Customer = d.Customer,
        ProcurementEntity = d.ProcurementEntity,
        UseCase = d.UseCase,
        ExpectedModels = d.ExpectedModels,
        MonthlyBudgetRange = d.MonthlyBudgetRange,
        NeedsInvoice = d.NeedsInvoice,
        NeedsContract = d.NeedsContract,
        NeedsCorporatePayment = d.NeedsCorporatePayment,
        ExpectedGoLiveDate = d.ExpectedGoLiveDate?.ToDateTime(TimeOnly.MinValue),
        TechnicalContact = d.TechnicalContact,
        BusinessContact = d.BusinessContact,
        BaseUrl = d.BaseUrl,
        Sdk = d.Sdk,
        UsesStreaming = d.UsesStreaming,
        TestPlan = d.TestPlan,
        StatusCodesSeen = d.StatusCodesSeen,
        RollbackConditions = d.RollbackConditions,
        RampPlan = d.RampPlan,
        TroubleshootingFields = d.TroubleshootingFields,
        BudgetCycle = d.BudgetCycle,
        PaymentMethod = d.PaymentMethod,
    };

    /// <summary>The form as details (text as typed; the domain trims and checks it).</summary>
    public OnboardingDetails ToDetails() => new()
    {
        Customer = Customer ?? "",
        ProcurementEntity = ProcurementEntity ?? "",
        UseCase = UseCase,
        ExpectedModels = ExpectedModels,
        MonthlyBudgetRange = MonthlyBudgetRange,
        NeedsInvoice = NeedsInvoice,
        NeedsContract = NeedsContract,
        NeedsCorporatePayment = NeedsCorporatePayment,
        ExpectedGoLiveDate = ExpectedGoLiveDate is { } date ? DateOnly.FromDateTime(date) : null,
        TechnicalContact = TechnicalContact,
        BusinessContact = BusinessContact,
        BaseUrl = BaseUrl,
        Sdk = Sdk,
        UsesStreaming = UsesStreaming,
        TestPlan = TestPlan,
        StatusCodesSeen = StatusCodesSeen,
        RollbackConditions = RollbackConditions,
        RampPlan = RampPlan,
        TroubleshootingFields = TroubleshootingFields,
        BudgetCycle = BudgetCycle,
        PaymentMethod = PaymentMethod,
    };

    /// <summary>The text of a free-text field.</summary>
    public string? GetText(OnboardingField field) => field switch
    {
        OnboardingField.Customer => Customer,
        OnboardingField.ProcurementEntity => ProcurementEntity,
        OnboardingField.UseCase => UseCase,
        OnboardingField.ExpectedModels => ExpectedModels,
        OnboardingField.MonthlyBudgetRange => MonthlyBudgetRange,
        OnboardingField.TechnicalContact => TechnicalContact,
        OnboardingField.BusinessContact => BusinessContact,
        OnboardingField.BaseUrl => BaseUrl,
        OnboardingField.Sdk => Sdk,
        OnboardingField.TestPlan => TestPlan,
        OnboardingField.StatusCodesSeen => StatusCodesSeen,
        OnboardingField.RollbackConditions => RollbackConditions,
        OnboardingField.RampPlan => RampPlan,
        OnboardingField.TroubleshootingFields => TroubleshootingFields,
        OnboardingField.BudgetCycle => BudgetCycle,
        OnboardingField.PaymentMethod => PaymentMethod,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a free-text field."),
    };

    public void SetText(OnboardingField field, string? value)
    {
        switch (field)
        {
            case OnboardingField.Customer: Customer = value; break;
            case OnboardingField.ProcurementEntity: ProcurementEntity = value; break;
            case OnboardingField.UseCase: UseCase = value; break;
            case OnboardingField.ExpectedModels: ExpectedModels = value; break;
            case OnboardingField.MonthlyBudgetRange: MonthlyBudgetRange = value; break;
            case OnboardingField.TechnicalContact: TechnicalContact = value; break;
            case OnboardingField.BusinessContact: BusinessContact = value; break;
            case OnboardingField.BaseUrl: BaseUrl = value; break;
            case OnboardingField.Sdk: Sdk = value; break;
            case OnboardingField.TestPlan: TestPlan = value; break;
            case OnboardingField.StatusCodesSeen: StatusCodesSeen = value; break;
            case OnboardingField.RollbackConditions: RollbackConditions = value; break;
            case OnboardingField.RampPlan: RampPlan = value; break;
            case OnboardingField.TroubleshootingFields: TroubleshootingFields = value; break;
            case OnboardingField.BudgetCycle: BudgetCycle = value; break;
            case OnboardingField.PaymentMethod: PaymentMethod = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a free-text field.");
        }
    }

    public bool GetFlag(OnboardingField field) => field switch
    {
        OnboardingField.NeedsInvoice => NeedsInvoice,
        OnboardingField.NeedsContract => NeedsContract,
        OnboardingField.NeedsCorporatePayment => NeedsCorporatePayment,
        OnboardingField.UsesStreaming => UsesStreaming,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a yes/no field."),
    };

    public void SetFlag(OnboardingField field, bool value)
    {
        switch (field)
        {
            case OnboardingField.NeedsInvoice: NeedsInvoice = value; break;
            case OnboardingField.NeedsContract: NeedsContract = value; break;
            case OnboardingField.NeedsCorporatePayment: NeedsCorporatePayment = value; break;
            case OnboardingField.UsesStreaming: UsesStreaming = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a yes/no field.");
        }
    }

    /// <summary>Replaces the text of the field a secret was found in with its masked form; false when the field is not on this form.</summary>
    public bool UseMasked(FieldSecret secret)
    {
        if (!Enum.TryParse<OnboardingField>(secret.Field, out var field) || !FieldCatalog.FreeText.Contains(field))
        {
            return false;
        }
        SetText(field, secret.MaskedText);
        return true;
    }
}

/// <summary>How each field is edited: its kind and its longest text (the domain's limits).</summary>
public static class FieldInputs
{
    public enum Kind
    {
        Text,
        LongText,
        Flag,
        Date,
    }

    public static Kind KindOf(OnboardingField field) => field switch
    {
        OnboardingField.NeedsInvoice or OnboardingField.NeedsContract or OnboardingField.NeedsCorporatePayment
            or OnboardingField.UsesStreaming => Kind.Flag,
        OnboardingField.ExpectedGoLiveDate => Kind.Date,
        OnboardingField.UseCase or OnboardingField.ExpectedModels or OnboardingField.TestPlan or OnboardingField.StatusCodesSeen
            or OnboardingField.RollbackConditions or OnboardingField.RampPlan or OnboardingField.TroubleshootingFields => Kind.LongText,
        _ => Kind.Text,
    };

    /// <summary>The same limits <c>Onboarding</c> enforces, so the form says so before the server does.</summary>
    public static int MaxLength(OnboardingField field) => DetailLimits.MaxLength(field);

    public static bool IsRequired(OnboardingField field) => field is OnboardingField.Customer or OnboardingField.ProcurementEntity;
}

/// <summary>
/// One package's fields being edited: what the person started from (<see cref="Original"/>) and what they typed
/// (<see cref="Form"/>). Held by the page so a reload keeps it; saved as <c>UpdateDetailsAsync(Original, Edited)</c>.
/// </summary>
public sealed class DetailsDraft
{
    public DetailsDraft(HandoffPackage package, OnboardingDetails original)
    {
        Package = package;
        Original = original;
        Form = DetailsForm.From(original);
    }

    public HandoffPackage Package { get; }

    public OnboardingDetails Original { get; private set; }

    public DetailsForm Form { get; private set; }

    /// <summary>The package's fields held in the details (the window and the matrix have editors of their own).</summary>
    public IReadOnlyList<OnboardingField> Fields => FieldCatalog.FieldsOf(Package).Where(FieldCatalog.DetailFields.Contains).ToArray();

    /// <summary>The original with this package's fields as typed; other packages' fields stay as they were.</summary>
    public OnboardingDetails Edited
    {
        get
        {
            var typed = Form.ToDetails();
            return Fields.Aggregate(Original, (details, f) => FieldCatalog.Copy(details, typed, f));
        }
    }

    /// <summary>The fields the person changed.</summary>
    public IReadOnlyList<OnboardingField> Changed => FieldCatalog.Changed(Original, Edited);

    /// <summary>Whether <paramref name="stored"/> differs from what the person started from in this package's fields.</summary>
    public bool IsStale(OnboardingDetails stored) =>
        Fields.Any(f => FieldCatalog.Read(stored, f) != FieldCatalog.Read(Original, f));

    /// <summary>
    /// Starts again from <paramref name="stored"/> and re-applies only the fields the person changed, so a field
    /// someone else changed and this person did not touch keeps the other person's value.
    /// </summary>
    public void Rebase(OnboardingDetails stored)
    {
        var typed = Edited;
        var mine = Changed;
        Original = stored;
        Form = DetailsForm.From(mine.Aggregate(stored, (details, field) => FieldCatalog.Copy(details, typed, field)));
    }
}
