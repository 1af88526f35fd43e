using System.Globalization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RevisionsPage = Alltkn.Handoff.App.Components.Pages.Revisions.Revisions;

namespace Alltkn.Handoff.Tests.Components.Revisions;

public sealed class RevisionsPageTests : PageTestContext
{
    public RevisionsPageTests()
    {
        Services.AddSupplyValueFromQueryProvider();
    }

    private IRenderedComponent<RevisionsPage> Open(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return RenderMud<RevisionsPage>();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task Every_change_is_listed_with_who_what_before_after_and_why()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).HeldFrom(Stage.Trial).Build());
        SignIn(Actors.Viewer);

        var cut = Open("/revisions");

        var rows = cut.FindAll("tr[data-testid='revision']");
        rows.Should().NotBeEmpty();
        var hold = rows.Single(r => r.GetAttribute("data-kind") == nameof(RevisionKind.StageMoved) && r.TextContent.Contains("Put on hold", StringComparison.Ordinal));
        hold.QuerySelectorAll("[data-testid='revision-change-row'] td").Select(c => c.TextContent).Should().Equal("Trial", "On hold");
        hold.TextContent.Should().Contain(OnboardingBuilder.HoldReason).And.Contain(Actors.TeamAdmin.DisplayName).And.Contain("Acme Robotics");
        hold.QuerySelector($"a[href='/onboardings/{onboarding.Id}']").Should().NotBeNull();
    }

    [Fact]
    public async Task The_newest_change_comes_first()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder().Build());
        await Data.ChangeQuietlyAsync(onboarding.Id, o => o.Hold("Budget review", Actors.TeamAdmin, TestClock.Later(30)));
        SignIn(Actors.Viewer);

        var cut = Open("/revisions");

        var times = cut.FindAll("[data-testid='revision-time']").Select(t => DateTime.Parse(t.GetAttribute("datetime")!, CultureInfo.InvariantCulture)).ToArray();
        times.Should().BeInDescendingOrder();
        cut.FindAll("tr[data-testid='revision']")[0].TextContent.Should().Contain("Budget review");
        cut.FindAll("tr[data-testid='revision']")[^1].GetAttribute("data-kind").Should().NotBe(nameof(RevisionKind.StageMoved));
    }

    [Fact]
    public async Task Times_are_in_UTC_with_the_viewers_own_time_as_a_tooltip()
    {
        await Data.AddAsync(new OnboardingBuilder().Build());
        JSInterop.SetupModule("./js/workspace.js").Setup<string?>("timeZone").SetResult("Asia/Shanghai");
        SignIn(Actors.Viewer);

        var cut = Open("/revisions");

        var time = cut.Find("[data-testid='revision-time']");
        time.TextContent.Should().Be("2026-11-20 10:00 UTC");
        time.GetAttribute("datetime").Should().Be("2026-11-20T10:00:00.0000000Z");
        cut.WaitForAssertion(() => cut.Find("[data-testid='revision-time']").GetAttribute("aria-label").Should()
            .Be("2026-11-20 10:00 UTC (Your time, Asia/Shanghai (UTC+08:00): 2026-11-20 18:00)"));
    }

    [Fact]
    public async Task Filters_in_the_address_narrow_the_list()
    {
        var acme = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme")).AtStage(Stage.Trial).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta")).AtStage(Stage.Trial).Build());
        SignIn(Actors.Viewer);

        var cut = Open($"/revisions?kind=StageMoved&onboarding={acme.Id}");

        var rows = cut.FindAll("tr[data-testid='revision']");
        rows.Should().ContainSingle("Acme made one move, to Trial").Which.TextContent.Should().Contain("Start trial").And.Contain("Acme");
        cut.Find("[data-testid='filter-clear']");
    }

    [Fact]
    public async Task Onboardings_of_the_same_customer_read_differently_in_the_picker()
    {
        // A cancelled customer who came back: a second onboarding with the same name, under another entity and scenario.
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme", "Acme Robotics (Shanghai) Co., Ltd.")).CancelledFrom(Stage.Trial).Build());
        var returned = await Data.AddAsync(new OnboardingBuilder().WithScenario(Scenario.InvoiceInquiry).WithDetails(d => d.ForCustomer("Acme", "Acme Trading Ltd."))
            .AtStage(Stage.Trial).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta", "Acme Holdings")).Build());
        SignIn(Actors.Viewer);
        var cut = Open("/revisions");

        cut.Find("input[data-testid='filter-onboarding']").Input("Acme");

        Popovers.WaitForAssertion(() => Popovers.FindAll("[data-testid='filter-onboarding-option']").Should().HaveCount(3));
        Popovers.FindAll("[data-testid='filter-onboarding-option']")
            .Select(o => $"{o.QuerySelector("[data-testid='filter-onboarding-option-customer']")?.TextContent.Trim()} | {o.QuerySelector("[data-testid='filter-onboarding-option-detail']")?.TextContent.Trim()}")
            .Should().BeEquivalentTo(
            [
                "Acme | Acme Robotics (Shanghai) Co., Ltd. · Enterprise trial · Cancelled",
                "Acme | Acme Trading Ltd. · Invoice inquiry · Trial",
                "Beta | Acme Holdings · Enterprise trial · Inquiry",
            ], "the customer, then on a second line the entity (which the search also matches), the scenario and the stage");

        var trading = Popovers.FindAll("[data-testid='filter-onboarding-option']").Single(o => o.TextContent.Contains("Acme Trading Ltd.", StringComparison.Ordinal));
        await cut.InvokeAsync(() => trading.Closest(".mud-list-item")!.Click());

        Navigation.Uri.Should().EndWith($"/revisions?onboarding={returned.Id}");
        cut.WaitForAssertion(() => cut.Find("input[data-testid='filter-onboarding']").GetAttribute("value").Should().Be("Acme", "the box names the chosen one by its customer, as before"));
    }

    [Fact]
    public async Task Choosing_a_person_puts_the_filter_in_the_address_and_starts_at_page_one()
    {
        await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Live).Build());
        SignIn(Actors.Viewer);
        var cut = Open("/revisions?page=2");

        var releaseOwnerRow = cut.FindAll("tr[data-testid='revision']")
            .First(r => r.TextContent.Contains(Actors.ReleaseOwner.DisplayName, StringComparison.Ordinal));
        releaseOwnerRow.QuerySelector("[data-testid='revision-person']")!.Click();

        Navigation.Uri.Should().EndWith($"/revisions?person={Actors.ReleaseOwner.UserId}");
        cut.WaitForAssertion(() => cut.FindAll("tr[data-testid='revision']").Should()
            .NotBeEmpty().And.OnlyContain(r => r.TextContent.Contains(Actors.ReleaseOwner.DisplayName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Long_logs_are_paged_fifty_at_a_time_older_and_newer_without_counting_the_log()
    {
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("A")).AtStage(Stage.Live).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("B")).AtStage(Stage.Live).Build());
        SignIn(Actors.Viewer);

        var first = Open("/revisions");
        first.FindAll("tr[data-testid='revision']").Should().HaveCount(50, "two onboardings taken to Live make more than fifty changes");
        first.Find("[data-testid='revisions-count']").TextContent.Should().StartWith("Changes 1–50");
        first.Find("[data-testid='revisions-newer']").HasAttribute("disabled").Should().BeTrue("nothing is newer than the newest page");
        var firstPage = first.FindAll("[data-testid='revision-time']").Select(t => t.GetAttribute("datetime")).ToArray();

        first.Find("[data-testid='revisions-older']").Click();

        Navigation.Uri.Should().Contain("before=").And.Contain("n=51");
        first.WaitForAssertion(() => first.Find("[data-testid='revisions-count']").TextContent.Should().StartWith("Changes 51–"));
        var older = first.FindAll("[data-testid='revision-time']").Select(t => DateTime.Parse(t.GetAttribute("datetime")!, CultureInfo.InvariantCulture)).ToArray();
        older.Should().NotBeEmpty().And.BeInDescendingOrder();
        older[0].Should().BeOnOrBefore(DateTime.Parse(firstPage[^1]!, CultureInfo.InvariantCulture), "the next page continues where the first ended");

        first.Find("[data-testid='revisions-newer']").Click();

        first.WaitForAssertion(() => first.Find("[data-testid='revisions-count']").TextContent.Should().StartWith("Changes 1–50"));
        first.FindAll("[data-testid='revision-time']").Select(t => t.GetAttribute("datetime")).Should().Equal(firstPage);
    }

    [Theory]
    [InlineData("/revisions?to=9999-12-31", "to", "9999-12-31")]
    [InlineData("/revisions?from=0001-01-01", "from", "0001-01-01")]
    public async Task A_date_out_of_range_is_named_and_left_out(string address, string which, string date)
    {
        await Data.AddAsync(new OnboardingBuilder().Build());
        SignIn(Actors.Viewer);

        var cut = Open(address);

        cut.Find("[data-testid='date-out-of-range']").TextContent.Should().ContainEquivalentOf(which).And.Contain(date).And.Contain("left out");
        cut.FindAll("tr[data-testid='revision']").Should().NotBeEmpty("the rest of the filter still applies");
    }

    [Fact]
    public async Task A_person_chosen_in_the_address_is_shown_by_name_in_the_search_box()
    {
        await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        SignIn(Actors.Viewer);

        var cut = Open($"/revisions?person={Actors.TeamAdmin.UserId}");

        cut.FindAll("input").Select(i => i.GetAttribute("value")).Should().Contain(Actors.TeamAdmin.DisplayName);
        cut.FindAll("tr[data-testid='revision']").Should().NotBeEmpty()
            .And.OnlyContain(r => r.TextContent.Contains(Actors.TeamAdmin.DisplayName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reversed_dates_are_explained_and_match_nothing()
    {
        await Data.AddAsync(new OnboardingBuilder().Build());
        SignIn(Actors.Viewer);

        var cut = Open("/revisions?from=2026-11-21&to=2026-11-20");

        cut.Find("[data-testid='dates-reversed']").TextContent.Should().Contain("after the 'to' date");
        cut.Find("[data-testid='revisions-empty']").TextContent.Should().Contain("No change matches these filters.");
    }

    [Fact]
    public async Task A_date_range_keeps_whole_UTC_days()
    {
        await Data.AddAsync(new OnboardingBuilder().At(new DateTime(2026, 11, 19, 23, 59, 0, DateTimeKind.Utc)).WithDetails(d => d.ForCustomer("Early")).Build());
        await Data.AddAsync(new OnboardingBuilder().At(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc)).WithDetails(d => d.ForCustomer("OnTheDay")).Build());
        await Data.AddAsync(new OnboardingBuilder().At(new DateTime(2026, 11, 20, 23, 59, 0, DateTimeKind.Utc)).WithDetails(d => d.ForCustomer("LateOnTheDay")).Build());
        SignIn(Actors.Viewer);

        var cut = Open("/revisions?from=2026-11-20&to=2026-11-20&kind=OnboardingCreated");

        cut.FindAll("tr[data-testid='revision']").Select(r => r.TextContent).Should().HaveCount(2)
            .And.Contain(t => t.Contains("OnTheDay", StringComparison.Ordinal))
            .And.Contain(t => t.Contains("LateOnTheDay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chinese_readers_get_moves_stages_and_kinds_in_Chinese()
    {
        await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        SignIn(Actors.Viewer);
        UseCulture("zh-CN");

        var cut = Open("/revisions?kind=StageMoved");

        cut.Find("tr[data-testid='revision']").TextContent.Should().Contain("阶段变更").And.Contain("开始企业试用")
            .And.Contain("商务咨询").And.Contain("企业试用");
    }

    [Fact]
    public void An_empty_log_says_nothing_has_changed_yet()
    {
        SignIn(Actors.Viewer);

        var cut = Open("/revisions");

        cut.Find("[data-testid='revisions-empty']").TextContent.Should().Contain("Nothing has been changed yet.");
    }
}
