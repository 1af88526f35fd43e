using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Api.Contracts;

/// <summary>A page of a list, with how many there are in all (counted up to a cap: <see cref="TotalCapped"/>).</summary>
public sealed record PageResponse<T>(
    [property: Description("The rows of this page.")] IReadOnlyList<T> Items,
    [property: Description("Rows in all (at least this many when totalCapped is true).")] int Total,
    [property: Description("True when the total was counted only up to a cap.")] bool TotalCapped,
    [property: Description("The page number, from 0.")] int Page,
    [property: Description("Rows per page.")] int PageSize);

/// <summary>One row of the onboardings list.</summary>
public sealed record OnboardingListItem(
    Guid Id,
    [property: Description("The short reference the exports use (last 8 hex digits of the id).")] string Reference,
    string Customer,
    string ProcurementEntity,
    Scenario Scenario,
    Stage Stage,
    [property: Description("The stage the onboarding returns to when resumed (only while on hold).")] Stage? StageBeforeHold,
    int RequiredDone,
    int RequiredTotal,
    int OverdueItems,
    HealthLevel Health,
    DateOnly? ExpectedGoLiveDate,
    DateTime CreatedAtUtc)
{
    public static OnboardingListItem From(OnboardingSummary s) => new(
        s.Id, HandoffPackageExporter.ReferenceOf(s.Id), s.Customer, s.ProcurementEntity, s.Scenario, s.Stage, s.StageBeforeHold,
        s.RequiredDone, s.RequiredTotal, s.OverdueItems, s.Health, s.ExpectedGoLiveDate, s.CreatedAtUtc);
}

/// <summary>An onboarding with its checklist, go-live window, support matrix and health.</summary>
public sealed record OnboardingResponse(
    Guid Id,
    string Reference,
    Scenario Scenario,
    Stage Stage,
    Stage? StageBeforeHold,
    string? HoldReason,
    string? CancelReason,
    [property: Description("The onboarding's version: send it back in If-Match when changing its fields.")] int Version,
    DateTime CreatedAtUtc,
    string CreatedByName,
    OnboardingFields Fields,
    GoLiveWindowResponse? GoLiveWindow,
    IReadOnlyList<SupportAssignmentResponse> SupportMatrix,
    HealthResponse Health,
    [property: Description("The moves that exist from the current stage (whether the caller may make them is checked when made).")]
    IReadOnlyList<Move> Moves,
    IReadOnlyList<ItemResponse> Items)
{
    public static OnboardingResponse From(Onboarding o, DateOnly today)
    {
        var health = o.CheckHealth(today);
        return new OnboardingResponse(
            o.Id, HandoffPackageExporter.ReferenceOf(o.Id), o.Scenario, o.Stage, o.StageBeforeHold, o.HoldReason, o.CancelReason, o.Version,
            o.CreatedAtUtc, o.CreatedByName, OnboardingFields.From(o.Details),
            o.GoLiveWindow is { } w ? new GoLiveWindowResponse(w.StartUtc, w.EndUtc, w.TimeZoneId, w.StartLocal, w.EndLocal) : null,
            o.SupportMatrix.Select(a => new SupportAssignmentResponse(a.Responsibility, a.PersonName)).ToArray(),
            new HealthResponse(health.Level, health.DueSoFar, health.Overdue, health.DaysInStage, health.ExpectedDays,
                health.Reasons.Select(r => r.Message).ToArray()),
            o.MovesFromHere(),
            o.Items.OrderBy(i => i.Stage.Order()).ThenBy(i => i.SortOrder).Select(i => ItemResponse.From(o, i)).ToArray());
    }
}

/// <summary>The onboarding's fields: the business package, the technical package and what both share.</summary>
public sealed record OnboardingFields
{
    [Description("The customer's name (required).")]
    public string? Customer { get; init; }

    [Description("The legal entity that buys (required).")]
    public string? ProcurementEntity { get; init; }

    public string? UseCase { get; init; }

    public string? ExpectedModels { get; init; }

    public string? MonthlyBudgetRange { get; init; }

    public bool? NeedsInvoice { get; init; }

    public bool? NeedsContract { get; init; }

    public bool? NeedsCorporatePayment { get; init; }

    public DateOnly? ExpectedGoLiveDate { get; init; }

    public string? TechnicalContact { get; init; }

    public string? BusinessContact { get; init; }

    public string? BaseUrl { get; init; }

    public string? Sdk { get; init; }

    public bool? UsesStreaming { get; init; }

    public string? TestPlan { get; init; }

    public string? StatusCodesSeen { get; init; }

    public string? RollbackConditions { get; init; }

    public string? RampPlan { get; init; }

    public string? TroubleshootingFields { get; init; }

    public string? BudgetCycle { get; init; }

    public string? PaymentMethod { get; init; }

    public static OnboardingFields From(OnboardingDetails d) => new()
    {
        Customer = d.Customer, ProcurementEntity = d.ProcurementEntity, UseCase = d.UseCase, ExpectedModels = d.ExpectedModels,
        MonthlyBudgetRange = d.MonthlyBudgetRange, NeedsInvoice = d.NeedsInvoice, NeedsContract = d.NeedsContract,
        NeedsCorporatePayment = d.NeedsCorporatePayment, ExpectedGoLiveDate = d.ExpectedGoLiveDate,
        TechnicalContact = d.TechnicalContact, BusinessContact = d.BusinessContact, BaseUrl = d.BaseUrl, Sdk = d.Sdk,
        UsesStreaming = d.UsesStreaming, TestPlan = d.TestPlan, StatusCodesSeen = d.StatusCodesSeen,
        RollbackConditions = d.RollbackConditions, RampPlan = d.RampPlan, TroubleshootingFields = d.TroubleshootingFields,
        BudgetCycle = d.BudgetCycle, PaymentMethod = d.PaymentMethod,
    };

