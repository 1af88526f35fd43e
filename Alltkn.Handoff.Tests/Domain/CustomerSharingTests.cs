using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Issue 11, point 5: every template item says what is shared with the customer and whose it is, as the handbook has
/// it (the trial checks are the technical contact's, the business needs the business contact's, the safety notice is
/// seen by both), and every item carries it from its template.
/// </summary>
public sealed class CustomerSharingTests
{
    private static readonly string[] TrialChecks =
        ["trial.minimal-request", "trial.stream", "trial.insufficient-balance", "trial.rate-limit", "trial.main-models"];

    private static readonly string[] BusinessNeeds =
    [
        "inquiry.needs", "commercial.entity-scope-budget", "commercial.payment-method",
        ChecklistTemplates.Keys.InvoiceNeed, ChecklistTemplates.Keys.ContractNeed,
    ];

    private static IEnumerable<ItemTemplate> EveryTemplate =>
        Enum.GetValues<Scenario>().SelectMany(ChecklistTemplates.For);

    public static TheoryData<Scenario> Scenarios => new(Enum.GetValues<Scenario>());

    [Fact]
    public void A_shared_item_has_a_side_and_a_role_and_its_side_is_its_packages_or_both()
    {
        foreach (var template in EveryTemplate)
        {
            var shared = template.CustomerRole != CustomerRole.None;
            (template.CustomerSide != CustomerSide.None).Should().Be(shared, "{0} is shared with a side exactly when the customer sees or completes it", template.Key);
            if (!shared)
            {
                continue;
            }
            var package = EvidenceRules.PackageOf(template.Evidence);
            template.CustomerSide.Should().BeOneOf([CustomerSide.Both, package == HandoffPackage.Technical ? CustomerSide.Technical : CustomerSide.Business],
                "{0} belongs to the {1} package", template.Key, package);
        }
    }

    [Fact]
    public void The_trial_checks_are_the_technical_contacts_to_complete()
    {
        foreach (var key in TrialChecks)
        {
            var template = ChecklistTemplates.Find(key);
            template.Should().NotBeNull(key);
            template!.CustomerSide.Should().Be(CustomerSide.Technical, key);
            template.CustomerRole.Should().Be(CustomerRole.Completes, key);
        }
    }

    [Fact]
    public void The_procurement_entity_invoice_and_contract_needs_are_the_business_contacts_to_complete()
    {
        foreach (var key in BusinessNeeds)
        {
            var template = ChecklistTemplates.Find(key);
            template.Should().NotBeNull(key);
            template!.CustomerSide.Should().Be(CustomerSide.Business, key);
            template.CustomerRole.Should().Be(CustomerRole.Completes, key);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_safety_notice_is_seen_by_both_sides_in_every_scenario(Scenario scenario)
    {
        var safety = ChecklistTemplates.For(scenario).Single(t => t.Key == "inquiry.safety");

        safety.CustomerSide.Should().Be(CustomerSide.Both);
        safety.CustomerRole.Should().Be(CustomerRole.Sees);
    }

    [Fact]
    public void The_teams_own_work_is_not_shown_to_the_customer()
    {
        foreach (var key in new[] { "golive.logs-alerts", ChecklistTemplates.Keys.SignOff, ChecklistTemplates.Keys.LiveReview })
        {
            var template = ChecklistTemplates.Find(key)!;
            template.CustomerRole.Should().Be(CustomerRole.None, key);
            template.CustomerSide.Should().Be(CustomerSide.None, key);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_item_carries_the_side_and_role_of_its_template(Scenario scenario)
    {
        var onboarding = new OnboardingBuilder().WithScenario(scenario).Build();

        onboarding.Items.Should().NotBeEmpty();
        foreach (var item in onboarding.Items)
        {
            var template = ChecklistTemplates.For(scenario).Single(t => t.Key == item.Key);
            item.CustomerSide.Should().Be(template.CustomerSide, item.Key);
            item.CustomerRole.Should().Be(template.CustomerRole, item.Key);
        }
        onboarding.Items.Should().Contain(i => i.CustomerRole == CustomerRole.Completes && i.CustomerSide == CustomerSide.Technical);
    }

    [Fact]
    public void A_side_without_a_role_or_a_role_without_a_side_is_refused()
    {
        var template = ChecklistTemplates.Find("trial.stream")!;

        FluentActions.Invoking(() => template.SharedWith(CustomerSide.Technical, CustomerRole.None)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => template.SharedWith(CustomerSide.None, CustomerRole.Sees)).Should().Throw<ArgumentException>();
        template.SharedWith(CustomerSide.None, CustomerRole.None).CustomerRole.Should().Be(CustomerRole.None);
    }
}
