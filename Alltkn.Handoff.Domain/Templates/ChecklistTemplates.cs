using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using static Alltkn.Handoff.Domain.Onboardings.EvidenceKind;
using static Alltkn.Handoff.Domain.Onboardings.Stage;
using static Alltkn.Handoff.Domain.People.Role;

namespace Alltkn.Handoff.Domain.Templates;

/// <summary>
/// The starting checklists, drawn from the handbook (DOMAIN.md, "Handoff items"). Every scenario gets
/// the full path; the scenario adds what to prepare first and what must stay private (the handbook's first table).
/// Owners follow the handbook's handoff table: account and key ownership → team admin, model and quota →
/// tech lead, invoice and contract → finance, go-live and support → release owner.
/// </summary>
public static class ChecklistTemplates
{
    public static class Keys
    {
        public const string AccountAndKeyOwnership = "trial.account-key-ownership";
        public const string ModelAndQuota = "commercial.model-quota";
        public const string InvoiceNeed = "invoice.invoice-need";
        public const string ContractNeed = "invoice.contract-need";
        public const string CorporatePayment = "invoice.corporate-payment";
        public const string Reconciliation = "invoice.reconciliation";
        public const string GoLiveWindow = "golive.window";
        public const string SupportMatrix = "golive.support-matrix";
        public const string SupportFields = "golive.support-fields";
        public const string RollbackConditions = "golive.rollback";
        public const string SignOff = "golive.sign-off";
    }

    private static readonly ItemTemplate[] Common =
    [
        // Inquiry 商务咨询
        new("inquiry.contact-type", Inquiry, "Contact type declared", TeamAdmin, true, BusinessNote),
        new("inquiry.use-case", Inquiry, "Use case, expected models and monthly budget range", TeamAdmin, true, BusinessNote),
        new("inquiry.needs", Inquiry, "Invoice, contract and corporate-payment needs", Finance, true, BusinessNote),
        new("inquiry.go-live-contact", Inquiry, "Expected go-live time and technical contact", TeamAdmin, true, BusinessNote),
        // Trial 企业试用
        new(Keys.AccountAndKeyOwnership, Trial, "Account and key ownership (account email, group, masked key identifier)", TeamAdmin, true, MaskedKeyIdentifier),
        new("trial.minimal-request", Trial, "Minimal request succeeds", TechLead, true, StatusCodeObservation),
        new("trial.stream", Trial, "Streaming response verified", TechLead, true, StatusCodeObservation),
        new("trial.insufficient-balance", Trial, "Insufficient balance (402 or the platform's quota error) handled", TechLead, true, StatusCodeObservation),
        new("trial.rate-limit", Trial, "Rate limit (429) handled", TechLead, true, StatusCodeObservation),
        new("trial.main-models", Trial, "Main models verified", TechLead, true, ModelList),
        new("trial.small-traffic-plan", Trial, "Small-traffic validation plan", TechLead, true, TestPlan),
        // Commercial confirmation 商务确认
        new("commercial.entity-scope-budget", CommercialConfirmation, "Procurement entity, scope and budget cycle", Finance, true, BusinessNote),
        new(Keys.ModelAndQuota, CommercialConfirmation, "Model and quota (model list, budget boundary, alert rules)", TechLead, true, QuotaAndAlerts),
        new("commercial.high-cost-rules", CommercialConfirmation, "Quota boundaries and duplicate-submission rules for high-cost tasks (image, video, batch)", TechLead, true, QuotaAndAlerts),
        new("commercial.payment-method", CommercialConfirmation, "Payment method", Finance, true, BusinessNote),
        // Invoice & contract 发票与合同 (required according to the needs)
        new(Keys.InvoiceNeed, InvoiceAndContract, "Invoice need confirmed through the controlled support channel", Finance, true, SupportTicket),
        new(Keys.ContractNeed, InvoiceAndContract, "Contract need confirmed", Finance, true, SupportTicket),
        new(Keys.CorporatePayment, InvoiceAndContract, "Corporate payment matched to the order record", Finance, true, PaymentReference),
        new(Keys.Reconciliation, InvoiceAndContract, "Reconciliation (对账) arrangement", Finance, true, OrderRecord),
        // Go-live 上线交接
        new(Keys.GoLiveWindow, GoLive, "Go-live window (start, end, time zone)", ReleaseOwner, true, EvidenceKind.GoLiveWindow),
        new(Keys.RollbackConditions, GoLive, "Rollback conditions", ReleaseOwner, true, TechnicalNote),
        new(Keys.SupportMatrix, GoLive, "Support responsibility matrix", ReleaseOwner, true, EvidenceKind.SupportMatrix),
        new("golive.logs-alerts", GoLive, "Logs and alerts", TechLead, true, TechnicalNote),
        new(Keys.SupportFields, GoLive, "Support fields (time, status code, model name)", ReleaseOwner, true, TechnicalNote),
        new("golive.ramp-plan", GoLive, "Ramp plan: small traffic first, then scale", ReleaseOwner, true, TestPlan),
        new(Keys.SignOff, GoLive, "Release owner sign-off", ReleaseOwner, false, SignOff),
        // Live 已上线
        new("live.review", Live, "Post-go-live review and the date to check again", TeamAdmin, true, TechnicalNote),
    ];