    /// <summary>The fields given here laid over <paramref name="stored"/> (a field left out or null keeps its value).</summary>
    public OnboardingDetails Over(OnboardingDetails stored) => stored with
    {
        Customer = Customer ?? stored.Customer,
        ProcurementEntity = ProcurementEntity ?? stored.ProcurementEntity,
        UseCase = UseCase ?? stored.UseCase,
        ExpectedModels = ExpectedModels ?? stored.ExpectedModels,
        MonthlyBudgetRange = MonthlyBudgetRange ?? stored.MonthlyBudgetRange,
        NeedsInvoice = NeedsInvoice ?? stored.NeedsInvoice,
        NeedsContract = NeedsContract ?? stored.NeedsContract,
        NeedsCorporatePayment = NeedsCorporatePayment ?? stored.NeedsCorporatePayment,
        ExpectedGoLiveDate = ExpectedGoLiveDate ?? stored.ExpectedGoLiveDate,
        TechnicalContact = TechnicalContact ?? stored.TechnicalContact,
        BusinessContact = BusinessContact ?? stored.BusinessContact,
        BaseUrl = BaseUrl ?? stored.BaseUrl,
        Sdk = Sdk ?? stored.Sdk,
        UsesStreaming = UsesStreaming ?? stored.UsesStreaming,
        TestPlan = TestPlan ?? stored.TestPlan,
        StatusCodesSeen = StatusCodesSeen ?? stored.StatusCodesSeen,
        RollbackConditions = RollbackConditions ?? stored.RollbackConditions,
        RampPlan = RampPlan ?? stored.RampPlan,
        TroubleshootingFields = TroubleshootingFields ?? stored.TroubleshootingFields,
        BudgetCycle = BudgetCycle ?? stored.BudgetCycle,
        PaymentMethod = PaymentMethod ?? stored.PaymentMethod,
    };

    /// <summary>The fields of a new onboarding (customer and procurement entity checked by the caller).</summary>
    public OnboardingDetails ToNew() => Over(new OnboardingDetails { Customer = "", ProcurementEntity = "" });
}

/// <summary>Opens an onboarding.</summary>
public sealed record CreateOnboardingRequest
{
    [Description("Which checklist the onboarding follows.")]
    public Scenario? Scenario { get; init; }

    [Description("Its fields; customer and procurementEntity are required.")]
    public OnboardingFields? Fields { get; init; }
}

/// <summary>The go-live window: in UTC, and in the wall-clock time of its time zone.</summary>
public sealed record GoLiveWindowResponse(DateTime StartUtc, DateTime EndUtc, string TimeZone, DateTime StartLocal, DateTime EndLocal);

/// <summary>Sets the go-live window in the wall-clock time of a time zone (IANA or Windows id); start and end both null clear it.</summary>
public sealed record GoLiveWindowRequest(
    [property: Description("The start as wall-clock time in the time zone, without an offset: yyyy-MM-ddTHH:mm[:ss].")]
    [property: RegularExpression(GoLiveWindowRequest.LocalTimePattern)]
    string? StartLocal,
    [property: Description("The end as wall-clock time in the time zone, without an offset: yyyy-MM-ddTHH:mm[:ss].")]
    [property: RegularExpression(GoLiveWindowRequest.LocalTimePattern)]
    string? EndLocal,
    [property: Description("The time zone, e.g. Asia/Shanghai.")] string? TimeZone)
{
    public const string LocalTimePattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$";

    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>A wall-clock time as given, or null when none was given; false when it is not one.</summary>
    public static bool TryReadLocal(string? text, out DateTime? local)
    {
        local = null;
        if (text is null)
        {
            return true;
        }
        if (DateTime.TryParseExact(text, Formats, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var parsed))
        {
            local = DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
            return true;
        }
        return false;
    }
}

public sealed record SupportAssignmentResponse(SupportResponsibility Responsibility, string PersonName);

/// <summary>Names the person for a support responsibility; null or blank removes the name.</summary>
public sealed record SupportAssignmentRequest(string? PersonName);

public sealed record HealthResponse(
    HealthLevel Level,
    [property: Description("Items due so far (not counting not applicable).")] int DueSoFar,
    [property: Description("Of those, the ones overdue.")] int Overdue,
    [property: Description("Working days in the current stage.")] int DaysInStage,
    [property: Description("Working days the template expects for the stage.")] int? ExpectedDays,
    [property: Description("Why, in words.")] IReadOnlyList<string> Reasons);

/// <summary>Makes a move (the stage-gated workflow's transitions).</summary>
public sealed record MoveRequest
{
    [Description("The move to make.")]
    public Move? Move { get; init; }

    [Description("Why: required for hold, cancel and roll back.")]
    public string? Reason { get; init; }

    [Description("The stage the caller decided on; when given and the onboarding has moved since, nothing is done (412).")]
    public Stage? ExpectedStage { get; init; }
}

/// <summary>What a move did: the onboarding's stage now.</summary>
public sealed record MoveResponse(Guid OnboardingId, Stage Stage, int Version);
