using Alltkn.Handoff.App.Comments;
using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Onboardings;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// The onboarding page on a real SQLite file, with the real services: what one person types survives another
/// person's change, a conflict reloads without losing it, a secret is offered masked, a hold asks for a reason.
/// </summary>
public sealed class OnboardingDetailPageTests : PageTestContext
{
    private const string RateLimit = "trial.rate-limit";
    private Guid _id;

    public OnboardingDetailPageTests() => SignIn(Actors.TechLead);

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Acme Robotics at Trial, stored with the revisions of how it got there.</summary>
    private async Task SeedAsync()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder()
            .WithDetails(d => d.ForCustomer("Acme Robotics", "Acme Robotics (Shenzhen) Co., Ltd."))
            .AtStage(Stage.Trial).Build());
        _id = onboarding.Id;
    }

    /// <summary>Another person, working through their own service on the same database and the same notifier.</summary>
    private OnboardingService ServiceOf(Actor actor) => new(
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), new SignedInActor { Current = actor },
        Services.GetRequiredService<ChangeNotifier>(), Data.Clock, NullLogger<OnboardingService>.Instance);

    private Task<Onboarding> StoredAsync() => Data.LoadAsync(_id);

    /// <summary>A tech lead with an account, whom items can be assigned to.</summary>
    private static readonly Actor LiWei = new ActorBuilder().WithRoles(Role.TechLead).WithId("li-wei").Named("Li Wei").Build();

    /// <summary>The item's update that assigns it to Li Wei (their account added to the database the first time).</summary>
    private async Task<ItemUpdate> LiWeiAssignedAsync(HandoffItem item)
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Cancel))
        {
            if (!await db.Users.AnyAsync(u => u.Id == LiWei.UserId, Cancel))
            {
                await contexts.AddPersonAsync(LiWei);
            }
        }
        return ItemUpdate.From(item) with { AssigneeUserId = LiWei.UserId };
    }

    private async Task<IRenderedComponent<OnboardingDetail>> RenderPageAsync()
    {
        await SeedAsync();
        var cut = RenderMud<OnboardingDetail>(p => p.Add(x => x.Id, _id));
        cut.WaitForElement($"[data-testid='item-row-{RateLimit}']");
        return cut;
    }

    private static IElement Row(IRenderedComponent<OnboardingDetail> cut, string key) => cut.Find($"[data-testid='item-row-{key}']");

    [Fact]
    public async Task The_page_shows_the_header_the_stepper_both_packages_the_checklist_and_the_history()
    {
        var cut = await RenderPageAsync();

        cut.Find("[data-testid='customer']").TextContent.Should().Be("Acme Robotics");
        cut.Find("[data-testid='procurement-entity']").TextContent.Should().Be("Acme Robotics (Shenzhen) Co., Ltd.");
        cut.Find("[data-testid='onboarding-header'] [data-testid='stage-chip']").TextContent.Should().Be("Trial");
        cut.Find("[data-testid='stage-step-Trial']").GetAttribute("data-state").Should().Be("Current");
        cut.Find("[data-testid='package-Technical']").TextContent.Should().Contain("Base URL").And.NotContain("Payment method");
        cut.Find("[data-testid='package-Business']").TextContent.Should().Contain("Payment method").And.NotContain("Base URL");
        cut.Find("[data-testid='stage-toggle-Inquiry']").Click();
        cut.Find("[data-testid='checklist-stage-Inquiry']").TextContent.Should().Contain("Contact type declared");
        cut.FindAll("[data-testid='revision-entry']").Should().HaveCount(RevisionTimeline.PageSize, "the history opens on its newest entries");
        // Entries written in one instant (the opening and its due dates) have no order among themselves: open them all.
        while (cut.FindAll("[data-testid='revision-older']").Count > 0)
        {
            cut.Find("[data-testid='revision-older']").Click();
        }
        cut.FindAll("[data-testid='revision-entry']").Select(e => e.GetAttribute("data-kind"))
            .Should().Contain(["OnboardingCreated", "ItemChanged", "StageMoved"]);
    }

    [Fact]
    public async Task An_idle_page_keeps_MudBlazor_components_for_its_export_menu_only()
    {
        var cut = await RenderPageAsync();

        // An open page keeps every component it renders in the server's memory for as long as it is open.
        var kept = cut.FindComponents<MudComponentBase>().Select(c => c.Instance.GetType().Name).ToList();
        kept.Should().NotContain(["MudSwitch`1", "MudProgressLinear", "MudText", "MudAlert", "MudChip`1", "MudTooltip"]);
        kept.Count(n => n == "MudButton").Should().Be(1, "the export menu's own button; the moves are native buttons");
        cut.FindComponents<OutcomeAlert>().Should().BeEmpty("no move was refused");
        cut.Find("[data-testid='progress-text']").TextContent.Should().MatchRegex(@"^\d+ / \d+$");
        cut.Find("[data-testid='onboarding-header'] [data-testid='stage-chip']").GetAttribute("data-stage").Should().Be("Trial");
        cut.Find("[data-testid='checklist-only-mine']").GetAttribute("role").Should().Be("switch");
        cut.Find("[data-testid='checklist-only-mine']").GetAttribute("aria-checked").Should().Be("false");
        cut.Find("[data-testid='checklist-only-mine']").Change(true);
        cut.Find("[data-testid='checklist-only-mine']").GetAttribute("aria-checked").Should().Be("true");
        cut.Find("label.mud-switch").KeyDown(new KeyboardEventArgs { Key = "ArrowLeft" });
        cut.Find("[data-testid='checklist-only-mine']").GetAttribute("aria-checked").Should().Be("false", "MudSwitch's keys are kept");
        cut.Find("label.mud-switch").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        cut.Find("[data-testid='checklist-only-mine']").GetAttribute("aria-checked").Should().Be("true");
    }

    [Fact]
    public async Task The_stepper_and_the_health_are_read_without_components_of_their_own()
    {
        var cut = await RenderPageAsync();

        // Only read: blocks of the page's HTML (an open page keeps every component in the server's memory).
        cut.FindComponents<StageStepper>().Should().BeEmpty("an onboarding on its way has no hold or cancellation note");
        cut.FindComponents<HealthPanel>().Should().BeEmpty();
        cut.Find("[data-testid='stage-stepper']").GetAttribute("aria-label").Should().NotBeNullOrEmpty();
        cut.Find("[data-testid='stage-step-Trial']").GetAttribute("aria-current").Should().Be("step");
        cut.Find("[data-testid='stage-step-Inquiry']").GetAttribute("data-state").Should().Be("Passed");
        cut.Find("[data-testid='health-panel']").GetAttribute("data-health").Should().NotBeNullOrEmpty();
        cut.Find("[data-testid='moves-bar'] hr.mud-divider").Should().NotBeNull("the divider above the moves stays");
        cut.Find("[data-testid='back-to-list']").GetAttribute("href").Should().Be("/onboardings");
    }

    [Fact]
    public async Task Stages_other_than_the_current_one_fold_to_one_line_and_open_on_request()
    {
        var cut = await RenderPageAsync();

        var inquiry = cut.Find("[data-testid='checklist-stage-Inquiry']");
        inquiry.GetAttribute("data-folded").Should().Be("true");
        inquiry.TextContent.Should().Contain("Passed").And.NotContain("Contact type declared");
        inquiry.QuerySelectorAll("[data-testid^='item-row-']").Should().BeEmpty();
        cut.Find("[data-testid='checklist-stage-Trial']").GetAttribute("data-folded").Should().Be("false");
        cut.Find("[data-testid='checklist-stage-GoLive']").GetAttribute("data-folded").Should().Be("true", "later stages are folded too");

        cut.Find("[data-testid='stage-toggle-Inquiry']").Click();

        cut.Find("[data-testid='checklist-stage-Inquiry']").GetAttribute("data-folded").Should().Be("false");
        cut.FindAll("[data-testid='checklist-stage-Inquiry'] [data-testid^='item-row-']").Should().NotBeEmpty();
        cut.Find("[data-testid='stage-toggle-Inquiry']").GetAttribute("aria-expanded").Should().Be("true");
    }

    [Fact]
    public async Task A_passed_stages_folded_line_says_who_passed_the_gate_and_when_in_the_readers_time_zone()
    {
        JSInterop.SetupModule("./js/workspace.js").Setup<string?>("timeZone").SetResult("Asia/Shanghai");

        var cut = await RenderPageAsync();

        // Inquiry was passed by its gate owner (a team admin starting the trial) at 10:00 UTC: 18:00 in Shanghai.
        cut.WaitForAssertion(() => cut.Find("[data-testid='stage-passed-by-Inquiry']").TextContent.Trim()
            .Should().Be($"Passed by {Actors.TeamAdmin.DisplayName} on 2026-11-20 18:00"));
        cut.Find("[data-testid='checklist-stage-Inquiry']").GetAttribute("data-folded").Should().Be("true");
        cut.FindAll("[data-testid='stage-passed-by-Trial']").Should().BeEmpty("the current stage is not passed");
        cut.FindAll("[data-testid='stage-passed-by-GoLive']").Should().BeEmpty("a later stage is not passed");
    }

    [Fact]
    public async Task An_items_completion_time_reads_in_the_readers_time_zone_as_the_rest_of_the_page()
    {
        JSInterop.SetupModule("./js/workspace.js").Setup<string?>("timeZone").SetResult("Asia/Shanghai");
        var onboarding = new OnboardingBuilder().At(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc)).AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey(RateLimit);
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.StatusCode },
            Actors.TechLead, new DateTime(2026, 3, 1, 20, 30, 0, DateTimeKind.Utc));
        _id = (await Data.AddAsync(onboarding)).Id;

        var cut = RenderMud<OnboardingDetail>(p => p.Add(x => x.Id, _id));

        // Completed at 20:30 UTC on 1 March: 04:30 on 2 March in Shanghai, written as the page writes its other times.
        cut.WaitForAssertion(() => Row(cut, RateLimit).QuerySelector("[data-testid='item-completed']")!.TextContent.Trim()
            .Should().Be($"{Actors.TechLead.DisplayName}, 2026-03-02 04:30"));
    }

    [Fact]
    public async Task A_passed_stages_line_reads_in_chinese_too()
    {
        UseCulture("zh-CN");
        JSInterop.SetupModule("./js/workspace.js").Setup<string?>("timeZone").SetResult("Asia/Shanghai");

        var cut = await RenderPageAsync();

        cut.WaitForAssertion(() => cut.Find("[data-testid='stage-passed-by-Inquiry']").TextContent.Trim()
            .Should().Be($"{Actors.TeamAdmin.DisplayName} 于 2026-11-20 18:00 通过"));
    }

    [Fact]
    public async Task Only_my_items_shows_the_items_of_the_readers_roles_and_assignments()
    {
        var cut = await RenderPageAsync();
        var trial = (await StoredAsync()).ItemsOf(Stage.Trial).ToArray();
        trial.Should().Contain(i => i.OwnerRole != Role.TechLead, "the stage has items of other roles to hide");

        cut.Find("input[data-testid='checklist-only-mine'], [data-testid='checklist-only-mine'] input").Change(true);

        var shown = cut.FindAll("[data-testid='checklist-stage-Trial'] [data-testid^='item-row-']")
            .Select(r => r.GetAttribute("data-testid")!["item-row-".Length..]).ToArray();
        shown.Should().BeEquivalentTo(trial.Where(i => i.OwnerRole == Role.TechLead).Select(i => i.Key));
    }

    [Fact]
    public async Task A_notifications_link_to_an_item_names_that_items_row_on_the_page()
    {
        var cut = await RenderPageAsync();
        var stored = await StoredAsync();
        var item = stored.Items.Single(i => i.Key == RateLimit);
        var link = new App.Notifications.NotificationEvent(App.Notifications.NotificationKind.ItemAssigned, _id, "Acme Robotics",
            item.Id, item.Key, "Rate limit", Stage.Trial, null, "someone", "Someone", [], []).Link;

        link.Should().StartWith($"/onboardings/{_id}#");
        var fragment = link[(link.IndexOf('#') + 1)..];
        cut.Find($"[id='{fragment}']").GetAttribute("data-testid").Should().Be($"item-row-{RateLimit}");
    }

    [Fact]
    public async Task A_person_without_a_role_is_told_so_and_sees_nothing_of_the_onboarding()
    {
        await SeedAsync();
        SignIn(Actors.With());

        var cut = RenderMud<OnboardingDetail>(p => p.Add(x => x.Id, _id));

        cut.WaitForElement("[data-testid='may-not-read']");
        cut.Markup.Should().NotContain("Acme Robotics");
    }

    [Fact]
    public async Task The_open_page_listens_to_its_own_onboarding_only_and_stops_when_closed()
    {
        var cut = await RenderPageAsync();
        var other = await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var notifier = Services.GetRequiredService<ChangeNotifier>();

        notifier.SubscribersTo(_id).Should().Be(1);
        notifier.SubscribersTo(other.Id).Should().Be(0, "a change of another onboarding reaches this page no more");

        var item = other.ItemByKey(RateLimit);
        (await ServiceOf(Actors.TeamAdmin).UpdateItemAsync(other.Id, item.Id, item.Version, await LiWeiAssignedAsync(item), Cancel))
            .Succeeded.Should().BeTrue();
        cut.FindAll("[data-testid='updated-by-someone-else']").Should().BeEmpty();

        await DisposeComponentsAsync();

        notifier.SubscribersTo(_id).Should().Be(0);
    }

    [Fact]
    public async Task The_history_keeps_its_newest_entries_reads_older_ones_when_asked_and_a_change_shows_at_its_top()
    {
        var cut = await RenderPageAsync();
        int total;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel))
        {
            total = await db.Revisions.CountAsync(r => r.OnboardingId == _id, Cancel);
        }
        total.Should().BeGreaterThan(RevisionTimeline.PageSize);
        var page = RevisionTimeline.PageSize;
        const string Entries = "[data-testid='revision-entry']";

        cut.FindAll(Entries).Should().HaveCount(page);
        cut.Find("[data-testid='revision-older']").TextContent.Should().Contain($"Show {Math.Min(page, total - page)} older (of {total - page})");

        cut.Find("[data-testid='revision-older']").Click();
        cut.WaitForAssertion(() => cut.FindAll(Entries).Should().HaveCount(Math.Min(total, 2 * page), "the older ones are read from the log"));
        cut.FindAll(Entries).Select(e => e.TextContent).Should().OnlyHaveUniqueItems();

        // Someone else changes an item: the newest entries are read again, the older ones shown stay shown.
        var item = (await StoredAsync()).ItemByKey(RateLimit);
        (await ServiceOf(Actors.TeamAdmin).UpdateItemAsync(_id, item.Id, item.Version, await LiWeiAssignedAsync(item), Cancel))
            .Succeeded.Should().BeTrue();
        cut.WaitForAssertion(() => cut.Find(Entries).TextContent.Should().Contain("Li Wei"));
        cut.WaitForAssertion(() => cut.FindAll(Entries).Should().HaveCount(Math.Min(total + 1, 2 * page)));
        var remaining = total + 1 - Math.Min(total + 1, 2 * page);
        if (remaining > 0)
        {
            cut.Find("[data-testid='revision-older']").TextContent.Should().Contain($"(of {remaining})");
        }
        else
        {
            cut.FindAll("[data-testid='revision-older']").Should().BeEmpty();
        }
    }

    [Fact]
    public async Task The_header_offers_the_export_menu()
    {
        var cut = await RenderPageAsync();

        cut.Find("[data-testid='onboarding-header'] [data-testid='export-menu']").Should().NotBeNull();
    }

    [Fact]
    public async Task Someone_elses_change_reloads_the_page_keeps_what_is_typed_and_a_conflict_reloads_keeping_it()
    {
        var cut = await RenderPageAsync();
        Row(cut, RateLimit).QuerySelector("[data-testid='item-edit']")!.Click();
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ItemStatus>>().Instance.SelectOption(ItemStatus.Done));
        cut.Find("[data-testid='item-evidence']").Input(ValidEvidence.StatusCode);

        // A team admin assigns the same item meanwhile.
        var item = (await StoredAsync()).ItemByKey(RateLimit);
        var theirs = await ServiceOf(Actors.TeamAdmin).UpdateItemAsync(_id, item.Id, item.Version, await LiWeiAssignedAsync(item), Cancel);
        theirs.Succeeded.Should().BeTrue(theirs.Message);

        cut.WaitForAssertion(() => cut.Find("[data-testid='updated-by-someone-else']"));
        cut.Find("[data-testid='updated-by-someone-else']").TextContent
            .Should().Contain($"{Actors.TeamAdmin.DisplayName} changed Rate limit (429) handled at ", "the banner says who changed what");
        Row(cut, RateLimit).QuerySelector("[data-testid='item-assignee-text']")!.TextContent.Should().Be("Li Wei");
        Row(cut, RateLimit).QuerySelector("[data-testid='updated-elsewhere']").Should().NotBeNull();
        cut.Find("[data-testid='item-evidence']").GetAttribute("value").Should().Be(ValidEvidence.StatusCode, "what the person typed is kept");

        cut.Find("[data-testid='item-save']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("Conflict"));
        cut.Find("[data-testid='outcome-conflicts']").TextContent.Should().Contain("Assignee").And.Contain("Li Wei");

        cut.Find("[data-testid='reload-keep-typed']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='outcome-alert']").Should().BeEmpty());
        cut.WaitForAssertion(() => Row(cut, RateLimit).QuerySelector("[data-testid='updated-elsewhere']").Should().BeNull("the draft now starts from what is stored"));
        cut.Find("[data-testid='item-evidence']").GetAttribute("value").Should().Be(ValidEvidence.StatusCode);
        cut.Find("[data-testid='item-save']").Click();

        cut.WaitForAssertion(() => Row(cut, RateLimit).GetAttribute("data-status").Should().Be("Done"));
        Row(cut, RateLimit).QuerySelector("[data-testid='item-editor']").Should().BeNull("the editor closes once saved");
        var stored = (await StoredAsync()).ItemByKey(RateLimit);
        stored.Status.Should().Be(ItemStatus.Done);
        stored.Evidence.Should().Be(ValidEvidence.StatusCode);
        stored.AssigneeName.Should().Be("Li Wei", "saving again keeps the other person's change to what this person did not touch");
        stored.CompletedByName.Should().Be(Actors.TechLead.DisplayName);
    }

    [Fact]
    public async Task A_secret_in_a_field_is_refused_and_the_masked_text_replaces_only_that_field()
    {
        var cut = await RenderPageAsync();
        var before = (await StoredAsync()).Details;
        cut.Find("[data-testid='package-edit-Technical']").Click();
        cut.Find("[data-testid='input-BaseUrl']").Input("https://gateway.acme-robotics.example/v1");
        cut.Find("[data-testid='input-TestPlan']").Input("curl -H \"Authorization: Bearer sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r\" /v1/models");

        cut.Find("[data-testid='package-save-Technical']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("SecretFound"));
        cut.Find("[data-testid='secret-TestPlan']").TextContent.Should().Contain("Found in Test plan:").And.Contain("Authorization header at character 10");
        (await StoredAsync()).Details.BaseUrl.Should().Be(before.BaseUrl, "nothing is saved while a secret is in the input");

        cut.Find("[data-testid='use-masked-TestPlan']").Click();

        cut.Find("[data-testid='input-TestPlan']").GetAttribute("value").Should().Be("curl -H \"Authorization: Bearer sk-Q7fK**********kX8r\" /v1/models");
        cut.Find("[data-testid='input-BaseUrl']").GetAttribute("value").Should().Be("https://gateway.acme-robotics.example/v1");
        cut.Find("[data-testid='package-save-Technical']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='field-TestPlan']").TextContent.Should().Contain("sk-Q7fK**********kX8r"));
        var details = (await StoredAsync()).Details;
        details.TestPlan.Should().Be("curl -H \"Authorization: Bearer sk-Q7fK**********kX8r\" /v1/models");
        details.BaseUrl.Should().Be("https://gateway.acme-robotics.example/v1");
        details.Sdk.Should().Be(before.Sdk, "fields the person did not touch are not rewritten");
    }

    [Fact]
    public async Task A_hold_asks_for_a_reason_keeps_it_when_refused_and_shows_where_the_onboarding_stopped()
    {
        SignIn(Actors.TeamAdmin);
        Data.Clock.UtcNow = TestClock.Later();
        var dialogs = Dialogs;
        var cut = await RenderPageAsync();

        cut.Find("[data-testid='more-moves'] button").Click();
        Popovers.Find("[data-testid='move-Hold']").Click();
        dialogs.WaitForElement("[data-testid='dialog-confirm']").Click();
        dialogs.Find("[data-testid='move-dialog'], .mud-dialog").TextContent.Should().Contain("Say why, in words: Put on hold needs a reason.");

        dialogs.Find("[data-testid='dialog-reason-input']").Input("Waiting for budget; admin password=Hunter2Hunter2");
        dialogs.Find("[data-testid='dialog-confirm']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("SecretFound"));
        dialogs.Find("[data-testid='dialog-reason-input']").GetAttribute("value").Should().Be("Waiting for budget; admin password=Hunter2Hunter2");
        (await StoredAsync()).Stage.Should().Be(Stage.Trial);

        dialogs.Find("[data-testid='use-masked-Reason']").Click();
        dialogs.Find("[data-testid='dialog-confirm']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='stepper-on-hold']").TextContent.Should().Contain("left Trial"));
        cut.Find("[data-testid='stage-step-Trial']").GetAttribute("data-state").Should().Be("Held");
        var stored = await StoredAsync();
        stored.Stage.Should().Be(Stage.OnHold);
        stored.HoldReason.Should().StartWith("Waiting for budget; admin password=").And.Contain("**********").And.NotContain("Hunter2Hunter2");
        cut.FindAll("[data-testid='move-Resume']").Should().ContainSingle().Which.GetAttribute("data-allowed").Should().Be("true");
        var newest = cut.FindAll("[data-testid='revision-entry']")[0];
        newest.GetAttribute("data-kind").Should().Be("StageMoved", "the history shows the newest change first");
        newest.TextContent.Should().Contain("Put on hold").And.Contain("Trial → On hold").And.NotContain("Hunter2Hunter2");
    }

    [Fact]
    public async Task A_move_refused_because_the_stage_changed_meanwhile_reloads_in_the_dialog_keeping_the_reason()
    {
        var dialogs = await OpenMoveDialogAsync("Cancel", "Customer chose another provider");

        // Another team admin puts it on hold meanwhile: Cancel is still possible, from On hold.
        var theirs = await ServiceOf(Actors.TeamAdmin).FireAsync(_id, Move.Hold, Stage.Trial, "Waiting for budget", Cancel);
        theirs.Succeeded.Should().BeTrue(theirs.Message);

        ConfirmIntoConflict(dialogs);
        (await StoredAsync()).Stage.Should().Be(Stage.OnHold);

        dialogs.Find("[data-testid='reload-keep-typed']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='outcome-alert']").Should().BeEmpty());
        dialogs.FindAll("[data-testid='move-dialog']").Should().ContainSingle("reloading keeps the dialog open");
        dialogs.Find("[data-testid='dialog-reason-input']").GetAttribute("value").Should().Be("Customer chose another provider", "what was typed is kept");
        dialogs.Find("[data-testid='dialog-confirm']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='move-dialog']").Should().BeEmpty());
        var stored = await StoredAsync();
        stored.Stage.Should().Be(Stage.Cancelled, "the move is made from the stage read again");
        stored.CancelReason.Should().Be("Customer chose another provider");
    }

    [Fact]
    public async Task A_move_no_longer_possible_from_the_stage_reloaded_is_said_and_the_reason_stays()
    {
        var dialogs = await OpenMoveDialogAsync("Hold", "Waiting for the contract");

        // Another team admin cancels it meanwhile: nothing can be put on hold from Cancelled.
        var theirs = await ServiceOf(Actors.TeamAdmin).FireAsync(_id, Move.Cancel, Stage.Trial, "Customer left", Cancel);
        theirs.Succeeded.Should().BeTrue(theirs.Message);

        ConfirmIntoConflict(dialogs);
        dialogs.Find("[data-testid='reload-keep-typed']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='move-no-longer-possible']").TextContent
            .Should().Contain("Put on hold is no longer possible").And.Contain("Cancelled"));
        dialogs.Find("[data-testid='dialog-reason-input']").GetAttribute("value").Should().Be("Waiting for the contract", "what was typed is kept");
        dialogs.Find("[data-testid='dialog-confirm']").HasAttribute("disabled").Should().BeTrue("the move cannot be made from the stage read");
        (await StoredAsync()).Stage.Should().Be(Stage.Cancelled);
    }

    [Fact]
    public async Task A_support_name_changed_meanwhile_is_a_conflict_and_reloading_keeps_the_names_typed()
    {
        var cut = await RenderPageAsync();
        cut.Find("[data-testid='support-matrix-edit']").Click();
        cut.Find("[data-testid='support-input-ReadsLogs']").Input("Sun Hao");

        var other = ServiceOf(Actors.ReleaseOwner);
        (await other.AssignSupportAsync(_id, SupportResponsibility.ReadsLogs, "Wang Fang", Cancel)).Succeeded.Should().BeTrue();
        (await other.AssignSupportAsync(_id, SupportResponsibility.ManagesQuota, "Li Wei", Cancel)).Succeeded.Should().BeTrue();
        cut.WaitForAssertion(() => cut.Find("[data-testid='support-matrix'] [data-testid='updated-elsewhere']"));
        cut.Find("[data-testid='support-input-ReadsLogs']").GetAttribute("value").Should().Be("Sun Hao");

        cut.Find("[data-testid='support-matrix-save']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='support-matrix'] [data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("Conflict"));
        cut.Find("[data-testid='outcome-conflicts']").TextContent.Should().Contain("Reads logs").And.Contain("Sun Hao").And.Contain("Wang Fang");
        (await StoredAsync()).SupportMatrix.Single(a => a.Responsibility == SupportResponsibility.ReadsLogs).PersonName.Should().Be("Wang Fang");

        cut.Find("[data-testid='reload-keep-typed']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='support-input-ManagesQuota']").GetAttribute("value").Should().Be("Li Wei"));
        cut.Find("[data-testid='support-input-ReadsLogs']").GetAttribute("value").Should().Be("Sun Hao");
        cut.Find("[data-testid='support-matrix-save']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='support-name-ReadsLogs']").TextContent.Should().Be("Sun Hao"));
        var matrix = (await StoredAsync()).SupportMatrix.ToDictionary(a => a.Responsibility, a => a.PersonName);
        matrix[SupportResponsibility.ReadsLogs].Should().Be("Sun Hao");
        matrix[SupportResponsibility.ManagesQuota].Should().Be("Li Wei", "a name the person did not touch keeps the other person's value");
    }

    [Fact]
    public async Task A_comment_and_a_comment_edit_being_typed_survive_another_person_moving_the_stage_on()
    {
        const string typed = "Asked the customer for their retry policy";
        const string reworded = "429 at 10:02, retry-after 20 s";
        var onboarding = await Data.AddAsync(new OnboardingBuilder()
            .WithDetails(d => d.ForCustomer("Acme Robotics", "Acme Robotics (Shenzhen) Co., Ltd."))
            .AtStage(Stage.Trial).WithGateSatisfied().Build());
        _id = onboarding.Id;
        var comments = new ItemComments(Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), new SignedInActor { Current = Actors.TechLead },
            Services.GetRequiredService<ChangeNotifier>(), Data.Clock, NullLogger<ItemComments>.Instance);
        var posted = await comments.PostAsync(_id, onboarding.ItemByKey(RateLimit).Id, CommentVisibility.Internal, "429 at 10:02", Cancel);
        posted.Succeeded.Should().BeTrue(posted.Message);
        var cut = RenderMud<OnboardingDetail>(p => p.Add(x => x.Id, _id));
        cut.WaitForElement($"[data-testid='item-row-{RateLimit}']");

        Row(cut, RateLimit).QuerySelector("[data-testid='comments-toggle']")!.Click();
        cut.WaitForAssertion(() => Row(cut, RateLimit).QuerySelector("[data-testid='comment-edit']").Should().NotBeNull());
        Row(cut, RateLimit).QuerySelector(NewCommentBox)!.Input(typed);
        Row(cut, RateLimit).QuerySelector("[data-testid='comment-edit']")!.Click();
        cut.WaitForAssertion(() => Row(cut, RateLimit).QuerySelector(EditCommentBox).Should().NotBeNull());
        Row(cut, RateLimit).QuerySelector(EditCommentBox)!.Input(reworded);

        // Another tech lead confirms the trial meanwhile: the page reloads live and Trial folds.
        var heNa = new ActorBuilder().WithId("he-na").WithRoles(Role.TechLead).Build();
        var moved = await ServiceOf(heNa).FireAsync(_id, Move.ConfirmTrial, Stage.Trial, cancellationToken: Cancel);
        moved.Succeeded.Should().BeTrue(moved.Message);
        cut.WaitForAssertion(() => cut.Find("[data-testid='checklist-stage-CommercialConfirmation']").GetAttribute("data-folded").Should().Be("false"));
        cut.Find("[data-testid='checklist-stage-Trial']").GetAttribute("data-folded").Should().Be("true");

        cut.Find("[data-testid='stage-toggle-Trial']").Click();
        cut.WaitForAssertion(() => Typed(cut, NewCommentBox).Should().Be(typed, "the comment being typed is kept by the page, as an item's draft is"));
        Typed(cut, EditCommentBox).Should().Be(reworded, "so is the edit being typed");
        Row(cut, RateLimit).QuerySelector("[data-testid='comments-toggle']")!.GetAttribute("aria-expanded").Should().Be("true");
    }

    /// <summary>The boxes of a thread's new comment and of the edit of one (MudTextField puts the test id on its textarea).</summary>
    private const string NewCommentBox = "[data-testid='comment-new-text'] textarea, textarea[data-testid='comment-new-text']";

    private const string EditCommentBox = "[data-testid='comment-edit-text'] textarea, textarea[data-testid='comment-edit-text']";

    /// <summary>What the rate-limit row's box shows; null when the box is not there.</summary>
    private static string? Typed(IRenderedComponent<OnboardingDetail> cut, string box) =>
        Row(cut, RateLimit).QuerySelector(box)?.GetAttribute("value");

    /// <summary>As a team admin, opens the move's dialog from the page's menu of moves and types the reason.</summary>
    private async Task<IRenderedComponent<MudBlazor.MudDialogProvider>> OpenMoveDialogAsync(string move, string reason)
    {
        SignIn(Actors.TeamAdmin);
        Data.Clock.UtcNow = TestClock.Later();
        var dialogs = Dialogs;
        var cut = await RenderPageAsync();
        cut.Find("[data-testid='more-moves'] button").Click();
        Popovers.Find($"[data-testid='move-{move}']").Click();
        dialogs.WaitForElement("[data-testid='dialog-reason-input']").Input(reason);
        return dialogs;
    }

    /// <summary>Confirms the dialog's move and waits for its conflict (the onboarding was moved meanwhile).</summary>
    private static void ConfirmIntoConflict(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs)
    {
        dialogs.Find("[data-testid='dialog-confirm']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("Conflict"));
    }
}
