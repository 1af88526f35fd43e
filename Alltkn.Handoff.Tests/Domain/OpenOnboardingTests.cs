using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

public sealed class OpenOnboardingTests
{
    [Fact]
    public void An_onboarding_opens_at_inquiry_with_its_scenarios_checklist_and_nothing_settled()
    {
        var onboarding = Onboarding.Open(Scenario.ContractOrCorporatePayment, new DetailsBuilder().NeedingContract().Build(), Actors.TeamAdmin, TestClock.Now);

        onboarding.Stage.Should().Be(Stage.Inquiry);
        onboarding.Scenario.Should().Be(Scenario.ContractOrCorporatePayment);
        onboarding.Version.Should().Be(0);
        onboarding.IsClosed.Should().BeFalse();
        onboarding.GoLiveWindow.Should().BeNull();
        onboarding.SupportMatrix.Should().BeEmpty();
        onboarding.Items.Should().NotBeEmpty().And.OnlyContain(i => i.Status == ItemStatus.Open && i.CompletedById == null);
        onboarding.Progress().Done.Should().Be(0);
        onboarding.MovesFromHere().Should().BeEquivalentTo([Move.StartTrial, Move.Hold, Move.Cancel]);
    }

    [Theory]
    [InlineData("", "Acme Robotics (Shanghai) Co., Ltd.", nameof(OnboardingDetails.Customer))]
    [InlineData("Acme Robotics", "   ", nameof(OnboardingDetails.ProcurementEntity))]
    public void The_customer_and_the_procurement_entity_are_required(string customer, string entity, string field)
    {
        var act = () => Onboarding.Open(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer(customer, entity).Build(), Actors.TeamAdmin, TestClock.Now);

        var refused = act.Should().Throw<DomainException>().Which;
        refused.Code.Should().Be("field.required");
        refused.Message.Should().Contain(field);
    }

    [Fact]
    public void Text_is_trimmed_and_blank_optional_text_is_kept_as_nothing()
    {
        var details = new DetailsBuilder().With(d => d with { Customer = "  Acme Robotics  ", UseCase = "   ", Sdk = "\t" }).Build();

        var onboarding = Onboarding.Open(Scenario.EnterpriseTrial, details, Actors.TeamAdmin, TestClock.Now);

        onboarding.Details.Customer.Should().Be("Acme Robotics");
        onboarding.Details.UseCase.Should().BeNull();
        onboarding.Details.Sdk.Should().BeNull();
    }
}
