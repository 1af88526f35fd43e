using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using static Alltkn.Handoff.Domain.People.Role;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// The starting checklists hold every item DOMAIN.md lists ("Handoff items"), in its stage, owned as the handbook's
/// handoff table says (account and key ownership → team admin, model and quota → tech lead, invoice and contract →
/// finance, go-live and support → release owner) and as the roles table gives the rest.
/// </summary>
public sealed class ChecklistTemplateTests
{
    /// <summary>An expected item: its key, its stage, words its title must carry, its owner.</summary>
    public sealed record Expected(string Key, Stage Stage, string[] TitleWords, Role Owner);

    /// <summary>The items every scenario's checklist holds, from DOMAIN.md.</summary>
    private static readonly Expected[] Common =
    [
        // Inquiry: contact type declared; use case, expected models and monthly budget range; invoice / contract /
        // corporate-payment needs; expected go-live time and technical contact; the safety notice (per scenario, below).
        new("inquiry.contact-type", Stage.Inquiry, ["Contact type"], TeamAdmin),
        new("inquiry.use-case", Stage.Inquiry, ["Use case", "expected models", "monthly budget range"], TeamAdmin),
        new("inquiry.needs", Stage.Inquiry, ["Invoice", "contract", "corporate-payment needs"], Finance),
        new("inquiry.go-live-contact", Stage.Inquiry, ["go-live time", "technical contact"], TeamAdmin),
        // Trial: account and key ownership (account email, group, masked key identifier); minimal request; stream;
        // insufficient balance (402, or the platform's quota error); rate limit (429); main models verified; small-traffic validation plan.
        new("trial.account-key-ownership", Stage.Trial, ["Account and key ownership", "account email", "group", "masked key identifier"], TeamAdmin),
        new("trial.minimal-request", Stage.Trial, ["Minimal request"], TechLead),
        new("trial.stream", Stage.Trial, ["Stream"], TechLead),
        new("trial.insufficient-balance", Stage.Trial, ["Insufficient balance", "402", "quota error"], TechLead),
        new("trial.rate-limit", Stage.Trial, ["Rate limit", "429"], TechLead),
        new("trial.main-models", Stage.Trial, ["Main models verified"], TechLead),
        new("trial.small-traffic-plan", Stage.Trial, ["Small-traffic validation plan"], TechLead),
        // Commercial confirmation: procurement entity, scope and budget cycle; model and quota (model list, budget
        // boundary, alert rules); quota boundaries and duplicate-submission rules for high-cost tasks; payment method.
        new("commercial.entity-scope-budget", Stage.CommercialConfirmation, ["Procurement entity", "scope", "budget cycle"], Finance),
        new("commercial.model-quota", Stage.CommercialConfirmation, ["Model and quota", "model list", "budget boundary", "alert rules"], TechLead),
        new("commercial.high-cost-rules", Stage.CommercialConfirmation, ["Quota boundaries", "duplicate-submission rules", "high-cost tasks", "image", "video", "batch"], TechLead),
        new("commercial.payment-method", Stage.CommercialConfirmation, ["Payment method"], Finance),
        // Invoice & contract: invoice need confirmed through the controlled support channel; contract need confirmed;
        // corporate payment matched to the order record; reconciliation (对账) arrangement.
        new("invoice.invoice-need", Stage.InvoiceAndContract, ["Invoice need", "controlled support channel"], Finance),
        new("invoice.contract-need", Stage.InvoiceAndContract, ["Contract need confirmed"], Finance),
        new("invoice.corporate-payment", Stage.InvoiceAndContract, ["Corporate payment matched to the order record"], Finance),
        new("invoice.reconciliation", Stage.InvoiceAndContract, ["Reconciliation", "对账"], Finance),
        // Go-live: go-live window (start, end, time zone); rollback conditions; support responsibility matrix; logs and
        // alerts; support fields (time, status code, model name); ramp plan; release owner sign-off.
        new("golive.window", Stage.GoLive, ["Go-live window", "start", "end", "time zone"], ReleaseOwner),
        new("golive.rollback", Stage.GoLive, ["Rollback conditions"], ReleaseOwner),
        new("golive.support-matrix", Stage.GoLive, ["Support responsibility matrix"], ReleaseOwner),
        new("golive.logs-alerts", Stage.GoLive, ["Logs and alerts"], TechLead), // the tech lead owns alert rules (roles table)
        new("golive.support-fields", Stage.GoLive, ["Support fields", "time", "status code", "model name"], ReleaseOwner),
        new("golive.ramp-plan", Stage.GoLive, ["Ramp plan", "small traffic first"], ReleaseOwner),
        new("golive.sign-off", Stage.GoLive, ["Release owner sign-off"], ReleaseOwner),
        // Live: post-go-live review and the date to check again.
        new("live.review", Stage.Live, ["review", "date to check again"], TeamAdmin),
    ];

