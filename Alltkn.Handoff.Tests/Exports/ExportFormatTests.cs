using System.Globalization;
using System.Text.Json;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using CsvHelper;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>What each format looks like: CSV and JSON parse back with their own libraries, Markdown is in the chosen language.</summary>
public sealed class ExportFormatTests : IAsyncLifetime
{
    private static readonly Actor Admin = new("admin-1", "王芳 Wang Fang", [Role.TeamAdmin]);

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private static readonly string[] ExpectedColumns =
    [
        "Stage", "Item", "Owner role", "Assignee", "Required", "Evidence kind", "Package", "Evidence", "Status",
        "Due date", "Completed by", "Completed at (UTC)",
    ];

    private static readonly string[] ChineseColumns =
    [
        "阶段", "事项", "负责角色", "负责人", "必需", "证据类型", "资料包", "证据", "状态", "截止日期", "完成人", "完成时间（UTC）",
    ];

    private ExportHost _host = null!;
    private Onboarding _onboarding = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _host = await ExportHost.StartAsync(cancellationToken);
        _host.SignedIn.Actor = Admin;
        var created = await _host.Onboardings.CreateAsync(Scenario.InvoiceInquiry, new OnboardingDetails
        {
            Customer = "上海示例科技有限公司",
            ProcurementEntity = "上海示例科技有限公司",
            NeedsInvoice = true,
            BaseUrl = "https://api.example.cn/v1",
            Sdk = "openai-python | 1.x",
        }, cancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        var stored = (await _host.Onboardings.FindAsync(created.Value, cancellationToken))!;

        await UpdateAsync(stored, "invoice.reconciliation", new ItemUpdate(ItemStatus.Done, "订单号 PO-2031-778，已对账", null, "李雷", new DateOnly(2031, 2, 3)));
        await UpdateAsync(stored, "trial.minimal-request", new ItemUpdate(ItemStatus.Done, "=HYPERLINK(\"x\") 200 at 10:02 UTC, gpt-4o-mini", null, null, null));
        await UpdateAsync(stored, "trial.account-key-ownership",
            new ItemUpdate(ItemStatus.Done, "ops@example.cn, group default, sk-AbCd**********WxYz", null, null, null));
        _onboarding = (await _host.Onboardings.FindAsync(created.Value, cancellationToken))!;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_checklist_csv_is_utf8_with_a_byte_order_mark_and_parses_back_with_the_expected_columns()
    {
        var bytes = _host.Exporter.ChecklistCsv(_onboarding, null, English);

        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var rows = Rows(bytes, ExpectedColumns);
        var items = HandoffPackageExporter.ItemsOf(_onboarding, null);
        rows.Should().HaveCount(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            rows[i]["Item"].Should().Be(items[i].Title);
            rows[i]["Required"].Should().Be(items[i].Required ? "Yes" : "No");
        }

        var reconciliation = rows.Single(r => r["Item"] == Item("invoice.reconciliation").Title);
        reconciliation["Stage"].Should().Be("Invoice & contract");
        reconciliation["Owner role"].Should().Be("Finance or business contact");
        reconciliation["Package"].Should().Be("Business package");
        reconciliation["Status"].Should().Be("Done");
        reconciliation["Evidence"].Should().Be("订单号 PO-2031-778，已对账");
        reconciliation["Assignee"].Should().Be("李雷");
        reconciliation["Due date"].Should().Be("2031-02-03");
        reconciliation["Completed by"].Should().Be("王芳 Wang Fang");
        DateTime.ParseExact(reconciliation["Completed at (UTC)"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            .Should().BeCloseTo(Item("invoice.reconciliation").CompletedAtUtc!.Value, TimeSpan.FromSeconds(1));
        rows.Single(r => r["Item"] == Item("trial.minimal-request").Title)["Evidence"]
            .Should().Be("'=HYPERLINK(\"x\") 200 at 10:02 UTC, gpt-4o-mini", "a spreadsheet must show a formula-like cell as text");
        rows.Select(r => r["Stage"]).Should().NotContain(s => s == "InvoiceAndContract" || s == "CommercialConfirmation",
            "finance reads the stages as words, not identifiers");
    }

    [Fact]
    public void The_checklist_csv_for_a_chinese_reader_has_chinese_headers_and_values_and_keeps_the_byte_order_mark()
    {
        var bytes = _host.Exporter.ChecklistCsv(_onboarding, null, CultureInfo.GetCultureInfo("zh-CN"));

        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        var rows = Rows(bytes, ChineseColumns);
        rows.Should().HaveCount(_onboarding.Items.Count);
        var reconciliation = rows.Single(r => r["证据"] == "订单号 PO-2031-778，已对账");
        reconciliation["阶段"].Should().Be("发票与合同");
        reconciliation["负责角色"].Should().Be("财务或商务联系人");
        reconciliation["资料包"].Should().Be("商务交接包");
        reconciliation["状态"].Should().Be("已完成");
        reconciliation["截止日期"].Should().Be("2031-02-03");
        reconciliation["事项"].Should().NotBe(Item("invoice.reconciliation").Title, "the item's title is the Chinese one");
        rows.Select(r => r["必需"]).Should().OnlyContain(v => v == "是" || v == "否");
        rows.SelectMany(r => r.Values).Should().NotContain(v => v == "Done" || v == "Finance" || v == "Business" || v == "true");
    }

    private static List<Dictionary<string, string>> Rows(byte[] bytes, string[] columns)
    {
        using var csv = CsvReader.Create(bytes);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(columns.ToDictionary(c => c, csv.GetString));
        }
        csv.Headers.Should().Equal(columns);
        return rows;
    }

    [Fact]
    public void The_checklist_csv_of_one_package_holds_only_that_packages_items()
    {
        using var csv = CsvReader.Create(_host.Exporter.ChecklistCsv(_onboarding, HandoffPackage.Business, English));
        var packages = new List<string>();
        while (csv.Read())
        {
            packages.Add(csv.GetString("Package"));
        }

        packages.Should().HaveCount(_onboarding.Items.Count(i => i.Package == HandoffPackage.Business)).And.OnlyContain(p => p == "Business package");
    }

    [Fact]
    public void The_package_json_parses_with_fixed_names_and_enums_as_strings()
    {
        using var json = JsonDocument.Parse(_host.Exporter.ToJson(_onboarding, HandoffPackage.Technical));
        var root = json.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "format", "package", "onboardingId", "reference", "stage", "stageBeforeHold", "exportedAtUtc", "fields", "checklist");
        root.GetProperty("format").GetString().Should().Be(PackageDocument.FormatName);
        root.GetProperty("package").GetString().Should().Be("Technical");
        root.GetProperty("onboardingId").GetGuid().Should().Be(_onboarding.Id);
        root.GetProperty("reference").GetString().Should().Be(HandoffPackageExporter.ReferenceOf(_onboarding.Id));
        root.GetProperty("stage").GetString().Should().Be("Inquiry");
        root.GetProperty("stageBeforeHold").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("fields").GetProperty("usesStreaming").GetBoolean().Should().BeFalse();
        root.GetProperty("fields").GetProperty("testPlan").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("fields").GetProperty("sdk").GetString().Should().Be("openai-python | 1.x");

        var entry = root.GetProperty("checklist").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "trial.account-key-ownership");
        entry.EnumerateObject().Select(p => p.Name).Should().Equal(
            "key", "stage", "title", "ownerRole", "assignee", "required", "evidenceKind", "package", "evidence", "status",
            "statusReason", "dueDate", "completedBy", "completedAtUtc");
        entry.GetProperty("stage").GetString().Should().Be("Trial");
        entry.GetProperty("ownerRole").GetString().Should().Be("TeamAdmin");
        entry.GetProperty("evidenceKind").GetString().Should().Be("MaskedKeyIdentifier");
        entry.GetProperty("status").GetString().Should().Be("Done");
        entry.GetProperty("required").GetBoolean().Should().BeTrue();
        entry.GetProperty("evidence").GetString().Should().Be("ops@example.cn, group default, sk-AbCd**********WxYz");
        entry.GetProperty("completedAtUtc").GetDateTime().Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void The_markdown_is_written_in_the_language_asked_for()
    {
        var chinese = _host.Exporter.ToMarkdown(_onboarding, HandoffPackage.Technical, CultureInfo.GetCultureInfo("zh-CN"));
        var english = _host.Exporter.ToMarkdown(_onboarding, HandoffPackage.Technical, CultureInfo.GetCultureInfo("en"));
        var reference = HandoffPackageExporter.ReferenceOf(_onboarding.Id);

        chinese.Should().StartWith($"# 技术交接包 — 接入 {reference}\n").And.Contain("## 交接清单").And.Contain("导出时间（UTC）")
            .And.NotContain("Technical handoff package");
        english.Should().StartWith($"# Technical handoff package — onboarding {reference}\n").And.Contain("## Checklist")
            .And.Contain("Exported (UTC)").And.NotContain("技术交接包");
        CultureInfo.CurrentUICulture.Name.Should().NotBe("zh-CN", "the culture asked for is used for the export only");
    }

    [Fact]
    public void The_markdown_names_the_onboarding_by_reference_and_stage_only_and_keeps_tables_intact()
    {
        var technical = _host.Exporter.ToMarkdown(_onboarding, HandoffPackage.Technical, CultureInfo.GetCultureInfo("en"));

        technical.Should().Contain($"`{_onboarding.Id}`").And.Contain("**Stage:** Inquiry").And.NotContain("上海示例科技有限公司");
        technical.Should().Contain("- **SDK:** `openai-python | 1.x`", "a value is shown literally");
        technical.Should().Contain("| `ops@example.cn, group default, sk-AbCd**********WxYz` |");
        technical.Split('\n').Where(l => l.StartsWith("| Minimal request", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain("| `=HYPERLINK(\"x\") 200 at 10:02 UTC, gpt-4o-mini` |");
    }

    [Fact]
    public void File_names_carry_the_package_and_the_reference_and_no_field()
    {
        var reference = HandoffPackageExporter.ReferenceOf(_onboarding.Id);

        reference.Should().MatchRegex("^[0-9A-F]{8}$").And.Be(_onboarding.Id.ToString("N")[^8..].ToUpperInvariant());
        HandoffPackageExporter.FileName(_onboarding.Id, HandoffPackage.Technical, "md").Should().Be($"handoff-technical-{reference}.md");
        HandoffPackageExporter.FileName(_onboarding.Id, HandoffPackage.Business, "json").Should().Be($"handoff-business-{reference}.json");
        HandoffPackageExporter.ChecklistFileName(_onboarding.Id, null).Should().Be($"checklist-{reference}.csv");
        HandoffPackageExporter.ChecklistFileName(_onboarding.Id, HandoffPackage.Business).Should().Be($"checklist-business-{reference}.csv");
    }

    private HandoffItem Item(string key) => _onboarding.Items.Single(i => i.Key == key);

    private async Task UpdateAsync(Onboarding stored, string key, ItemUpdate update)
    {
        var item = stored.Items.Single(i => i.Key == key);
        var outcome = await _host.Onboardings.UpdateItemAsync(stored.Id, item.Id, item.Version, update, TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);
    }
}
