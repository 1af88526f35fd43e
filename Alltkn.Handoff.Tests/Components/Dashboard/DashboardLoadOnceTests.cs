using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using DashboardPage = Alltkn.Handoff.App.Components.Pages.Dashboard.Dashboard;
using WorkspaceCharts = Alltkn.Handoff.App.Components.Pages.Dashboard.WorkspaceCharts;

namespace Alltkn.Handoff.Tests.Components.Dashboard;

/// <summary>
/// Issue 9 point 4: a visit reads the dashboard once. The prerender persists what it read; the interactive render of
/// the same visit (a new component, as the circuit makes it) shows it without reading the rows again. Every query is
/// recorded at the database (a command interceptor on the app's own DbContext).
/// </summary>
public sealed class DashboardLoadOnceTests : LoadOnceTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now);

    private async Task WorkspaceAsync()
    {
        var trial = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build();
        foreach (var (key, change) in new (string, Func<ItemUpdate, ItemUpdate>)[]
        {
            ("trial.stream", u => u with { Status = ItemStatus.Blocked, StatusReason = "Customer's proxy strips SSE" }),
            ("trial.rate-limit", u => u with { DueDate = Today.AddDays(-3) }),
        })
        {
            var item = trial.ItemByKey(key);
            trial.UpdateItem(item.Id, change(ItemUpdate.From(item)), Actors.TeamAdmin, TestClock.Now);
        }
        await Data.AddAsync(trial);
        var goLive = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta Cloud")).AtStage(Stage.GoLive).Build();
        goLive.SetValidGoLiveWindow();
        await Data.AddAsync(goLive);
        Data.Clock.UtcNow = new DateTime(2026, 12, 10, 9, 0, 0, DateTimeKind.Utc);
    }

    private static IReadOnlyList<string> Rows(IRenderedComponent<DashboardPage> cut) =>
        cut.FindAll("[data-testid$='-row'], [data-testid='upcoming-window'], [data-testid^='pipeline-count-']")
            .Select(r => r.TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_interactive_render_shows_what_the_prerender_read_andReads_only_the_charts()
    {
        await WorkspaceAsync();
        SignIn(Actors.TechLead);
        // What the charts read (after the page is shown, never while prerendered): the only reads left afterwards.
        var charts = RenderMud<WorkspaceCharts>();
        charts.WaitForElement("[data-testid='workspace-charts']");
        var chartReads = Reads.Commands.Select(c => c.Sql).ToArray();
        chartReads.Should().NotBeEmpty();
        Reads.Clear();

        var prerendered = RenderMud<DashboardPage>();
        prerendered.WaitForElement("[data-testid='workspace-charts']");
        Reads.Commands.Should().Contain(c => c.Sql.Contains("\"HandoffItems\"", StringComparison.Ordinal),
            "the prerender reads the items (blocked, overdue, mine)");
        State.TriggerOnPersisting();
        var shownFirst = Rows(prerendered);
        Reads.Clear();

        var interactive = RenderMud<DashboardPage>();
        interactive.WaitForElement("[data-testid='workspace-charts']");

        Reads.Commands.Should().NotContain(c => c.Sql.Contains("\"HandoffItems\"", StringComparison.Ordinal));
        Reads.Commands.Select(c => c.Sql).Should().BeSubsetOf(chartReads, "only the charts are read, which the prerender never reads");
        Rows(interactive).Should().Equal(shownFirst).And.Contain(r => r.Contains("Customer's proxy strips SSE"))
            .And.Contain(r => r.Contains("Rate limit (429) handled")).And.Contain(r => r.Contains("Beta Cloud"));
    }

    [Fact]
    public async Task What_is_handed_over_is_taken_once_and_changes_are_still_shown()
    {
        await WorkspaceAsync();
        SignIn(Actors.TechLead);
        RenderMud<DashboardPage>();
        State.TriggerOnPersisting();
        var interactive = RenderMud<DashboardPage>();
        var stream = (await Data.LoadAsync((await OnboardingIdAsync("Acme Robotics")))).ItemByKey("trial.stream");

        var outcome = await Services.GetRequiredService<OnboardingService>().UpdateItemAsync(stream.OnboardingId, stream.Id, stream.Version,
            ItemUpdate.From(stream) with { StatusReason = "Waiting for the customer's firewall change" },
            Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        interactive.WaitForAssertion(() => interactive.Find("[data-testid='blocked-reason']").TextContent.Should().Be("Waiting for the customer's firewall change"));
        Reads.Clear();
        var third = RenderMud<DashboardPage>();
        third.Find("[data-testid='blocked-reason']");
        Reads.Commands.Should().Contain(c => c.Sql.Contains("\"HandoffItems\"", StringComparison.Ordinal), "the state was taken by the first interactive render");
    }

    [Fact]
    public async Task A_change_saved_between_the_prerender_and_the_interactive_render_is_read_not_lost()
    {
        await WorkspaceAsync();
        SignIn(Actors.TechLead);
        RenderMud<DashboardPage>();
        State.TriggerOnPersisting();
        var stream = (await Data.LoadAsync(await OnboardingIdAsync("Acme Robotics"))).ItemByKey("trial.stream");
        var outcome = await Services.GetRequiredService<OnboardingService>().UpdateItemAsync(stream.OnboardingId, stream.Id, stream.Version,
            ItemUpdate.From(stream) with { StatusReason = "Proxy fixed, waiting for the retest" },
            Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);
        Reads.Clear();

        var interactive = RenderMud<DashboardPage>();

        interactive.WaitForAssertion(() => interactive.Find("[data-testid='blocked-reason']").TextContent.Should().Be("Proxy fixed, waiting for the retest"));
        Reads.Commands.Should().Contain(c => c.Sql.Contains("\"HandoffItems\"", StringComparison.Ordinal), "the prerender's read is out of date: the page reads");
    }

    [Fact]
    public async Task Another_person_never_takes_what_was_read_for_someone_else()
    {
        await WorkspaceAsync();
        SignIn(Actors.TechLead);
        RenderMud<DashboardPage>();
        State.TriggerOnPersisting();
        Reads.Clear();

        SignIn(Actors.Finance);
        RenderMud<DashboardPage>().WaitForElement("[data-testid='dashboard-my-items']");

        Reads.Commands.Should().Contain(c => c.Sql.Contains("\"HandoffItems\"", StringComparison.Ordinal), "the tech lead's read is not finance's");
    }

    private async Task<Guid> OnboardingIdAsync(string customer)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        return await db.Onboardings.Where(o => o.Details.Customer == customer).Select(o => o.Id).SingleAsync(Xunit.TestContext.Current.CancellationToken);
    }
}
