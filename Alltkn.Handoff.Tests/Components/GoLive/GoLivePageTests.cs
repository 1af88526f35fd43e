using Microsoft.AspNetCore.Components;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using GoLivePage = Alltkn.Handoff.App.Components.Pages.GoLive.GoLive;

namespace Alltkn.Handoff.Tests.Components.GoLive;

public sealed class GoLivePageTests : PageTestContext
{
    public GoLivePageTests()
    {
        Services.AddSupplyValueFromQueryProvider();
        AddBunitPersistentComponentState();
    }

    private Task<Onboarding> ReadyAsync(string customer = "Acme Robotics") =>
        Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).AtStage(Stage.GoLive).WithGateSatisfied().Build());

    [Fact]
    public async Task A_person_without_a_role_is_told_so_and_sees_no_onboarding_at_go_live()
    {
        await ReadyAsync();
        SignIn(Actors.With());

        var cut = RenderMud<GoLivePage>();

        cut.WaitForElement("[data-testid='may-not-read']").TextContent.Should().Contain("no role");
        cut.FindAll("[data-testid='go-live-card']").Should().BeEmpty();
        cut.Markup.Should().NotContain("Acme Robotics");
    }

    [Fact]
    public void No_one_signed_in_is_asked_to_sign_in()
    {
        SignIn(null);

        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='go-live-signed-out']").TextContent.Should().Contain("Sign in");
        cut.FindAll("[data-testid='may-not-read']").Should().BeEmpty();
    }

    [Fact]
    public async Task A_person_whose_role_is_taken_away_while_the_page_is_open_is_told_so_at_the_next_reload()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.Viewer);
        var cut = RenderMud<GoLivePage>();
        cut.FindAll("[data-testid='go-live-card']").Should().ContainSingle();

        SignIn(Actors.With());
        Services.GetRequiredService<ChangeNotifier>().Publish(new WorkspaceChange(onboarding.Id, "someone") { Stages = [Stage.GoLive] });

        cut.WaitForElement("[data-testid='may-not-read']", TimeSpan.FromSeconds(5));
        cut.FindAll("[data-testid='go-live-card']").Should().BeEmpty();
        cut.FindAll("[data-testid='go-live-empty']").Should().BeEmpty("nothing waiting would not be true");
    }

    [Fact]
    public async Task Each_onboarding_at_go_live_shows_its_window_rollback_conditions_ramp_plan_and_support_matrix()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.Viewer);

        var cut = RenderMud<GoLivePage>();

        var card = cut.Find($"[data-testid='go-live-card'][data-onboarding-id='{onboarding.Id}']");
        card.QuerySelector("[data-testid='go-live-customer']")!.GetAttribute("href").Should().Be($"/onboardings/{onboarding.Id}");
        card.QuerySelector("[data-testid='window-in-zone']")!.TextContent.Should().Contain("2026-12-15 22:00 – 23:30").And.Contain("Asia/Shanghai");
        card.QuerySelector("[data-testid='rollback-conditions']")!.TextContent.Should().Be(onboarding.Details.RollbackConditions);
        card.QuerySelector("[data-testid='ramp-plan']")!.TextContent.Should().Be(onboarding.Details.RampPlan);
        card.QuerySelectorAll("[data-testid='support-row']").Should().HaveCount(Enum.GetValues<SupportResponsibility>().Length)
            .And.OnlyContain(row => row.GetAttribute("data-missing") == "false");
        card.QuerySelector("[data-testid='go-live-checks-pass']").Should().NotBeNull();
    }

    [Fact]
    public async Task A_card_whose_window_has_ended_is_not_ready_and_says_to_set_a_new_window()
    {
        var onboarding = await ReadyAsync();
        Data.Clock.UtcNow = onboarding.GoLiveWindow!.EndUtc.AddDays(1);
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<GoLivePage>();

        cut.FindAll("[data-testid='go-live-ready']").Should().BeEmpty("the window the gate stood on is over");
        cut.Find("[data-testid='go-live-open-checks']").TextContent.Should().Contain("1");
        cut.Find("[data-testid='go-live-check']").GetAttribute("data-code").Should().Be(nameof(UnmetReasonCode.GoLiveWindowPassed));
        cut.Find("[data-testid='go-live-card']").TextContent.Should().Contain("2026-12-15 23:30").And.Contain("new window");
        cut.Find("[data-testid='sign-off']").HasAttribute("disabled").Should().BeTrue("the gate is closed");
    }

    [Fact]
    public async Task Missing_support_people_rollback_conditions_and_window_are_flagged()
    {
        var built = new OnboardingBuilder().AtStage(Stage.GoLive)
            .WithDetails(d => d.With(details => details with { RollbackConditions = null })).Build();
        built.FillSupportMatrix(except: [SupportResponsibility.ManagesQuota]);
        var onboarding = await Data.AddAsync(built);
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='window-missing']").TextContent.Should().Contain("No window set");
        cut.Find("[data-testid='rollback-conditions-missing']").TextContent.Should().Contain("Not written yet.");
        cut.FindAll("[data-testid='support-row'][data-missing='true']").Should().ContainSingle()
            .Which.GetAttribute("data-responsibility").Should().Be(nameof(SupportResponsibility.ManagesQuota));
        cut.Find("[data-testid='go-live-open-checks']").TextContent.Should().Contain("checks open");
        cut.Find("[data-testid='sign-off']").HasAttribute("disabled").Should().BeTrue("the gate is closed");
        (await Data.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.GoLive);
    }

    [Fact]
    public async Task A_release_owner_signs_off_and_the_onboarding_goes_live()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='sign-off']").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Sign off the go-live of Acme Robotics?"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Sign off go-live").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='go-live-empty']"));
        var stored = await Data.LoadAsync(onboarding.Id);
        stored.Stage.Should().Be(Stage.Live);
        stored.ItemByKey("golive.sign-off").CompletedByName.Should().Be(Actors.ReleaseOwner.DisplayName);
    }

    [Fact]
    public async Task Cancelling_the_confirmation_changes_nothing()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='sign-off']").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        (await Data.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.GoLive);
        cut.FindAll("[data-testid='go-live-card']").Should().ContainSingle();
    }

    [Fact]
    public async Task A_sign_off_refused_because_someone_moved_the_onboarding_meanwhile_says_so()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();
        await Data.ChangeQuietlyAsync(onboarding.Id, o => o.Hold("Customer asked to wait", Actors.TeamAdmin, TestClock.Later()));

        cut.Find("[data-testid='sign-off']").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Sign off go-live").Click());

        cut.WaitForAssertion(() => cut.Find("[data-testid='go-live-error']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));
        cut.Find("[data-testid='go-live-reload']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='go-live-empty']"));
        (await Data.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.OnHold);
    }

    [Fact]
    public async Task People_who_are_not_release_owners_see_it_read_only()
    {
        await ReadyAsync();
        SignIn(Actors.With(Role.TeamAdmin, Role.TechLead));

        var cut = RenderMud<GoLivePage>();

        cut.FindAll("[data-testid='sign-off']").Should().BeEmpty();
        cut.FindAll("[data-testid='send-back']").Should().BeEmpty();
        cut.Find("[data-testid='go-live-read-only']").TextContent.Should().Contain("only a Release owner signs off");
    }

    [Fact]
    public async Task Sending_back_marks_the_chosen_item_blocked_with_the_reason_and_closes_the_gate()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='send-back']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='send-back-dialog']"));
        var choices = dialogs.FindAll("[data-testid='send-back-choice']");
        choices.Select(c => c.GetAttribute("data-item-key")).Should()
            .BeEquivalentTo(["golive.support-fields", "golive.ramp-plan"],
                "a release owner sends back the go-live items release owners own; never the sign-off itself, nor the window, "
                + "rollback conditions or support matrix, which are corrected in place on the card");
        dialogs.Find("input[data-item-key='golive.support-fields']").Click();
        dialogs.Find("textarea[data-testid='send-back-reason']").Input("Support fields must include the request id");
        dialogs.Find("[data-testid='send-back-confirm']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='go-live-check']").TextContent.Should().Contain("'Support fields (time, status code, model name)' is not done"));
        var item = (await Data.LoadAsync(onboarding.Id)).ItemByKey("golive.support-fields");
        item.Status.Should().Be(ItemStatus.Blocked);
        item.StatusReason.Should().Be("Support fields must include the request id");
        (await Data.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.GoLive);
        // The list may show the change (its reload is queued by the notifier) a moment before the dialog has closed.
        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='send-back-dialog']").Should().BeEmpty());
    }

    [Fact]
    public async Task Sending_back_without_a_reason_is_refused_and_the_choice_stays_for_the_next_try()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='send-back']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("input[data-item-key='golive.ramp-plan']").Click());
        dialogs.Find("[data-testid='send-back-confirm']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='send-back-error']").TextContent.Should()
            .Contain("Say what blocks 'Ramp plan: small traffic first, then scale'"));
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("golive.ramp-plan").Status.Should().Be(ItemStatus.Done);

        dialogs.Find("textarea[data-testid='send-back-reason']").Input("Start with 1%, not 5%");
        dialogs.Find("[data-testid='send-back-confirm']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='send-back-dialog']").Should().BeEmpty());
        var item = (await Data.LoadAsync(onboarding.Id)).ItemByKey("golive.ramp-plan");
        item.Status.Should().Be(ItemStatus.Blocked, "the item chosen before the refusal is still the one sent back");
        item.StatusReason.Should().Be("Start with 1%, not 5%");
    }

    [Fact]
    public async Task A_send_back_refused_because_the_item_changed_meanwhile_reloads_keeping_the_reason_and_choice()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();
        var due = DateOnly.FromDateTime(TestClock.Now).AddDays(4);
        await Data.ChangeQuietlyAsync(onboarding.Id, o =>
        {
            var changed = o.ItemByKey("golive.ramp-plan");
            o.UpdateItem(changed.Id, ItemUpdate.From(changed) with { DueDate = due }, Actors.TeamAdmin, TestClock.Later());
        });

        SendBackRampPlanUntilConflictThenReload(cut, dialogs);

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='send-back-error']").Should().BeEmpty());
        dialogs.FindAll("[data-testid='send-back-dialog']").Should().ContainSingle("reloading keeps the dialog open");
        dialogs.Find("textarea[data-testid='send-back-reason']").GetAttribute("value").Should().Be("Start with 1%, not 5%", "what was typed is kept");
        dialogs.Find("[data-testid='send-back-confirm']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='send-back-dialog']").Should().BeEmpty());
        var item = (await Data.LoadAsync(onboarding.Id)).ItemByKey("golive.ramp-plan");
        item.Status.Should().Be(ItemStatus.Blocked, "the item chosen before the conflict is still the one sent back");
        item.StatusReason.Should().Be("Start with 1%, not 5%");
        item.DueDate.Should().Be(due, "the change saved meanwhile is not undone");
    }

    [Fact]
    public async Task An_item_blocked_by_someone_else_meanwhile_is_no_longer_offered_after_the_reload_and_the_reason_stays()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();
        await Data.ChangeQuietlyAsync(onboarding.Id, o =>
        {
            var changed = o.ItemByKey("golive.ramp-plan");
            o.UpdateItem(changed.Id, ItemUpdate.From(changed) with { Status = ItemStatus.Blocked, StatusReason = "Plan not agreed" }, Actors.TeamAdmin, TestClock.Later());
        });

        SendBackRampPlanUntilConflictThenReload(cut, dialogs);

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='send-back-problem']").TextContent.Should().Contain("can no longer be sent back"));
        dialogs.FindAll("[data-testid='send-back-choice']").Select(c => c.GetAttribute("data-item-key")).Should().Equal("golive.support-fields");
        dialogs.Find("textarea[data-testid='send-back-reason']").GetAttribute("value").Should().Be("Start with 1%, not 5%");
    }

    [Fact]
    public async Task Sending_back_without_choosing_an_item_asks_for_one()
    {
        await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var dialogs = Dialogs;
        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='send-back']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("textarea[data-testid='send-back-reason']").Input("Not good enough"));
        dialogs.Find("[data-testid='send-back-confirm']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='send-back-problem']").TextContent.Should().Be("Choose the item to send back."));
        dialogs.Find("textarea[data-testid='send-back-reason']").GetAttribute("value").Should().Be("Not good enough");
    }

    [Fact]
    public async Task A_change_saved_by_someone_else_shows_without_a_reload()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        cut.Find("[data-testid='go-live-checks-pass']");

        var service = Services.GetRequiredService<OnboardingService>();
        var outcome = await service.AssignSupportAsync(onboarding.Id, SupportResponsibility.ReadsLogs, null, Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        cut.WaitForAssertion(() => cut.Find("[data-testid='support-row'][data-responsibility='ReadsLogs']").GetAttribute("data-missing").Should().Be("true"));
        cut.Find("[data-testid='go-live-check'][data-code='SupportMatrixIncomplete']");
    }

    [Fact]
    public async Task Rollback_conditions_being_typed_stay_with_a_notice_when_someone_puts_the_onboarding_on_hold()
    {
        var onboarding = await ReadyAsync();
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        cut.Find("[data-testid='go-live-rollback-edit']").Click();
        cut.Find("textarea[data-testid='go-live-rollback-input']").Input("Roll back when 5xx exceed 2% for 5 minutes");

        SignIn(Actors.TeamAdmin);
        var outcome = await Services.GetRequiredService<OnboardingService>()
            .FireAsync(onboarding.Id, Move.Hold, Stage.GoLive, "Customer asked to wait", Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        // The list reloads (the notifier) without the onboarding, which is no longer at Go-live.
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='go-live-left'], [data-testid='go-live-empty']").Should().NotBeEmpty(),
            TimeSpan.FromSeconds(5));
        cut.Find("textarea[data-testid='go-live-rollback-input']").GetAttribute("value").Should()
            .Be("Roll back when 5xx exceed 2% for 5 minutes", "nothing the person typed is lost");
        cut.Find($"[data-testid='go-live-card'][data-onboarding-id='{onboarding.Id}'] [data-testid='go-live-left']").TextContent.Should()
            .Contain("On hold").And.Contain("what you typed is kept");
        cut.FindAll("[data-testid='go-live-count']").Should().BeEmpty("no card is listed at Go-live any more");
    }

    [Fact]
    public async Task A_window_being_typed_on_an_onboarding_cancelled_meanwhile_stays_to_copy_and_saving_it_is_refused_in_words()
    {
        var onboarding = await ReadyAsync();
        // A release owner who is also a team admin (the page and the cancelling share one sign-in here; in the app, another tab).
        SignIn(Actors.With(Role.ReleaseOwner, Role.TeamAdmin));
        var cut = RenderMud<GoLivePage>();
        cut.Find("[data-testid='go-live-window-edit']").Click();
        cut.Find("input[data-testid='go-live-window-start']").Change("2026-12-20T22:00");
        cut.Find("input[data-testid='go-live-window-end']").Change("2026-12-20T23:30");

        var outcome = await Services.GetRequiredService<OnboardingService>()
            .FireAsync(onboarding.Id, Move.Cancel, Stage.GoLive, "Customer withdrew", Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        cut.WaitForAssertion(() => cut.Find("[data-testid='go-live-left']").GetAttribute("data-now-at").Should().Be(nameof(Stage.Cancelled)),
            TimeSpan.FromSeconds(5));
        cut.Find("[data-testid='go-live-left']").TextContent.Should().Contain("cancelled").And.Contain("saving is refused");
        cut.Find("[data-testid='sign-off']").HasAttribute("disabled").Should().BeTrue("it is no longer at Go-live");
        cut.Find("[data-testid='go-live-window-save']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-message']").TextContent.Should().Contain("cancelled"));
        cut.Find("input[data-testid='go-live-window-start']").GetAttribute("value").Should().Be("2026-12-20T22:00", "what was typed stays to copy");
        (await Data.LoadAsync(onboarding.Id)).GoLiveWindow!.StartLocal.Should().NotBe(new DateTime(2026, 12, 20, 22, 0, 0));
    }

    [Fact]
    public async Task A_card_pushed_to_the_next_page_while_names_are_typed_stays_where_it_was_until_they_are_saved()
    {
        for (var i = 0; i < GoLivePage.PageSize - 1; i++)
        {
            await ReadyAsync($"Ready {i:00}");
        }
        var edited = await ReadyAsync("Zeta Robotics");
        SignIn(Actors.ReleaseOwner);
        var cut = RenderMud<GoLivePage>();
        cut.FindAll("[data-testid='go-live-card']")[GoLivePage.PageSize - 1].GetAttribute("data-onboarding-id").Should().Be(edited.Id.ToString());
        var card = $"[data-testid='go-live-card'][data-onboarding-id='{edited.Id}']";
        cut.Find($"{card} [data-testid='go-live-support-edit']").Click();
        cut.Find($"{card} input[data-testid='go-live-support-input-ReadsLogs']").Input("Wang Lei");

        var ahead = await ReadyAsync("Aardvark Labs");
        Services.GetRequiredService<ChangeNotifier>().Publish(new WorkspaceChange(ahead.Id, "someone") { Stages = [Stage.GoLive] });

        cut.WaitForAssertion(() => cut.Find("[data-testid='go-live-count']").TextContent.Should().Contain($"1–{GoLivePage.PageSize} of {GoLivePage.PageSize + 1}"),
            TimeSpan.FromSeconds(5));
        var cards = cut.FindAll("[data-testid='go-live-card']");
        cards.Should().HaveCount(GoLivePage.PageSize + 1, "the card being edited stays besides the page's ten");
        cards[GoLivePage.PageSize - 1].GetAttribute("data-onboarding-id").Should().Be(edited.Id.ToString(), "it stays where it was");
        cut.Find($"{card} [data-testid='go-live-left']").TextContent.Should().Contain("another page");
        cut.Find($"{card} input[data-testid='go-live-support-input-ReadsLogs']").GetAttribute("value").Should().Be("Wang Lei");

        cut.Find($"{card} [data-testid='go-live-support-save']").Click();

        cut.WaitForAssertion(() => cut.FindAll(card).Should().BeEmpty("saved, it goes to the page it belongs on"));
        cut.FindAll("[data-testid='go-live-card']").Should().HaveCount(GoLivePage.PageSize);
        (await Data.LoadAsync(edited.Id)).SupportMatrix.Should().ContainSingle(a => a.Responsibility == SupportResponsibility.ReadsLogs && a.PersonName == "Wang Lei");
    }

    [Fact]
    public async Task With_nothing_at_go_live_it_says_so()
    {
        await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<GoLivePage>();

        cut.Find("[data-testid='go-live-empty']").TextContent.Should().Contain("No onboarding is waiting at Go-live.");
    }

    [Fact]
    public async Task Many_onboardings_at_go_live_are_paged_ready_ones_first_with_the_page_in_the_address()
    {
        for (var i = 0; i < GoLivePage.PageSize + 2; i++)
        {
            await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Waiting {i:00}")).AtStage(Stage.GoLive).Build());
        }
        var ready = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Zeta Ready")).AtStage(Stage.GoLive).WithGateSatisfied().Build());
        SignIn(Actors.ReleaseOwner);

        var cut = RenderMud<GoLivePage>();

        cut.FindAll("[data-testid='go-live-card']").Should().HaveCount(GoLivePage.PageSize);
        cut.FindAll("[data-testid='go-live-card']")[0].GetAttribute("data-onboarding-id").Should().Be(ready.Id.ToString(), "what only waits for the sign-off comes first");
        cut.Find("[data-testid='go-live-count']").TextContent.Should().Contain($"1–{GoLivePage.PageSize} of {GoLivePage.PageSize + 3}");

        Services.GetRequiredService<NavigationManager>().NavigateTo("/go-live?page=2");

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='go-live-card']").Should().HaveCount(3));
        cut.Find("[data-testid='go-live-count']").TextContent.Should().Contain($"{GoLivePage.PageSize + 1}–{GoLivePage.PageSize + 3}");
    }

    /// <summary>Sends the ramp plan back with a reason, sees the conflict (the item changed after the page read it), and reloads keeping what was typed.</summary>
    private static void SendBackRampPlanUntilConflictThenReload(IRenderedComponent<GoLivePage> cut, IRenderedComponent<MudBlazor.MudDialogProvider> dialogs)
    {
        cut.Find("[data-testid='send-back']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("input[data-item-key='golive.ramp-plan']").Click());
        dialogs.Find("textarea[data-testid='send-back-reason']").Input("Start with 1%, not 5%");
        dialogs.Find("[data-testid='send-back-confirm']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='send-back-error']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));

        dialogs.Find("[data-testid='send-back-reload']").Click();
    }
}
