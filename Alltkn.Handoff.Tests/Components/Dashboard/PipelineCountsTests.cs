using Alltkn.Handoff.App.Components.Pages.Dashboard;
using Alltkn.Handoff.Domain.Onboardings;
using Bunit;

namespace Alltkn.Handoff.Tests.Components.Dashboard;

public sealed class PipelineCountsTests : MudTestContext
{
    private static readonly Dictionary<Stage, int> Counts = new()
    {
        [Stage.Inquiry] = 4,
        [Stage.Trial] = 2,
        [Stage.GoLive] = 1,
        [Stage.Live] = 7,
        [Stage.OnHold] = 3,
    };

    [Fact]
    public void Every_stage_shows_its_count_and_a_stage_with_none_shows_zero()
    {
        var cut = RenderMud<PipelineCounts>(p => p.Add(x => x.PerStage, Counts));

        foreach (var stage in Enum.GetValues<Stage>())
        {
            var expected = Counts.TryGetValue(stage, out var count) ? count : 0;
            cut.Find($"[data-testid='pipeline-count-{stage}']").TextContent.Trim()
                .Should().Be(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{stage} has {expected}");
        }
    }

    [Fact]
    public void Each_count_links_to_the_onboardings_list_filtered_to_its_stage()
    {
        var cut = RenderMud<PipelineCounts>(p => p.Add(x => x.PerStage, Counts));

        foreach (var stage in Enum.GetValues<Stage>())
        {
            cut.Find($"a[data-testid='pipeline-{stage}']").GetAttribute("href").Should().Be($"/onboardings?stage={stage}");
        }
    }

    [Fact]
    public void The_path_stages_come_in_path_order_before_on_hold_and_cancelled()
    {
        var cut = RenderMud<PipelineCounts>(p => p.Add(x => x.PerStage, Counts));

        var order = cut.FindAll("a[data-testid^='pipeline-']")
            .Select(a => a.GetAttribute("data-testid")!["pipeline-".Length..])
            .ToArray();
        order.Should().Equal([.. Stages.Path.Select(s => s.ToString()), nameof(Stage.OnHold), nameof(Stage.Cancelled)]);
    }

    [Fact]
    public void Stage_names_and_the_links_accessible_names_are_in_the_readers_language()
    {
        UseCulture("zh-CN");

        var cut = RenderMud<PipelineCounts>(p => p.Add(x => x.PerStage, Counts));

        var trial = cut.Find("a[data-testid='pipeline-Trial']");
        trial.TextContent.Should().Contain("企业试用");
        trial.GetAttribute("aria-label").Should().Be("2 企业试用：点击查看", "the name starts with the visible text (WCAG 2.5.3)");
        cut.Find("a[data-testid='pipeline-CommercialConfirmation']").TextContent.Should().Contain("商务确认");
    }

    [Fact]
    public void English_readers_get_English_stage_names()
    {
        var cut = RenderMud<PipelineCounts>(p => p.Add(x => x.PerStage, Counts));

        cut.Find("a[data-testid='pipeline-InvoiceAndContract']").TextContent.Should().Contain("Invoice & contract");
        cut.Find("a[data-testid='pipeline-Live']").GetAttribute("aria-label").Should().Be("7 Live: show them", "the name starts with the visible text (WCAG 2.5.3)");
    }
}