    /// <summary>The safety notice every scenario gives at Inquiry (DOMAIN.md, Inquiry; the handbook's first-contact advice).</summary>
    private static readonly string[] SafetyNoticeWords = ["full API key", "internal procurement files", "full payment screenshots", "unmasked business data"];

    /// <summary>Per scenario (the handbook's first table): the prepare-first item, and what must stay private on top of the common notice.</summary>
    private static readonly Dictionary<Scenario, (Expected Prepare, string[] Private)> ByScenario = new()
    {
        [Scenario.PersonalTopUp] = (new("inquiry.prepare.top-up", Stage.Inquiry, ["account", "payment method", "amount", "order time"], Finance),
            ["passwords"]),
        [Scenario.EnterpriseTrial] = (new("inquiry.prepare.trial", Stage.Inquiry, ["use case", "model types", "expected call volume", "technical contact"], TechLead),
            ["real business data"]),
        [Scenario.InvoiceInquiry] = (new("inquiry.prepare.invoice", Stage.Inquiry, ["invoice need", "order records", "contact", "controlled submission fields"], Finance),
            ["invoice details go through support"]),
        [Scenario.ContractOrCorporatePayment] = (new("inquiry.prepare.contract", Stage.Inquiry, ["procurement entity", "scope", "budget cycle", "go-live window"], Finance),
            ["contract text", "qualification documents"]),
    };

