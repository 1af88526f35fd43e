using System.Xml.Linq;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.Tests.Components;

public sealed class VocabularyTests : MudTestContext
{
    private IStringLocalizer<SharedResource> V => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    private static string AppFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "Alltkn.Handoff.App"));

    public static TheoryData<string> ResourcePairs()
    {
        var data = new TheoryData<string>();
        foreach (var english in Directory.EnumerateFiles(Path.Combine(AppFolder(), "Resources"), "*.resx", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith(".zh-CN.resx", StringComparison.Ordinal)
                                 && (f.Contains("Onboardings", StringComparison.Ordinal) || f.Contains("SharedResource", StringComparison.Ordinal))))
        {
            data.Add(Path.GetRelativePath(AppFolder(), english));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void English_and_Chinese_resources_have_the_same_keys_and_no_blank_text(string englishFile)
    {
        static Dictionary<string, string> Read(string file) => XDocument.Load(file).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");
        var english = Read(Path.Combine(AppFolder(), englishFile));
        var chinese = Read(Path.Combine(AppFolder(), englishFile.Replace(".resx", ".zh-CN.resx", StringComparison.Ordinal)));

        chinese.Keys.Should().BeEquivalentTo(english.Keys);
        english.Should().NotContain(kv => string.IsNullOrWhiteSpace(kv.Value));
        chinese.Should().NotContain(kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void Every_template_item_has_its_title_in_English_as_the_domain_words_it_and_in_Chinese()
    {
        var templates = Enum.GetValues<Scenario>().SelectMany(ChecklistTemplates.For).ToArray();

        foreach (var template in templates)
        {
            UseCulture("en");
            V.ItemTitle(template.Key, template.Title).Should().Be(template.Title, $"the English resource for {template.Key} follows the template");
            UseCulture("zh-CN");
            var chinese = V.ItemTitle(template.Key, template.Title);
            chinese.Should().NotBe(template.Title, $"{template.Key} has a Chinese title");
            chinese.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
        }
    }

    [Fact]
    public void Every_word_of_the_domain_has_an_entry_in_both_languages()
    {
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            UseCulture(culture);
            string[] keys =
            [
                .. Enum.GetNames<Stage>().Select(n => $"Stage.{n}"),
                .. Enum.GetNames<ItemStatus>().Select(n => $"ItemStatus.{n}"),
                .. Enum.GetNames<Role>().Select(n => $"Role.{n}"),
                .. Enum.GetNames<Scenario>().SelectMany(n => new[] { $"Scenario.{n}", $"Scenario.{n}.Prepare", $"Scenario.{n}.Private" }),
                .. Enum.GetNames<EvidenceKind>().SelectMany(n => new[] { $"EvidenceKind.{n}", $"EvidenceKind.{n}.Hint" }),
                .. Enum.GetNames<Move>().Select(n => $"Move.{n}"),
                .. Enum.GetNames<SupportResponsibility>().Select(n => $"SupportResponsibility.{n}"),
                .. Enum.GetNames<OnboardingField>().Select(n => $"Field.{n}"),
                .. Enum.GetNames<HandoffPackage>().Select(n => $"Package.{n}"),
                .. Enum.GetNames<SensitiveKind>().Select(n => $"SensitiveKind.{n}"),
            ];
            keys.Where(k => V[k].ResourceNotFound).Should().BeEmpty($"every word is translated ({culture})");
        }
    }

    [Fact]
    public void The_Chinese_terms_are_the_handbooks()
    {
        UseCulture("zh-CN");

        Stages.Path.Concat([Stage.OnHold, Stage.Cancelled]).Select(V.Stage)
            .Should().Equal("商务咨询", "企业试用", "商务确认", "发票与合同", "上线交接", "已上线", "暂停", "已取消");
        Enum.GetValues<Role>().Select(V.Role).Should().Equal("团队管理员", "技术负责人", "财务或商务联系人", "发布负责人", "只读");
    }

    [Fact]
    public void A_refusal_is_worded_by_its_code_with_its_arguments_in_the_readers_language()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.rate-limit");
        var refusal = Assert.Throws<DomainException>(() =>
            onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.NotApplicable, StatusReason = "n/a" }, Actors.TechLead, TestClock.Now));
        var outcome = new Outcome { Status = OutcomeStatus.Refused, Code = refusal.Code, Message = refusal.Message, Arguments = refusal.Arguments };

        UseCulture("en");
        V.Outcome(outcome).Should().Be("Only a team admin may mark 'Rate limit (429) handled' not applicable.");
        UseCulture("zh-CN");
        V.Outcome(outcome).Should().Be("只有团队管理员可以将「限流（429）已处理」标记为不适用。");
    }

    [Fact]
    public void A_go_live_window_that_has_ended_is_worded_with_its_end_in_the_readers_language()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var reason = onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, onboarding.GoLiveWindow!.EndUtc).Reasons.Should().ContainSingle().Which;

        UseCulture("en");
        V.Reason(reason, Move.SignOffGoLive).Should().Be("The go-live window ended on 2026-12-15 23:30 (Asia/Shanghai): set a new window first (owner: Release owner).");
        UseCulture("zh-CN");
        V.Reason(reason, Move.SignOffGoLive).Should().Be("上线窗口已于 2026-12-15 23:30 (Asia/Shanghai) 结束：请先设置新的窗口（负责：发布负责人）。");
    }

    [Fact]
    public void A_refusal_without_a_text_of_its_own_falls_back_to_the_services_English_message()
    {
        UseCulture("zh-CN");
        var outcome = new Outcome { Status = OutcomeStatus.Refused, Code = "some.new-rule", Message = "A new rule says no." };

        V.Outcome(outcome).Should().Be("A new rule says no.");
    }

    [Fact]
    public void Field_lists_and_roles_in_arguments_are_localized()
    {
        UseCulture("zh-CN");
        var outcome = new Outcome
        {
            Status = OutcomeStatus.Forbidden, Code = "field.not-permitted", Message = "You may not change BaseUrl, TestPlan.",
            Arguments = ["BaseUrl, TestPlan"],
        };

        V.Outcome(outcome).Should().Be("你不能修改Base URL、测试计划：请联系团队管理员或该交接包的负责人。");
    }

    [Fact]
    public void Conflict_subjects_and_item_states_are_worded_in_the_readers_language()
    {
        UseCulture("zh-CN");

        V.Subject("Rate limit (429) handled · Status").Should().Be("限流（429）已处理 · 状态");
        V.Subject("Rate limit (429) handled").Should().Be("限流（429）已处理");
        V.Subject("ReadsLogs").Should().Be("查看日志");
        V.Subject("Stage").Should().Be("阶段");
        V.Value("Status: Blocked; Reason: waiting for the vendor; Assignee: Li Wei").Should().Be("状态：受阻；原因：waiting for the vendor；指派给：Li Wei");
        V.Value("GoLive").Should().Be("上线交接");
        V.Value("yes").Should().Be("是");
        V.Value("429 at 10:02").Should().Be("429 at 10:02");
    }
}
