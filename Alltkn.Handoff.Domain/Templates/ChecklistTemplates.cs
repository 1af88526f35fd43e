using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using static Alltkn.Handoff.Domain.Onboardings.EvidenceKind;
using static Alltkn.Handoff.Domain.Onboardings.Stage;
using static Alltkn.Handoff.Domain.People.Role;
using static Alltkn.Handoff.Domain.Templates.CustomerRole;

namespace Alltkn.Handoff.Domain.Templates;

/// <summary>
/// The starting checklists, drawn from the handbook (DOMAIN.md, "Handoff items"). Every scenario gets
/// the full path; the scenario adds what to prepare first and what must stay private (the handbook's first table).
/// Owners follow the handbook's handoff table: account and key ownership → team admin, model and quota →
/// tech lead, invoice and contract → finance, go-live and support → release owner.
/// </summary>
/// <remarks>
/// <para>
/// What is shared with the customer and whose it is (issue 11, point 5), from the handbook: what the customer says "at
/// the first contact" (在第一次联系时先说明: use case, expected models, monthly budget, invoice / contract / corporate-payment
/// needs, go-live time and technical contact) and what each scenario prepares first are the business contact's to complete;
/// the trial tests the handbook asks the customer to run (先跑通最小请求、stream、余额不足、429 和主要模型) are the technical
/// contact's; the procurement entity, payment method and the invoice and contract needs (发票和合同: 财务或商务联系人) the
/// business contact's. The safety notice (不要在公开聊天里发送完整 API Key…) is seen by both sides. What the team decides or
/// arranges and the customer must know (key ownership, quota and alerts, the go-live window, rollback, the support
/// matrix and fields, the ramp plan, payment matching and reconciliation) is shown read-only to the side of its package.
/// Internal work (logs and alerts, the release owner's sign-off, the post-go-live review) is not shown. A shared item's
/// side is its package's side (or both).
/// </para>
/// Due offsets, in working days. The handbook sets no numbers; where it speaks of timing the offsets follow it:
/// what to say "at the first contact" (在第一次联系时先说明: contact type, safety notice, needs, go-live time and technical
/// contact) is due within one or two days of the inquiry; the minimal request comes before the other trial tests
/// (先跑通最小请求、stream、余额不足、429 和主要模型, 再进入正式采购或上线放量) and all of them before commercial confirmation;
/// key ownership, quota, logs, alerts, support fields and the rollback window are confirmed before go-live
/// (企业上线前确认…), the support responsibilities written down in advance (都应该提前写清楚), so Go-live items count back
/// from the expected go-live date; the review names "the date when the note should be checked again" (the recheck date).
/// The numbers themselves (1–2 days at Inquiry, 2–7 at Trial, 5 at Commercial confirmation, 5–10 for invoice and
/// contract, 5–0 days before go-live, a recheck 10 working days after going live) are this workspace's defaults.
/// </remarks>
public static class ChecklistTemplates
{
    /// <summary>Working days after going live at which the post-go-live review is due: the date to check again.</summary>
    public const int RecheckWorkingDays = 10;

    /// <summary>Shared with the customer's technical contact, who sees or completes it (issue 11, point 5).</summary>
    private static ItemTemplate Technical(this ItemTemplate template, CustomerRole role) => template.SharedWith(CustomerSide.Technical, role);

    /// <summary>Shared with the customer's business contact, who sees or completes it.</summary>
    private static ItemTemplate Business(this ItemTemplate template, CustomerRole role) => template.SharedWith(CustomerSide.Business, role);

    /// <summary>Shared with both of the customer's contacts.</summary>
    private static ItemTemplate Both(this ItemTemplate template, CustomerRole role) => template.SharedWith(CustomerSide.Both, role);

    private static DueRule After(int workingDays) => DueRule.AfterStageStart(workingDays);