    public static TheoryData<Scenario, string> EveryScenarioAndExpectedItem()
    {
        var data = new TheoryData<Scenario, string>();
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            foreach (var expected in Common.Append(ByScenario[scenario].Prepare))
            {
                data.Add(scenario, expected.Key);
            }
        }
        return data;
    }

    public static TheoryData<Scenario> EveryScenario() => new(Enum.GetValues<Scenario>());

    [Theory]
    [MemberData(nameof(EveryScenarioAndExpectedItem))]
    public void Every_scenarios_checklist_holds_each_DOMAIN_item_in_its_stage_with_its_owner(Scenario scenario, string key)
    {
        var expected = Common.Append(ByScenario[scenario].Prepare).Single(e => e.Key == key);

        var template = ChecklistTemplates.For(scenario).Should().ContainSingle(t => t.Key == key).Which;

        template.Stage.Should().Be(expected.Stage);
        template.Owner.Should().Be(expected.Owner);
        foreach (var word in expected.TitleWords)
        {
            template.Title.Should().ContainEquivalentOf(word);
        }
    }

    [Theory]
    [MemberData(nameof(EveryScenario))]
    public void Every_scenarios_checklist_holds_nothing_but_the_DOMAIN_items_and_its_safety_notice(Scenario scenario)
    {
        var keys = Common.Select(e => e.Key).Append(ByScenario[scenario].Prepare.Key).Append("inquiry.safety");

        ChecklistTemplates.For(scenario).Select(t => t.Key).Should().BeEquivalentTo(keys);
    }

    [Theory]
    [MemberData(nameof(EveryScenario))]
    public void Every_scenario_gives_the_safety_notice_at_inquiry_with_what_its_scenario_keeps_private(Scenario scenario)
    {
        var safety = ChecklistTemplates.For(scenario).Should().ContainSingle(t => t.Key == "inquiry.safety").Which;

        safety.Stage.Should().Be(Stage.Inquiry);
        safety.Owner.Should().Be(TeamAdmin);
        safety.Required.Should().BeTrue();
        safety.Evidence.Should().Be(EvidenceKind.Acknowledgement);
        foreach (var word in SafetyNoticeWords.Concat(ByScenario[scenario].Private))
        {
            safety.Title.Should().ContainEquivalentOf(word);
        }
    }

    [Theory]
    [MemberData(nameof(EveryScenario))]
    public void The_checklist_is_in_stage_order_and_the_onboarding_gets_it_in_that_order(Scenario scenario)
    {
        var templates = ChecklistTemplates.For(scenario);
        var onboarding = new OnboardingBuilder().WithScenario(scenario).Build();

        templates.Select(t => t.Stage.Order()).Should().BeInAscendingOrder();
        onboarding.Items.OrderBy(i => i.SortOrder).Select(i => i.Key).Should().Equal(templates.Select(t => t.Key));
        onboarding.Items.Should().OnlyContain(i => i.Status == ItemStatus.Open && i.OnboardingId == onboarding.Id);
    }

    [Fact]
    public void The_handoff_table_items_carry_the_evidence_the_handbook_asks_for()
    {
        var items = ChecklistTemplates.For(Scenario.EnterpriseTrial).ToDictionary(t => t.Key);

        items[ChecklistTemplates.Keys.AccountAndKeyOwnership].Evidence.Should().Be(EvidenceKind.MaskedKeyIdentifier);
        items[ChecklistTemplates.Keys.ModelAndQuota].Evidence.Should().Be(EvidenceKind.QuotaAndAlerts);
        items[ChecklistTemplates.Keys.InvoiceNeed].Evidence.Should().Be(EvidenceKind.SupportTicket);
        items[ChecklistTemplates.Keys.CorporatePayment].Evidence.Should().Be(EvidenceKind.PaymentReference);
        items[ChecklistTemplates.Keys.Reconciliation].Evidence.Should().Be(EvidenceKind.OrderRecord);
        items[ChecklistTemplates.Keys.GoLiveWindow].Evidence.Should().Be(EvidenceKind.GoLiveWindow);
        items[ChecklistTemplates.Keys.SupportMatrix].Evidence.Should().Be(EvidenceKind.SupportMatrix);
        items[ChecklistTemplates.Keys.SignOff].Evidence.Should().Be(EvidenceKind.SignOff);
        items["trial.rate-limit"].Evidence.Should().Be(EvidenceKind.StatusCodeObservation);
        ChecklistTemplates.HandoffTable.Should().BeEquivalentTo(
            ChecklistTemplates.Keys.AccountAndKeyOwnership, ChecklistTemplates.Keys.ModelAndQuota,
            ChecklistTemplates.Keys.InvoiceNeed, ChecklistTemplates.Keys.ContractNeed, ChecklistTemplates.Keys.CorporatePayment,
            ChecklistTemplates.Keys.GoLiveWindow, ChecklistTemplates.Keys.RollbackConditions, ChecklistTemplates.Keys.SupportFields);
    }

    [Fact]
    public void No_item_is_owned_by_a_viewer()
    {
        Enum.GetValues<Scenario>().SelectMany(ChecklistTemplates.For).Should().NotContain(t => t.Owner == Viewer);
    }

    public static TheoryData<bool, bool, bool> EveryCombinationOfNeeds()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var invoice in new[] { false, true })
        {
            foreach (var contract in new[] { false, true })
            {
                foreach (var payment in new[] { false, true })
                {
                    data.Add(invoice, contract, payment);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombinationOfNeeds))]
    public void Invoice_and_contract_items_are_required_according_to_the_needs(bool invoice, bool contract, bool corporatePayment)
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice(invoice).NeedingContract(contract).NeedingCorporatePayment(corporatePayment).Build();

        onboarding.ItemByKey(ChecklistTemplates.Keys.InvoiceNeed).Required.Should().Be(invoice);
        onboarding.ItemByKey(ChecklistTemplates.Keys.ContractNeed).Required.Should().Be(contract);
        onboarding.ItemByKey(ChecklistTemplates.Keys.CorporatePayment).Required.Should().Be(corporatePayment);
        onboarding.ItemByKey(ChecklistTemplates.Keys.Reconciliation).Required.Should().Be(invoice || contract || corporatePayment);
        onboarding.PassesInvoiceAndContract.Should().Be(invoice || contract || corporatePayment);
        onboarding.Items.Where(i => i.Stage != Stage.InvoiceAndContract)
            .Should().OnlyContain(i => i.Required == (i.Key != ChecklistTemplates.Keys.SignOff));
    }

    [Fact]
    public void Changing_the_needs_before_commercial_confirmation_is_passed_changes_what_invoice_and_contract_requires()
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice().AtStage(Stage.CommercialConfirmation).Build();

        onboarding.UpdateDetails(onboarding.Details with { NeedsInvoice = false, NeedsContract = true }, Actors.Finance, TestClock.Now);

        onboarding.ItemByKey(ChecklistTemplates.Keys.InvoiceNeed).Required.Should().BeFalse();
        onboarding.ItemByKey(ChecklistTemplates.Keys.ContractNeed).Required.Should().BeTrue();
        onboarding.ItemByKey(ChecklistTemplates.Keys.Reconciliation).Required.Should().BeTrue();
    }

    [Theory]
    [InlineData(Stage.InvoiceAndContract, true)]
    [InlineData(Stage.GoLive, false)]
    [InlineData(Stage.Live, false)]
    public void The_needs_cannot_be_switched_on_or_all_off_once_commercial_confirmation_is_passed(Stage stage, bool needs)
    {
        var builder = new OnboardingBuilder().AtStage(stage);
        var onboarding = (needs ? builder.NeedingInvoice() : builder.NeedingNothingToInvoice()).Build();
        var before = OnboardingSnapshot.Of(onboarding);

        onboarding.Invoking(o => o.UpdateDetails(o.Details with { NeedsInvoice = !needs }, Actors.Finance, TestClock.Now))
            .Should().Throw<Alltkn.Handoff.Domain.Common.DomainException>().Which.Code.Should().Be("field.needs-after-commercial");
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }
}
