using Microsoft.Extensions.DependencyInjection;
using Alltkn.Handoff.App.Components.Pages.Dashboard;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using DashboardPage = Alltkn.Handoff.App.Components.Pages.Dashboard.Dashboard;

namespace Alltkn.Handoff.Tests.Components.Dashboard;

/// <summary>The dashboard's charts, each with its table for screen readers, read from SQL aggregates over a real database.</summary>
public sealed class WorkspaceChartsTests : PageTestContext
{
    public WorkspaceChartsTests() => AddBunitPersistentComponentState();

    private static readonly DateTime Now = TestClock.Now; // Friday 20 November 2026

    private static string[][] Rows(IRenderedComponent<WorkspaceCharts> cut, string table) =>
        cut.FindAll($"[data-testid='{table}'] tbody tr")
            .Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray())
            .ToArray();

    private async Task SeedAsync()
    {
        // A: opened 10 days ago, moved to Trial 4 days ago (6 days at Inquiry). B: opened and taken live today.
        // C: at Inquiry. D: cancelled (left out of the funnel).
        var a = Onboarding.Open(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("A").Build(), Actors.TeamAdmin, Now.AddDays(-10));
        a.CompleteRequiredItems(Now.AddDays(-4));
        a.StartTrial(Actors.TeamAdmin, Now.AddDays(-4));
        await Data.AddAsync(a);
        await Data.AddAsync(new OnboardingBuilder().At(Now).WithDetails(d => d.ForCustomer("B")).AtStage(Stage.Live).Build());
        await Data.AddAsync(new OnboardingBuilder().At(Now).WithDetails(d => d.ForCustomer("C")).Build());
        await Data.AddAsync(new OnboardingBuilder().At(Now).WithDetails(d => d.ForCustomer("D")).AtStage(Stage.Cancelled).Build());
        SignIn(Actors.Viewer);
    }

    [Fact]
    public async Task The_funnel_counts_each_stage_reached_and_its_table_says_the_same()
    {
        await SeedAsync();

        var cut = RenderMud<WorkspaceCharts>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='workspace-charts']"));
        string[][] expected =
        [
            ["Inquiry", "3", "1"], ["Trial", "2", "1"], ["Commercial confirmation", "1", "0"], ["Invoice & contract", "1", "0"],
            ["Go-live", "1", "0"], ["Live", "1", "1"],
        ];
        Rows(cut, "table-funnel").Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        cut.FindAll("[data-testid='chart-funnel'] svg").Should().NotBeEmpty("the funnel is drawn as a chart too");
    }

    [Fact]
    public async Task The_median_days_come_from_the_stage_moves_in_the_window()
    {
        await SeedAsync();

        var cut = RenderMud<WorkspaceCharts>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='workspace-charts']"));
        var inquiry = Rows(cut, "table-median").Single(r => r[0] == "Inquiry");
        // A spent 6 days, B none (opened and moved on the same instant): the median of two is their mean.
        inquiry.Should().Equal("Inquiry", "3", "2");
    }

    [Fact]
    public async Task Going_live_is_counted_in_the_week_it_happened_among_empty_weeks()
    {
        await SeedAsync();

        var cut = RenderMud<WorkspaceCharts>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='workspace-charts']"));
        var weeks = Rows(cut, "table-going-live");
        weeks.Should().HaveCount(DashboardCharts.Weeks);
        weeks[^1].Should().Equal("2026-11-16", "1");
        weeks.Take(DashboardCharts.Weeks - 1).Should().OnlyContain(w => w[1] == "0");
    }

    [Fact]
    public async Task Every_table_is_in_the_page_for_screen_readers_and_shown_to_everyone_with_the_switch()
    {
        await SeedAsync();
        var cut = RenderMud<WorkspaceCharts>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='workspace-charts']"));
        cut.FindAll("table caption").Should().HaveCount(3);
        cut.Find("[data-testid='table-funnel']").ClassList.Should().Contain("visually-hidden");

        await cut.InvokeAsync(() => cut.FindComponents<ChartHeading>()[0].Instance.ShowTableChanged.InvokeAsync(true));

        cut.WaitForAssertion(() => cut.Find("[data-testid='table-funnel']").ClassList.Should().NotContain("visually-hidden"));
    }

    [Fact]
    public async Task The_tables_carry_the_cards_css_scope_so_their_styles_reach_them()
    {
        await SeedAsync();

        var cut = RenderMud<WorkspaceCharts>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='workspace-charts']"));
        var scope = cut.Find("[data-testid='workspace-charts']").Attributes.Select(a => a.Name).Single(n => n.StartsWith("b-", StringComparison.Ordinal));
        cut.FindAll("table.chart-table").Should().HaveCount(3).And.OnlyContain(t => t.HasAttribute(scope), "the tables are written in the component, not as strings");
        cut.FindAll("table.chart-table th, table.chart-table td").Should().NotBeEmpty().And.OnlyContain(c => c.HasAttribute(scope));
    }

    [Fact]
    public async Task The_health_counts_link_to_the_list_filtered_by_health_in_chinese_too()
    {
        await SeedAsync();
        UseCulture("zh-CN");

        var cut = RenderMud<WorkspaceCharts>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='workspace-charts']"));
        cut.Find("[data-testid='health-count'][data-health='OnTrack']").GetAttribute("href").Should().Be("/onboardings?health=OnTrack");
        cut.Markup.Should().Contain("近 90 天各阶段用时中位数").And.Contain("商务咨询");
    }

    [Fact]
    public async Task The_dashboard_includes_the_charts()
    {
        await SeedAsync();

        var cut = RenderMud<DashboardPage>();

        cut.WaitForAssertion(() => cut.FindComponents<WorkspaceCharts>().Should().ContainSingle());
    }

    [Fact]
    public async Task The_service_reads_no_charts_for_someone_who_may_not_read_the_workspace()
    {
        await SeedAsync();
        SignIn(new ActorBuilder().WithRoles().Build());

        var withoutRoles = await Services.GetRequiredService<DashboardCharts>().LoadAsync(Xunit.TestContext.Current.CancellationToken);
        SignIn(null);
        var signedOut = await Services.GetRequiredService<DashboardCharts>().LoadAsync(Xunit.TestContext.Current.CancellationToken);
        SignIn(Actors.Viewer);
        var viewer = await Services.GetRequiredService<DashboardCharts>().LoadAsync(Xunit.TestContext.Current.CancellationToken);

        withoutRoles.Should().BeNull("a person with no role may not read the workspace");
        signedOut.Should().BeNull();
        viewer.Should().NotBeNull();
    }

    [Fact]
    public async Task Someone_who_may_not_read_sees_no_charts_and_no_endless_loading()
    {
        await SeedAsync();
        SignIn(new ActorBuilder().WithRoles().Build());

        var cut = RenderMud<WorkspaceCharts>();

        cut.WaitForAssertion(() => cut.FindAll(".mud-progress-linear").Should().BeEmpty());
        cut.FindAll("[data-testid='workspace-charts']").Should().BeEmpty();
    }
}
