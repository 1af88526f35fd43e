using Alltkn.Handoff.App.Components.Pages.GoLive;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Bunit;

namespace Alltkn.Handoff.Tests.Components.GoLive;

public sealed class GoLiveChecksTests : MudTestContext
{
    private static IReadOnlyList<UnmetReason> SignOffReasons(Onboarding onboarding) =>
        onboarding.CheckMove(Move.SignOffGoLive, Actors.ReleaseOwner, TestClock.Now).Reasons;

    [Fact]
    public void Every_reason_the_gate_is_closed_is_listed_in_words()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        onboarding.SetValidGoLiveWindow();
        onboarding.FillSupportMatrix(except: [SupportResponsibility.ReadsLogs, SupportResponsibility.OwnsNightReleaseWindow]);
        var reasons = SignOffReasons(onboarding);

        var cut = RenderMud<GoLiveChecks>(p => p.Add(x => x.Reasons, reasons));

        var listed = cut.FindAll("[data-testid='go-live-check']").Select(li => li.TextContent.Trim()).ToArray();
        listed.Should().HaveCount(reasons.Count(r => r.Code != UnmetReasonCode.MissingRole));
        listed.Should().Contain("No one is named in the support matrix for: Reads logs, Owns the night release window (owner: Release owner).")
            .And.Contain("The rollback conditions are not written (owner: Release owner).")
            .And.Contain("'Logs and alerts' is not done (owner: Tech lead).");
        listed.Should().NotContain(text => text.Contains("window (start, end, time zone) is not set", StringComparison.Ordinal));
        cut.FindAll("[data-testid='go-live-checks-pass']").Should().BeEmpty();
    }

    [Fact]
    public void A_missing_window_is_a_check_of_its_own()
    {
        var reasons = SignOffReasons(new OnboardingBuilder().AtStage(Stage.GoLive).Build());

        var cut = RenderMud<GoLiveChecks>(p => p.Add(x => x.Reasons, reasons));

        cut.FindAll("[data-testid='go-live-check'][data-code='GoLiveWindowMissing']").Should().ContainSingle()
            .Which.TextContent.Trim().Should().Be("The go-live window (start, end, time zone) is not set (owner: Release owner).");
    }

    [Fact]
    public void When_everything_is_in_place_it_says_every_check_passes()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var reasons = SignOffReasons(onboarding);
        reasons.Should().BeEmpty("the builder settled the gate");

        var cut = RenderMud<GoLiveChecks>(p => p.Add(x => x.Reasons, reasons));

        cut.Find("[data-testid='go-live-checks-pass']").TextContent.Should().Contain("Every check passes");
        cut.FindAll("[data-testid='go-live-check']").Should().BeEmpty();
    }

    [Fact]
    public void Chinese_readers_get_the_checks_in_Chinese()
    {
        UseCulture("zh-CN");
        var reasons = SignOffReasons(new OnboardingBuilder().AtStage(Stage.GoLive).Build());

        var cut = RenderMud<GoLiveChecks>(p => p.Add(x => x.Reasons, reasons));

        var listed = cut.FindAll("[data-testid='go-live-check']").Select(li => li.TextContent.Trim()).ToArray();
        listed.Should().Contain("上线窗口（开始、结束、时区）尚未设置（负责：发布负责人）。")
            .And.Contain("回滚条件尚未填写（负责：发布负责人）。");
        listed.Should().ContainSingle(text => text.StartsWith("支持责任矩阵中「", StringComparison.Ordinal))
            .Which.Should().Contain("查看日志、").And.EndWith("」尚未指定人员（负责：发布负责人）。");
    }

    [Fact]
    public void The_window_the_matrix_and_the_rollback_conditions_are_counted_once_and_link_to_their_items()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        var reasons = SignOffReasons(onboarding);
        reasons.Where(r => r.ItemKey == ChecklistTemplates.Keys.GoLiveWindow).Should().ContainSingle("the domain names the window once, as its item");

        var cut = RenderMud<GoLiveChecks>(p => p.Add(x => x.Reasons, reasons).Add(x => x.OnboardingId, onboarding.Id));

        var listed = cut.FindAll("[data-testid='go-live-check']");
        listed.Should().HaveCount(reasons.Count);
        cut.FindAll("[data-testid='go-live-check'][data-code='GoLiveWindowMissing']").Should().ContainSingle();
        cut.FindAll("[data-testid='go-live-check'][data-code='SupportMatrixIncomplete']").Should().ContainSingle();
        cut.Find("[data-testid='go-live-checks']").PreviousElementSibling!.TextContent.Should().Be($"{reasons.Count} open:");
        cut.FindAll("[data-testid='go-live-check-item']").Select(a => a.GetAttribute("href")).Should().Contain(
            [$"/onboardings/{onboarding.Id}#item-{ChecklistTemplates.Keys.GoLiveWindow}",
             $"/onboardings/{onboarding.Id}#item-{ChecklistTemplates.Keys.SupportMatrix}",
             $"/onboardings/{onboarding.Id}#item-{ChecklistTemplates.Keys.RollbackConditions}"]);
        cut.FindAll("[data-testid='go-live-check-item']").Should().HaveCount(reasons.Count, "every reason is about an item and links to it");
    }
}
