using Microsoft.AspNetCore.Components;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using GoLivePage = Alltkn.Handoff.App.Components.Pages.GoLive.GoLive;

namespace Alltkn.Handoff.Tests.Components.GoLive;

/// <summary>The release owner edits the window, the rollback conditions and the support matrix in place on the go-live card.</summary>
public sealed class GoLiveCardEditingTests : PageTestContext
{
    private const string RelayKey = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

    public GoLiveCardEditingTests()
    {
        Services.AddSupplyValueFromQueryProvider();
        AddBunitPersistentComponentState();
    }

    /// <summary>At Go-live with every check passed but the fields named in <paramref name="missing"/>.</summary>
    private Task<Onboarding> AtGoLiveMissingAsync(params string[] missing)
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.GoLive).Build();
        onboarding.CompleteRequiredItems(TestClock.Now, missing);
        return Data.AddAsync(onboarding);
    }

    private static string ItemState(IRenderedComponent<GoLivePage> cut, string key) =>
        cut.Find($"[data-testid='go-live-item-state'][data-item-key='{key}']").GetAttribute("data-status")!;

    [Fact]
    public async Task Setting_the_window_in_place_completes_its_item_and_the_card_shows_it_at_once()
    {
        var onboarding = await AtGoLiveMissingAsync(ChecklistTemplates.Keys.GoLiveWindow);
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        cut.Find("[data-testid='go-live-open-checks']").TextContent.Should().Contain("1 checks open");
        ItemState(cut, ChecklistTemplates.Keys.GoLiveWindow).Should().Be(nameof(ItemStatus.Open));

        cut.Find("[data-testid='go-live-window-edit']").Click();
        cut.Find("input[data-testid='go-live-window-start']").Change("2026-12-20T22:00");
        cut.Find("input[data-testid='go-live-window-end']").Change("2026-12-20T23:30");
        cut.Find("[data-testid='go-live-window-save']").Click();

        cut.WaitForAssertion(() => ItemState(cut, ChecklistTemplates.Keys.GoLiveWindow).Should().Be(nameof(ItemStatus.Done)));
        cut.Find("[data-testid='window-in-zone']").TextContent.Should().Contain("2026-12-20 22:00 – 23:30").And.Contain("Asia/Shanghai");
        cut.Find("[data-testid='go-live-ready']");
        cut.Find("[data-testid='sign-off']").HasAttribute("disabled").Should().BeFalse("the last check passed");
        var stored = await Data.LoadAsync(onboarding.Id);
        stored.GoLiveWindow!.TimeZoneId.Should().Be("Asia/Shanghai");
        var item = stored.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow);
        item.Status.Should().Be(ItemStatus.Done);
        item.CompletedById.Should().Be(Actors.ReleaseOwner.UserId);
    }

    [Theory]
    [InlineData("en", "Sunday 20 December 2026, 22:00")]
    [InlineData("zh-CN", "2026年12月20日 星期日 22:00")]
    public async Task A_window_time_typed_shows_the_day_it_falls_on_in_the_persons_language(string culture, string expected)
    {
        await AtGoLiveMissingAsync(ChecklistTemplates.Keys.GoLiveWindow);
        UseCulture(culture);
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        string? HelperOf(string field) => cut.Find($"input[data-testid='{field}']").Closest(".mud-input-control")!
            .QuerySelector(".mud-input-helper-text")?.TextContent.Trim();

        cut.Find("[data-testid='go-live-window-edit']").Click();
        cut.Find("input[data-testid='go-live-window-start']").Change("2026-12-20T22:00");
        cut.Find("input[data-testid='go-live-window-end']").Change("not a time");

        HelperOf("go-live-window-start").Should().Be(expected);
        HelperOf("go-live-window-end").Should().BeNullOrEmpty("a text that reads as no time names no day");
    }

    [Fact]
    public async Task A_window_ending_before_it_starts_is_refused_in_words_and_what_was_typed_stays()
    {
        var onboarding = await AtGoLiveMissingAsync(ChecklistTemplates.Keys.GoLiveWindow);
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='go-live-window-edit']").Click();
        cut.Find("input[data-testid='go-live-window-start']").Change("2026-12-20T22:00");
        cut.Find("input[data-testid='go-live-window-end']").Change("2026-12-20T21:00");
        cut.Find("[data-testid='go-live-window-save']").Click();

        cut.Find("[data-testid='go-live-window-error']").TextContent.Should().Contain("The end is not after the start");
        cut.Find("input[data-testid='go-live-window-start']").GetAttribute("value").Should().Be("2026-12-20T22:00");
        cut.Find("input[data-testid='go-live-window-end']").GetAttribute("value").Should().Be("2026-12-20T21:00");
        (await Data.LoadAsync(onboarding.Id)).GoLiveWindow.Should().BeNull();
    }

    [Fact]
    public async Task A_window_time_that_occurs_twice_in_its_zone_is_refused_in_words_and_what_was_typed_stays()
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.GoLive).Build();
        var berlin = GoLiveWindow.FromLocal(new DateTime(2026, 12, 20, 22, 0, 0), new DateTime(2026, 12, 20, 23, 30, 0), "Europe/Berlin");
        onboarding.SetGoLiveWindow(berlin, Actors.ReleaseOwner, TestClock.Now);
        await Data.AddAsync(onboarding);
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='go-live-window-edit']").Click();
        cut.Find("input[data-testid='go-live-window-start']").Change("2026-10-25T02:30");
        cut.Find("input[data-testid='go-live-window-end']").Change("2026-10-25T02:45");
        cut.Find("[data-testid='go-live-window-save']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Refused)));
        cut.Find("[data-testid='outcome-message']").TextContent.Should().Contain("2026-10-25 02:30").And.Contain("occurs twice");
        cut.Find("input[data-testid='go-live-window-start']").GetAttribute("value").Should().Be("2026-10-25T02:30");
        cut.Find("input[data-testid='go-live-window-end']").GetAttribute("value").Should().Be("2026-10-25T02:45");
        (await Data.LoadAsync(onboarding.Id)).GoLiveWindow.Should().Be(berlin);
    }

    [Fact]
    public async Task Rollback_conditions_carrying_a_key_are_refused_with_the_masked_text_offered_and_nothing_typed_is_lost()
    {
        var onboarding = await AtGoLiveMissingAsync(ChecklistTemplates.Keys.RollbackConditions);
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        var typed = $"Roll back when 5xx exceed 1%; test with {RelayKey}";

        cut.Find("[data-testid='go-live-rollback-edit']").Click();
        cut.Find("textarea[data-testid='go-live-rollback-input']").Input(typed);
        cut.Find("[data-testid='go-live-rollback-save']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.SecretFound)));
        cut.Find("textarea[data-testid='go-live-rollback-input']").GetAttribute("value").Should().Be(typed);
        (await Data.LoadAsync(onboarding.Id)).Details.RollbackConditions.Should().BeNull();

        cut.Find("[data-testid='use-masked-RollbackConditions']").Click();
        cut.Find("textarea[data-testid='go-live-rollback-input']").GetAttribute("value").Should().Contain("sk-Q7fK**********kX8r").And.NotContain(RelayKey);
        cut.Find("[data-testid='go-live-rollback-save']").Click();

        cut.WaitForAssertion(() => ItemState(cut, ChecklistTemplates.Keys.RollbackConditions).Should().Be(nameof(ItemStatus.Done)));
        cut.Find("[data-testid='rollback-conditions']").TextContent.Should().StartWith("Roll back when 5xx exceed 1%");
        (await Data.LoadAsync(onboarding.Id)).Details.RollbackConditions.Should().Contain("sk-Q7fK**********kX8r");
    }

    [Fact]
    public async Task Naming_the_missing_support_person_in_place_completes_the_matrix_item()
    {
        var onboarding = await AtGoLiveMissingAsync(ChecklistTemplates.Keys.SupportMatrix);
        await Data.ChangeQuietlyAsync(onboarding.Id, o => o.FillSupportMatrix(TestClock.Now, SupportResponsibility.ReadsLogs));
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        cut.Find("[data-testid='support-row'][data-responsibility='ReadsLogs']").GetAttribute("data-missing").Should().Be("true");

        cut.Find("[data-testid='go-live-support-edit']").Click();
        cut.Find("input[data-testid='go-live-support-input-ReadsLogs']").Input("Sun Hao");
        cut.Find("[data-testid='go-live-support-save']").Click();

        cut.WaitForAssertion(() => ItemState(cut, ChecklistTemplates.Keys.SupportMatrix).Should().Be(nameof(ItemStatus.Done)));
        cut.Find("[data-testid='support-row'][data-responsibility='ReadsLogs']").TextContent.Should().Contain("Sun Hao");
        var stored = await Data.LoadAsync(onboarding.Id);
        stored.SupportMatrix.Should().ContainSingle(a => a.Responsibility == SupportResponsibility.ReadsLogs && a.PersonName == "Sun Hao");
        stored.ItemByKey(ChecklistTemplates.Keys.SupportMatrix).Status.Should().Be(ItemStatus.Done);
    }

    [Fact]
    public async Task A_window_someone_else_set_meanwhile_is_a_conflict_and_reloading_keeps_what_was_typed()
    {
        var onboarding = await AtGoLiveMissingAsync(ChecklistTemplates.Keys.GoLiveWindow);
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        cut.Find("[data-testid='go-live-window-edit']").Click();
        cut.Find("input[data-testid='go-live-window-start']").Change("2026-12-20T22:00");
        cut.Find("input[data-testid='go-live-window-end']").Change("2026-12-20T23:30");
        await Data.ChangeQuietlyAsync(onboarding.Id, o => o.SetValidGoLiveWindow());

        cut.Find("[data-testid='go-live-window-save']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));
        cut.Find("[data-testid='reload-keep-typed']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='outcome-alert']").Should().BeEmpty());
        cut.Find("input[data-testid='go-live-window-start']").GetAttribute("value").Should().Be("2026-12-20T22:00");
        cut.Find("[data-testid='go-live-window-save']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='window-in-zone']").TextContent.Should().Contain("2026-12-20 22:00"));
        (await Data.LoadAsync(onboarding.Id)).GoLiveWindow!.StartLocal.Should().Be(new DateTime(2026, 12, 20, 22, 0, 0));
    }

    [Fact]
    public async Task People_who_may_not_change_the_go_live_fields_get_no_edit_buttons()
    {
        await AtGoLiveMissingAsync(ChecklistTemplates.Keys.GoLiveWindow);
        SignIn(Actors.Viewer);

        var cut = RenderMud<GoLivePage>();

        cut.FindAll("[data-testid='go-live-window-edit'], [data-testid='go-live-rollback-edit'], [data-testid='go-live-support-edit']")
            .Should().BeEmpty();
        cut.Find("[data-testid='window-missing']");
    }

    [Fact]
    public async Task The_open_checks_count_each_missing_thing_once()
    {
        await AtGoLiveMissingAsync(ChecklistTemplates.Keys.GoLiveWindow, ChecklistTemplates.Keys.SupportMatrix,
            ChecklistTemplates.Keys.RollbackConditions);
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='go-live-open-checks']").TextContent.Should().Contain("3 checks open");
        cut.FindAll("[data-testid='go-live-check']").Select(li => li.GetAttribute("data-code")).Should()
            .BeEquivalentTo([nameof(UnmetReasonCode.GoLiveWindowMissing), nameof(UnmetReasonCode.SupportMatrixIncomplete),
                nameof(UnmetReasonCode.RollbackConditionsMissing)]);
    }
}