    // The safety notice of DOMAIN.md's Inquiry (no full API key, internal procurement files, full payment screenshots
    // or unmasked business data) is given in every scenario, with what that scenario keeps private on top.
    private static readonly Dictionary<Scenario, ItemTemplate[]> ByScenario = new()
    {
        [Scenario.PersonalTopUp] =
        [
            new("inquiry.prepare.top-up", Inquiry, "Prepared first: account, payment method, amount, order time", Finance, true, OrderRecord),
            new("inquiry.safety", Inquiry, "Safety notice given: no full API key, internal procurement files, full payment screenshots, passwords or unmasked business data in shared fields", TeamAdmin, true, Acknowledgement),
        ],
        [Scenario.EnterpriseTrial] =
        [
            new("inquiry.prepare.trial", Inquiry, "Prepared first: use case, model types, expected call volume, technical contact", TechLead, true, BusinessNote),
            new("inquiry.safety", Inquiry, "Safety notice given: no full API key, real business data, internal procurement files, full payment screenshots or other unmasked business data in shared fields", TeamAdmin, true, Acknowledgement),
        ],
        [Scenario.InvoiceInquiry] =
        [
            new("inquiry.prepare.invoice", Inquiry, "Prepared first: invoice need, order records, contact, controlled submission fields", Finance, true, OrderRecord),
            new("inquiry.safety", Inquiry, "Safety notice given: no full API key, internal procurement files, full payment screenshots or unmasked business data in shared fields; invoice details go through support", TeamAdmin, true, Acknowledgement),
        ],
        [Scenario.ContractOrCorporatePayment] =
        [
            new("inquiry.prepare.contract", Inquiry, "Prepared first: procurement entity, scope, budget cycle, go-live window", Finance, true, BusinessNote),
            new("inquiry.safety", Inquiry, "Safety notice given: no full API key, internal procurement files, full payment screenshots, unmasked business data, contract text or qualification documents in shared fields", TeamAdmin, true, Acknowledgement),
        ],
    };

    /// <summary>The starting checklist of a scenario, in stage order.</summary>
    public static IReadOnlyList<ItemTemplate> For(Scenario scenario) =>
        Common.Concat(ByScenario[scenario]).OrderBy(t => t.Stage.Order()).ToArray();

    /// <summary>
    /// Whether an item holds its gate for an onboarding with these needs: Invoice &amp; contract items are
    /// required only for what is needed (reconciliation whenever anything is); all others as the template says.
    /// </summary>
    public static bool IsRequired(ItemTemplate template, OnboardingDetails details) => IsRequired(template.Key, template.Required, details);

    internal static bool IsRequired(string key, bool templateRequired, OnboardingDetails details) => key switch
    {
        Keys.InvoiceNeed => details.NeedsInvoice,
        Keys.ContractNeed => details.NeedsContract,
        Keys.CorporatePayment => details.NeedsCorporatePayment,
        Keys.Reconciliation => details.NeedsInvoiceOrContract,
        _ => templateRequired,
    };

    /// <summary>The handbook's handoff table, which the go-live gate checks (Invoice and contract only when on the path).</summary>
    public static readonly IReadOnlyList<string> HandoffTable =
        [Keys.AccountAndKeyOwnership, Keys.ModelAndQuota, Keys.InvoiceNeed, Keys.ContractNeed, Keys.CorporatePayment, Keys.GoLiveWindow, Keys.RollbackConditions, Keys.SupportFields];
}
