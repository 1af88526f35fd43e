using System.Globalization;
using System.Text;
using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// The go-live window, the rollback conditions and the support matrix are their items' evidence (issue 14 point 6): the
/// exports and the API show the field's value as the item's evidence, not the empty typed evidence the item no longer has.
/// </summary>
public sealed class FieldEvidenceExportTests : IAsyncLifetime
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private ExportHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ExportHost.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static Onboarding WithGoLiveFieldsFilled() =>
        new OnboardingBuilder().AtStage(Stage.GoLive).Build().SetValidGoLiveWindow().WriteRollbackConditions().FillSupportMatrix();

    [Fact]
    public void The_checklist_csv_and_the_markdown_show_the_fields_as_the_items_evidence()
    {
        var onboarding = WithGoLiveFieldsFilled();
        var window = onboarding.GoLiveWindow!.ToString();

        var csv = Encoding.UTF8.GetString(_host.Exporter.ChecklistCsv(onboarding, null, English));
        var markdown = _host.Exporter.ToMarkdown(onboarding, HandoffPackage.Technical, English);

        csv.Should().Contain(onboarding.Details.RollbackConditions!).And.Contain(window);
        markdown.Should().Contain(onboarding.Details.RollbackConditions!).And.Contain(window);
        onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions).Evidence.Should().BeNull("nothing is typed a second time");
    }

    [Fact]
    public void The_support_matrix_as_evidence_names_its_responsibilities_in_the_readers_language()
    {
        var onboarding = WithGoLiveFieldsFilled();

        var chinese = Encoding.UTF8.GetString(_host.Exporter.ChecklistCsv(onboarding, null, CultureInfo.GetCultureInfo("zh-CN")));
        var english = _host.Exporter.ToMarkdown(onboarding, HandoffPackage.Technical, English);

        chinese.Should().Contain("创建 API Key: ").And.NotContain("CreatesApiKeys");
        english.Should().Contain("Creates API keys: ").And.NotContain("CreatesApiKeys");
    }

    [Fact]
    public void The_api_gives_each_field_item_the_fields_value_as_its_evidence()
    {
        var onboarding = WithGoLiveFieldsFilled();

        var rollback = ItemResponse.From(onboarding, onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions));
        var window = ItemResponse.From(onboarding, onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow));
        var matrix = ItemResponse.From(onboarding, onboarding.ItemByKey(ChecklistTemplates.Keys.SupportMatrix));

        rollback.Evidence.Should().Be(onboarding.Details.RollbackConditions);
        window.Evidence.Should().Be(onboarding.GoLiveWindow!.ToString());
        matrix.Evidence.Should().Contain(onboarding.SupportMatrix.First().PersonName);
    }
}
