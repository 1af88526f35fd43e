using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// The catalog the exports are cut by, against DOMAIN.md's "Two handoff packages" and the handbook
/// (技术交接包只保留模型、接口、测试计划、上线窗口和排查字段；商务交接包只保留账号、订单、发票或合同需求、付款方式和联系人).
/// </summary>
public sealed class PackageCatalogTests
{
    [Theory]
    [InlineData(OnboardingField.BaseUrl)]
    [InlineData(OnboardingField.ExpectedModels)]
    [InlineData(OnboardingField.Sdk)]
    [InlineData(OnboardingField.UsesStreaming)]
    [InlineData(OnboardingField.StatusCodesSeen)]
    [InlineData(OnboardingField.TestPlan)]
    [InlineData(OnboardingField.GoLiveWindow)]
    [InlineData(OnboardingField.RollbackConditions)]
    [InlineData(OnboardingField.TroubleshootingFields)]
    public void The_fields_DOMAIN_md_names_for_the_technical_package_are_technical(OnboardingField field) =>
        FieldCatalog.PackageOf(field).Should().Be(HandoffPackage.Technical);

    [Theory]
    [InlineData(OnboardingField.Customer)]
    [InlineData(OnboardingField.ProcurementEntity)]
    [InlineData(OnboardingField.MonthlyBudgetRange)]
    [InlineData(OnboardingField.BudgetCycle)]
    [InlineData(OnboardingField.NeedsInvoice)]
    [InlineData(OnboardingField.NeedsContract)]
    [InlineData(OnboardingField.NeedsCorporatePayment)]
    [InlineData(OnboardingField.PaymentMethod)]
    [InlineData(OnboardingField.BusinessContact)]
    [InlineData(OnboardingField.TechnicalContact)]
    public void The_fields_DOMAIN_md_names_for_the_business_package_contacts_included_are_business(OnboardingField field) =>
        FieldCatalog.PackageOf(field).Should().Be(HandoffPackage.Business);

    [Fact]
    public void Every_field_and_every_evidence_kind_belongs_to_exactly_one_package()
    {
        FieldCatalog.FieldsOf(HandoffPackage.Technical).Concat(FieldCatalog.FieldsOf(HandoffPackage.Business))
            .Should().BeEquivalentTo(Enum.GetValues<OnboardingField>()).And.OnlyHaveUniqueItems();
        Enum.GetValues<EvidenceKind>().Select(EvidenceRules.PackageOf).Should().OnlyContain(p => Enum.IsDefined(p));
    }
}
