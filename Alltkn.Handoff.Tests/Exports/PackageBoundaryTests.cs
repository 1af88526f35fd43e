using System.Text.Json;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// DOMAIN.md: "A package, on screen or exported, holds its own fields and nothing of the other." Checked on an
/// onboarding whose every value is a marker of its package (<see cref="MarkedOnboarding"/>), stored in SQLite and
/// loaded back, for both packages and every format.
/// </summary>
public sealed class PackageBoundaryTests(MarkedOnboardingFixture fixture) : IClassFixture<MarkedOnboardingFixture>
{
    public static TheoryData<HandoffPackage, string> PackagesAndFormats()
    {
        var data = new TheoryData<HandoffPackage, string>();
        foreach (var package in Enum.GetValues<HandoffPackage>())
        {
            foreach (var format in ExportFormats.All)
            {
                data.Add(package, format);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PackagesAndFormats))]
    public void A_package_export_holds_every_marker_of_its_own_package_and_none_of_the_other(HandoffPackage package, string format)
    {
        var exported = ExportFormats.Export(fixture.Host.Exporter, fixture.Loaded, package, format);

        // The CSV is the checklist: it holds the package's items, not its fields, and has no column for an item's reason.
        var own = format == ExportFormats.Csv
            ? fixture.Marked.ItemMarkers[package].Where(m => !MarkedOnboarding.IsReasonMarker(m)).ToArray()
            : fixture.Marked.MarkersOf(package);
        var other = fixture.Marked.MarkersOf(ExportFormats.Other(package));
        own.Should().NotBeEmpty();
        other.Should().NotBeEmpty();
        foreach (var marker in own)
        {
            exported.Should().Contain(marker, $"{marker} belongs to the {package} package");
        }
        foreach (var marker in other)
        {
            exported.Should().NotContain(marker, $"{marker} belongs to the other package, not to the {package} package");
        }
    }

    [Theory]
    [InlineData(HandoffPackage.Technical)]
    [InlineData(HandoffPackage.Business)]
    public void The_json_fields_are_exactly_the_fields_the_catalog_gives_the_package(HandoffPackage package)
    {
        using var json = JsonDocument.Parse(fixture.Host.Exporter.ToJson(fixture.Loaded, package));

        var names = json.RootElement.GetProperty("fields").EnumerateObject().Select(p => p.Name).ToArray();

        names.Should().BeEquivalentTo(FieldCatalog.FieldsOf(package).Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.ToString())));
        json.RootElement.GetProperty("checklist").EnumerateArray()
            .Select(i => i.GetProperty("package").GetString()).Should().OnlyContain(p => p == package.ToString());
    }

    [Fact]
    public void The_scenario_and_the_needs_are_business_fields_and_never_reach_the_technical_package()
    {
        using var business = JsonDocument.Parse(fixture.Host.Exporter.ToJson(fixture.Loaded, HandoffPackage.Business));
        var fields = business.RootElement.GetProperty("fields");
        fields.GetProperty("scenario").GetString().Should().Be(nameof(Scenario.ContractOrCorporatePayment));
        fields.GetProperty("needsInvoice").GetBoolean().Should().BeTrue();
        fields.GetProperty("technicalContact").GetString().Should().Be("BIZ-TechContact-6d");

        foreach (var format in ExportFormats.All)
        {
            var technical = ExportFormats.Export(fixture.Host.Exporter, fixture.Loaded, HandoffPackage.Technical, format);
            technical.Should().NotContain(nameof(Scenario.ContractOrCorporatePayment), format)
                .And.NotContainEquivalentOf("Contract or corporate payment", format)
                .And.NotContain("合同或对公", format)
                .And.NotContainEquivalentOf("needsInvoice", format);
        }
    }

    [Fact]
    public void The_technical_package_holds_the_go_live_window_and_the_support_matrix()
    {
        var markdown = ExportFormats.Export(fixture.Host.Exporter, fixture.Loaded, HandoffPackage.Technical, ExportFormats.MarkdownEnglish);
        using var json = JsonDocument.Parse(fixture.Host.Exporter.ToJson(fixture.Loaded, HandoffPackage.Technical));

        // 21:30 to 01:30 in Chatham (UTC+13:45 in March) is 07:45 to 11:45 UTC.
        markdown.Should().Contain("2032-03-14 21:30 – 2032-03-15 01:30").And.Contain("UTC 2032-03-14 07:45 – 2032-03-14 11:45");
        var window = json.RootElement.GetProperty("fields").GetProperty("goLiveWindow");
        window.GetProperty("startUtc").GetString().Should().Be("2032-03-14T07:45:00Z");
        window.GetProperty("timeZone").GetString().Should().Be("Pacific/Chatham");
        var matrix = json.RootElement.GetProperty("fields").GetProperty("supportMatrix").EnumerateArray().ToArray();
        matrix.Select(r => r.GetProperty("responsibility").GetString())
            .Should().Equal(Enum.GetValues<SupportResponsibility>().Select(r => r.ToString()));
        matrix.Select(r => r.GetProperty("person").GetString())
            .Should().Equal(Enum.GetValues<SupportResponsibility>().Select(MarkedOnboarding.SupportPerson));
    }

    [Fact]
    public void The_checklist_csv_without_a_package_holds_every_item_once()
    {
        var all = ExportFormats.Export(fixture.Host.Exporter, fixture.Loaded, HandoffPackage.Technical, ExportFormats.Csv)
                  + ExportFormats.Export(fixture.Host.Exporter, fixture.Loaded, HandoffPackage.Business, ExportFormats.Csv);
        var whole = System.Text.Encoding.UTF8.GetString(fixture.Host.Exporter.ChecklistCsv(fixture.Loaded, null, System.Globalization.CultureInfo.GetCultureInfo("en")));

        foreach (var marker in fixture.Marked.ItemMarkers.Values.SelectMany(m => m).Where(m => !MarkedOnboarding.IsReasonMarker(m)))
        {
            whole.Should().Contain(marker);
        }
        HandoffPackageExporter.ItemsOf(fixture.Loaded, null).Should().HaveCount(fixture.Loaded.Items.Count);
        whole.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length
            .Should().Be(all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1, "the whole checklist has one header and every item once");
    }
}
