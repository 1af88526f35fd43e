using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using DashboardPage = Alltkn.Handoff.App.Components.Pages.Dashboard.Dashboard;

namespace Alltkn.Handoff.Tests.Components.Dashboard;

public sealed class DashboardPageTests : PageTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now);

    public DashboardPageTests() => AddBunitPersistentComponentState();

    private static Onboarding WithItem(Onboarding onboarding, string key, Func<ItemUpdate, ItemUpdate> change)
    {
        var item = onboarding.ItemByKey(key);
        onboarding.UpdateItem(item.Id, change(ItemUpdate.From(item)), Actors.TeamAdmin, TestClock.Now);
        return onboarding;
    }

    [Fact]
    public async Task The_pipeline_counts_the_onboardings_at_each_stage()
    {
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("A")).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("B")).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("C")).AtStage(Stage.Trial).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("D")).HeldFrom(Stage.Trial).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("E")).AtStage(Stage.Cancelled).Build());
        SignIn(Actors.Viewer);

        var cut = RenderMud<DashboardPage>();

        string Count(Stage stage) => cut.Find($"[data-testid='pipeline-count-{stage}']").TextContent.Trim();
        Count(Stage.Inquiry).Should().Be("2");
        Count(Stage.Trial).Should().Be("1");
        Count(Stage.OnHold).Should().Be("1");
        Count(Stage.Cancelled).Should().Be("1");
        Count(Stage.GoLive).Should().Be("0");
    }

    [Fact]
    public async Task A_person_without_a_role_is_told_so_and_sees_nothing_of_the_workspace()
    {
        await Data.AddAsync(WithItem(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build(),
            "trial.stream", u => u with { Status = ItemStatus.Blocked, StatusReason = "Customer's proxy strips SSE" }));
        SignIn(Actors.With());

        var cut = RenderMud<DashboardPage>();

        cut.WaitForElement("[data-testid='may-not-read']").TextContent.Should().Contain("no role");
        cut.FindAll("[data-testid^='pipeline-count-']").Should().BeEmpty();
        cut.Markup.Should().NotContain("Acme Robotics");
    }

    [Fact]
    public async Task An_item_blocked_at_the_gate_is_listed_with_its_reason_and_a_link()
    {
        var onboarding = await Data.AddAsync(WithItem(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build(),
            "trial.stream", u => u with { Status = ItemStatus.Blocked, StatusReason = "Customer's proxy strips SSE" }));
        // A blocked item of a later stage does not hold today's gate.
        await Data.AddAsync(WithItem(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta")).Build(),
            "golive.ramp-plan", u => u with { Status = ItemStatus.Blocked, StatusReason = "Not yet" }));
        SignIn(Actors.Viewer);

        var cut = RenderMud<DashboardPage>();

        var row = cut.FindAll("[data-testid='blocked-row']").Should().ContainSingle().Subject;
        row.TextContent.Should().Contain("Streaming response verified").And.Contain("Acme Robotics").And.Contain("Tech lead");
        row.QuerySelector("[data-testid='blocked-reason']")!.TextContent.Should().Be("Customer's proxy strips SSE");
        row.QuerySelector("a")!.GetAttribute("href").Should().Be($"/onboardings/{onboarding.Id}");
    }

    [Fact]
    public async Task Overdue_items_say_by_how_much()
    {
        await Data.AddAsync(WithItem(new OnboardingBuilder().AtStage(Stage.Trial).Build(),
            "trial.rate-limit", u => u with { DueDate = Today.AddDays(-3) }));
        SignIn(Actors.Viewer);

        var cut = RenderMud<DashboardPage>();

        var row = cut.FindAll("[data-testid='overdue-row']").Should().ContainSingle().Subject;
        row.TextContent.Should().Contain("Rate limit (429) handled").And.Contain("3 days overdue");
        row.QuerySelector("[data-testid='due-date']")!.TextContent.Should().Be(Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Go_live_windows_of_the_next_two_weeks_are_listed_in_their_zone_and_the_viewers()
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.GoLive).Build();
        onboarding.SetValidGoLiveWindow();
        await Data.AddAsync(onboarding);
        Data.Clock.UtcNow = new DateTime(2026, 12, 10, 9, 0, 0, DateTimeKind.Utc);
        JSInterop.SetupModule("./js/workspace.js").Setup<string?>("timeZone").SetResult("Europe/Berlin");
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<DashboardPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='window-in-viewer-zone']").TextContent.Should().Contain("15:00 – 16:30"));
        var row = cut.Find("[data-testid='upcoming-window']");
        row.TextContent.Should().Contain("Acme Robotics").And.Contain("2026-12-15 22:00 – 23:30").And.Contain("Asia/Shanghai");
    }

    [Fact]
    public async Task A_window_more_than_two_weeks_ahead_is_not_listed_yet()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        onboarding.SetValidGoLiveWindow();
        await Data.AddAsync(onboarding);
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<DashboardPage>();

        cut.Find("[data-testid='upcoming-windows-empty']").TextContent.Should().Be("No go-live window in the next 14 days.");
    }

    [Fact]
    public async Task My_open_items_are_those_of_my_roles_with_a_link_to_all_of_them()
    {
        await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        SignIn(Actors.Finance);

        var cut = RenderMud<DashboardPage>();

        var rows = cut.FindAll("[data-testid='my-open-items-row']");
        rows.Should().NotBeEmpty().And.OnlyContain(r => r.TextContent.Contains("Finance or business contact", StringComparison.Ordinal));
        cut.Find("[data-testid='all-my-items']").GetAttribute("href").Should().Be("/my-items");
    }

    [Fact]
    public async Task A_change_saved_elsewhere_shows_without_a_reload()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        SignIn(Actors.TechLead);
        var cut = RenderMud<DashboardPage>();
        cut.Find("[data-testid='blocked-empty']");
        var item = onboarding.ItemByKey("trial.stream");

        var outcome = await Services.GetRequiredService<OnboardingService>().UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Blocked, StatusReason = "Waiting for the customer's firewall change" },
            Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        cut.WaitForAssertion(() => cut.Find("[data-testid='blocked-reason']").TextContent.Should().Be("Waiting for the customer's firewall change"));
    }

    [Fact]
    public void Empty_sections_say_so_and_no_one_signed_in_is_asked_to_sign_in()
    {
        SignIn(Actors.Viewer);
        var cut = RenderMud<DashboardPage>();
        cut.Find("[data-testid='blocked-empty']").TextContent.Should().Be("Nothing is blocked.");
        cut.Find("[data-testid='overdue-empty']").TextContent.Should().Be("No item is overdue.");
        cut.Find("[data-testid='my-open-items-empty']").TextContent.Should().Be("You have no open items.");

        SignIn(null);
        var signedOut = RenderMud<DashboardPage>();
        signedOut.Find("[data-testid='dashboard-signed-out']").TextContent.Should().Contain("Sign in");
    }

    [Fact]
    public async Task Chinese_readers_get_the_dashboard_in_Chinese()
    {
        await Data.AddAsync(WithItem(new OnboardingBuilder().AtStage(Stage.Trial).Build(),
            "trial.rate-limit", u => u with { DueDate = Today.AddDays(-2) }));
        SignIn(Actors.TechLead);
        UseCulture("zh-CN");

        var cut = RenderMud<DashboardPage>();

        cut.Find("h1").TextContent.Should().Be("总览");
        cut.Find("[data-testid='overdue-row']").TextContent.Should().Contain("逾期 2 天").And.Contain("限流（429）已处理");
        cut.Find("[data-testid='dashboard-windows'] h2").TextContent.Should().Contain("未来 14 天的上线窗口");
    }

    [Fact]
    public async Task Many_overdue_items_show_the_oldest_first_with_the_count_and_the_way_to_the_rest()
    {
        for (var i = 0; i < 8; i++)
        {
            var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Late {i}")).AtStage(Stage.Trial).Build();
            foreach (var key in new[] { "trial.stream", "trial.rate-limit", "trial.minimal-request" })
            {
                WithItem(onboarding, key, u => u with { DueDate = Today.AddDays(-1 - i) });
            }
            await Data.AddAsync(onboarding);
        }
        SignIn(Actors.Viewer);

        var cut = RenderMud<DashboardPage>();

        cut.FindAll("[data-testid='overdue-row']").Should().HaveCount(OnboardingQueries.DashboardRows, "the card shows a bounded first page");
        cut.Find("[data-testid='overdue-count']").TextContent.Trim().Should().Be("24");
        cut.Find("[data-testid='overdue']").TextContent.Should().Contain("Late 7", "the longest overdue come first");
        cut.Find("[data-testid='all-overdue-shown']").TextContent.Should().Contain($"{OnboardingQueries.DashboardRows}").And.Contain("24");
        cut.Find("a[data-testid='all-overdue']").GetAttribute("href").Should().Be("/onboardings?overdue=true");
    }
}