    private static DueRule BeforeGoLive(int workingDays, int otherwiseAfterStageStart) =>
        DueRule.BeforeGoLive(workingDays, otherwiseAfterStageStart);

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
        public const string LiveReview = "live.review";
    }

    private static readonly ItemTemplate[] Common =
    [
        // Inquiry 商务咨询
        new ItemTemplate("inquiry.contact-type", Inquiry, "Contact type declared", TeamAdmin, true, BusinessNote, After(1)).Business(Completes),
        new ItemTemplate("inquiry.use-case", Inquiry, "Use case, expected models and monthly budget range", TeamAdmin, true, BusinessNote, After(2)).Business(Completes),
        new ItemTemplate("inquiry.needs", Inquiry, "Invoice, contract and corporate-payment needs", Finance, true, BusinessNote, After(2)).Business(Completes),
        new ItemTemplate("inquiry.go-live-contact", Inquiry, "Expected go-live time and technical contact", TeamAdmin, true, BusinessNote, After(2)).Business(Completes),
        // Trial 企业试用
        new ItemTemplate(Keys.AccountAndKeyOwnership, Trial, "Account and key ownership (account email, group, masked key identifier)", TeamAdmin, true, MaskedKeyIdentifier, After(2)).Technical(Sees),
        new ItemTemplate("trial.minimal-request", Trial, "Minimal request succeeds", TechLead, true, StatusCodeObservation, After(3)).Technical(Completes),
        new ItemTemplate("trial.stream", Trial, "Streaming response verified", TechLead, true, StatusCodeObservation, After(5)).Technical(Completes),
        new ItemTemplate("trial.insufficient-balance", Trial, "Insufficient balance (402 or the platform's quota error) handled", TechLead, true, StatusCodeObservation, After(5)).Technical(Completes),
        new ItemTemplate("trial.rate-limit", Trial, "Rate limit (429) handled", TechLead, true, StatusCodeObservation, After(5)).Technical(Completes),
        new ItemTemplate("trial.main-models", Trial, "Main models verified", TechLead, true, ModelList, After(5)).Technical(Completes),
        new ItemTemplate("trial.small-traffic-plan", Trial, "Small-traffic validation plan", TechLead, true, TestPlan, After(7)).Technical(Sees),
        // Commercial confirmation 商务确认
        new ItemTemplate("commercial.entity-scope-budget", CommercialConfirmation, "Procurement entity, scope and budget cycle", Finance, true, BusinessNote, After(5)).Business(Completes),
        new ItemTemplate(Keys.ModelAndQuota, CommercialConfirmation, "Model and quota (model list, budget boundary, alert rules)", TechLead, true, QuotaAndAlerts, After(5)).Technical(Sees),
        new ItemTemplate("commercial.high-cost-rules", CommercialConfirmation, "Quota boundaries and duplicate-submission rules for high-cost tasks (image, video, batch)", TechLead, true, QuotaAndAlerts, After(5)).Technical(Sees),
        new ItemTemplate("commercial.payment-method", CommercialConfirmation, "Payment method", Finance, true, BusinessNote, After(5)).Business(Completes),
        // Invoice & contract 发票与合同 (required according to the needs)
        new ItemTemplate(Keys.InvoiceNeed, InvoiceAndContract, "Invoice need confirmed through the controlled support channel", Finance, true, SupportTicket, After(5)).Business(Completes),
        new ItemTemplate(Keys.ContractNeed, InvoiceAndContract, "Contract need confirmed", Finance, true, SupportTicket, After(10)).Business(Completes),
        new ItemTemplate(Keys.CorporatePayment, InvoiceAndContract, "Corporate payment matched to the order record", Finance, true, PaymentReference, After(10)).Business(Sees),
        new ItemTemplate(Keys.Reconciliation, InvoiceAndContract, "Reconciliation (对账) arrangement", Finance, true, OrderRecord, After(10)).Business(Sees),
        // Go-live 上线交接
        new ItemTemplate(Keys.GoLiveWindow, GoLive, "Go-live window (start, end, time zone)", ReleaseOwner, true, EvidenceKind.GoLiveWindow, BeforeGoLive(5, 3)).Technical(Sees),
        new ItemTemplate(Keys.RollbackConditions, GoLive, "Rollback conditions", ReleaseOwner, true, EvidenceKind.RollbackConditions, BeforeGoLive(3, 5)).Technical(Sees),
        new ItemTemplate(Keys.SupportMatrix, GoLive, "Support responsibility matrix", ReleaseOwner, true, EvidenceKind.SupportMatrix, BeforeGoLive(3, 5)).Technical(Sees),
        new("golive.logs-alerts", GoLive, "Logs and alerts", TechLead, true, TechnicalNote, BeforeGoLive(2, 7)),
        new ItemTemplate(Keys.SupportFields, GoLive, "Support fields (time, status code, model name)", ReleaseOwner, true, TechnicalNote, BeforeGoLive(2, 7)).Technical(Sees),
        new ItemTemplate("golive.ramp-plan", GoLive, "Ramp plan: small traffic first, then scale", ReleaseOwner, true, TestPlan, BeforeGoLive(2, 7)).Technical(Sees),
        new(Keys.SignOff, GoLive, "Release owner sign-off", ReleaseOwner, false, SignOff, BeforeGoLive(0, 10)),
        // Live 已上线
        new(Keys.LiveReview, Live, "Post-go-live review and the date to check again", TeamAdmin, true, TechnicalNote, After(RecheckWorkingDays)),
    ];

    // The safety notice of DOMAIN.md's Inquiry (no full API key, internal procurement files, full payment screenshots
    // or unmasked business data) is given in every scenario, with what that scenario keeps private on top.
    private static readonly Dictionary<Scenario, ItemTemplate[]> ByScenario = new()
    {
        [Scenario.PersonalTopUp] =
        [
            new ItemTemplate("inquiry.prepare.top-up", Inquiry, "Prepared first: account, payment method, amount, order time", Finance, true, OrderRecord, After(2)).Business(Completes),
            new ItemTemplate("inquiry.safety", Inquiry, "Safety notice given: no full API key, internal procurement files, full payment screenshots, passwords or unmasked business data in shared fields", TeamAdmin, true, Acknowledgement, After(1)).Both(Sees),
        ],
        [Scenario.EnterpriseTrial] =
        [
            new ItemTemplate("inquiry.prepare.trial", Inquiry, "Prepared first: use case, model types, expected call volume, technical contact", TechLead, true, BusinessNote, After(2)).Business(Completes),
            new ItemTemplate("inquiry.safety", Inquiry, "Safety notice given: no full API key, real business data, internal procurement files, full payment screenshots or other unmasked business data in shared fields", TeamAdmin, true, Acknowledgement, After(1)).Both(Sees),
        ],
        [Scenario.InvoiceInquiry] =
        [
            new ItemTemplate("inquiry.prepare.invoice", Inquiry, "Prepared first: invoice need, order records, contact, controlled submission fields", Finance, true, OrderRecord, After(2)).Business(Completes),
            new ItemTemplate("inquiry.safety", Inquiry, "Safety notice given: no full API key, internal procurement files, full payment screenshots or unmasked business data in shared fields; invoice details go through support", TeamAdmin, true, Acknowledgement, After(1)).Both(Sees),
        ],
        [Scenario.ContractOrCorporatePayment] =
        [
            new ItemTemplate("inquiry.prepare.contract", Inquiry, "Prepared first: procurement entity, scope, budget cycle, go-live window", Finance, true, BusinessNote, After(2)).Business(Completes),
            new ItemTemplate("inquiry.safety", Inquiry, "Safety notice given: no full API key, internal procurement files, full payment screenshots, unmasked business data, contract text or qualification documents in shared fields", TeamAdmin, true, Acknowledgement, After(1)).Both(Sees),
        ],
    };

    /// <summary>
    /// How many working days the template expects an onboarding to spend in a stage (none for Live and the stages off
    /// the path): the latest due offset of its items and a little slack. Health compares the days spent against it.
    /// </summary>
    public static int? ExpectedWorkingDays(Stage stage) => stage switch
    {
        Inquiry => 3,
        Trial => 10,
        CommercialConfirmation => 7,
        InvoiceAndContract => 12,
        GoLive => 12,
        _ => null,
    };

    /// <summary>The template an item was made from (any scenario's), by its key; null for a key no template has.</summary>
    public static ItemTemplate? Find(string key) =>
        Common.FirstOrDefault(t => t.Key == key) ?? ByScenario.Values.SelectMany(t => t).FirstOrDefault(t => t.Key == key);

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
