using Microsoft.AspNetCore.Components;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Security;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MyItemsPage = Alltkn.Handoff.App.Components.Pages.MyItems.MyItems;

namespace Alltkn.Handoff.Tests.Components.MyItems;

public sealed class MyItemsPageTests : PageTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now);

    public MyItemsPageTests()
    {
        Services.AddSupplyValueFromQueryProvider();
        AddBunitPersistentComponentState();
    }

    /// <summary>Acme at Trial: rate limit overdue by two days, stream due in three, payment method (Finance's) assigned to the tech lead.</summary>
    private async Task<Onboarding> AcmeAtTrialAsync()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        void Due(string key, DateOnly? due, string? assigneeId = null, string? assigneeName = null)
        {
            var item = onboarding.ItemByKey(key);
            onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with
            {
                DueDate = due,
                AssigneeUserId = assigneeId ?? item.AssigneeUserId,
                AssigneeName = assigneeName ?? item.AssigneeName,
            }, Actors.TeamAdmin, TestClock.Now);
        }
        Due("trial.rate-limit", Today.AddDays(-2));
        Due("trial.stream", Today.AddDays(3));
        Due("commercial.payment-method", Today.AddDays(30), Actors.TechLead.UserId, Actors.TechLead.DisplayName);
        return await Data.AddAsync(onboarding);
    }

    private static IElement Row(IRenderedComponent<MyItemsPage> cut, Onboarding onboarding, string key) =>
        cut.Find($"tr[data-item-id='{onboarding.ItemByKey(key).Id}']");

    private void ChooseStatus(IRenderedComponent<MyItemsPage> cut, Onboarding onboarding, string key, ItemStatus status)
    {
        Row(cut, onboarding, key).QuerySelector("button")!.Click();
        Popovers.WaitForAssertion(() => Popovers.Find($"[data-testid='status-{status}']").Click());
    }

    [Fact]
    public async Task Items_of_my_roles_and_items_assigned_to_me_are_grouped_by_due_date()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);

        var cut = RenderMud<MyItemsPage>();

        cut.Find("[data-testid='bucket-Overdue']").TextContent.Should().Contain("Rate limit (429) handled");
        cut.Find("[data-testid='bucket-ThisWeek']").TextContent.Should().Contain("Streaming response verified");
        var later = cut.Find("[data-testid='bucket-Later']");
        later.TextContent.Should().Contain("Payment method");
        later.QuerySelector("[data-testid='assigned-to-me']").Should().NotBeNull();
        var shown = cut.FindAll("tr[data-testid='my-item']").Select(r => r.GetAttribute("data-item-id")).ToHashSet();
        var expected = onboarding.Items
            .Where(i => !i.IsSettled && (i.OwnerRole == Role.TechLead || i.AssigneeUserId == Actors.TechLead.UserId))
            .Select(i => i.Id.ToString());
        shown.Should().BeEquivalentTo(expected, "only items owned by my roles or assigned to me, not yet settled");
        cut.FindAll("section[data-testid^='bucket-']").Select(s => s.GetAttribute("data-testid")).Should()
            .Equal("bucket-Overdue", "bucket-ThisWeek", "bucket-Later", "bucket-NoDueDate");
    }

    [Fact]
    public async Task Choosing_in_progress_saves_at_once()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var cut = RenderMud<MyItemsPage>();

        ChooseStatus(cut, onboarding, "trial.stream", ItemStatus.InProgress);

        cut.WaitForAssertion(() => Row(cut, onboarding, "trial.stream").GetAttribute("data-status").Should().Be(nameof(ItemStatus.InProgress)));
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.stream").Status.Should().Be(ItemStatus.InProgress);
    }

    [Fact]
    public async Task Done_asks_for_evidence_and_a_refusal_keeps_what_was_typed()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var dialogs = Dialogs;
        var cut = RenderMud<MyItemsPage>();

        ChooseStatus(cut, onboarding, "trial.rate-limit", ItemStatus.Done);
        dialogs.WaitForAssertion(() => dialogs.Find("textarea[data-testid='status-evidence']").Input("It looked fine"));
        dialogs.Find("[data-testid='status-dialog-save']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='status-dialog-error']").TextContent.Should()
            .Contain("'Rate limit (429) handled': give the observed status code (for example 429) with the time and the model."));
        dialogs.Find("textarea[data-testid='status-evidence']").GetAttribute("value").Should().Be("It looked fine");
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.rate-limit").Status.Should().Be(ItemStatus.Open);

        dialogs.Find("textarea[data-testid='status-evidence']").Input(ValidEvidence.StatusCode);
        dialogs.Find("[data-testid='status-dialog-save']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='item-status-dialog']").Should().BeEmpty());
        var stored = (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.rate-limit");
        stored.Status.Should().Be(ItemStatus.Done);
        stored.Evidence.Should().Be(ValidEvidence.StatusCode);
        cut.WaitForAssertion(() => cut.FindAll($"tr[data-item-id='{stored.Id}']").Should().BeEmpty("done items leave the open list"));
    }

    [Fact]
    public async Task A_key_typed_as_evidence_is_refused_and_the_masked_form_offered()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TeamAdmin);
        var dialogs = Dialogs;
        var cut = RenderMud<MyItemsPage>();
        var key = new FakeSecrets(7).RelayKey();

        ChooseStatus(cut, onboarding, "trial.account-key-ownership", ItemStatus.Done);
        dialogs.WaitForAssertion(() => dialogs.Find("textarea[data-testid='status-evidence']").Input($"ops@acme.example, group prod, {key}"));
        dialogs.Find("[data-testid='status-dialog-save']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='status-dialog-error']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.SecretFound)));
        dialogs.Find("[data-testid='use-masked']").Click();
        var masked = dialogs.Find("textarea[data-testid='status-evidence']").GetAttribute("value");
        masked.Should().StartWith("ops@acme.example, group prod, sk-").And.NotContain(key).And.Contain("**********");
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.account-key-ownership").Evidence.Should().BeNull();
    }

    [Fact]
    public async Task Blocked_asks_for_what_blocks_it()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var dialogs = Dialogs;
        var cut = RenderMud<MyItemsPage>();

        ChooseStatus(cut, onboarding, "trial.stream", ItemStatus.Blocked);
        dialogs.WaitForAssertion(() => dialogs.Find("textarea[data-testid='status-reason']").Input("Customer's proxy strips SSE"));
        dialogs.Find("[data-testid='status-dialog-save']").Click();

        cut.WaitForAssertion(() => Row(cut, onboarding, "trial.stream").GetAttribute("data-status").Should().Be(nameof(ItemStatus.Blocked)));
        Row(cut, onboarding, "trial.stream").TextContent.Should().Contain("Reason: Customer's proxy strips SSE");
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.stream").StatusReason.Should().Be("Customer's proxy strips SSE");
    }

    [Fact]
    public async Task Not_applicable_is_offered_only_to_team_admins()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var cut = RenderMud<MyItemsPage>();

        Row(cut, onboarding, "trial.stream").QuerySelector("button")!.Click();

        Popovers.WaitForAssertion(() => Popovers.Find("[data-testid='status-InProgress']"));
        Popovers.FindAll("[data-testid='status-NotApplicable']").Should().BeEmpty();
        Popovers.FindAll("[data-testid='status-Open']").Should().BeEmpty("Open is the status it has");
    }

    [Fact]
    public async Task An_item_assigned_to_me_but_owned_by_another_role_shows_its_status_without_a_menu()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);

        var cut = RenderMud<MyItemsPage>();

        var row = Row(cut, onboarding, "commercial.payment-method");
        row.QuerySelector("button").Should().BeNull();
        row.QuerySelector("[data-testid='item-status']")!.TextContent.Should().Contain("Open");
    }

    [Fact]
    public async Task A_change_someone_else_saved_first_is_a_conflict_and_leaving_the_dialog_then_reloads_the_page()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var dialogs = Dialogs;
        var cut = RenderMud<MyItemsPage>();
        await Data.ChangeQuietlyAsync(onboarding.Id, o =>
        {
            var item = o.ItemByKey("trial.stream");
            o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.InProgress }, Actors.TechLead, TestClock.Later());
        });

        ChooseStatus(cut, onboarding, "trial.stream", ItemStatus.Blocked);
        dialogs.WaitForAssertion(() => dialogs.Find("textarea[data-testid='status-reason']").Input("Waiting for the customer"));
        dialogs.Find("[data-testid='status-dialog-save']").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='status-dialog-error']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));
        dialogs.Find("textarea[data-testid='status-reason']").GetAttribute("value").Should().Be("Waiting for the customer");
        dialogs.Find("[data-testid='status-dialog-cancel']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='item-status-dialog']").Should().BeEmpty());
        cut.WaitForAssertion(() => Row(cut, onboarding, "trial.stream").GetAttribute("data-status").Should().Be(nameof(ItemStatus.InProgress)));
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.stream").Status.Should().Be(ItemStatus.InProgress);
    }

    [Fact]
    public async Task A_conflict_reloads_the_item_keeping_the_evidence_typed_and_saves_it_on_the_next_try()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var dialogs = Dialogs;
        var cut = RenderMud<MyItemsPage>();
        var due = Today.AddDays(9);
        await Data.ChangeQuietlyAsync(onboarding.Id, o =>
        {
            var item = o.ItemByKey("trial.rate-limit");
            o.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = due }, Actors.TeamAdmin, TestClock.Later());
        });

        ChooseStatus(cut, onboarding, "trial.rate-limit", ItemStatus.Done);
        dialogs.WaitForAssertion(() => dialogs.Find("textarea[data-testid='status-evidence']").Input(ValidEvidence.StatusCode));
        dialogs.Find("[data-testid='status-dialog-save']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='status-dialog-error']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));

        dialogs.Find("[data-testid='status-dialog-reload']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='status-dialog-error']").Should().BeEmpty());
        dialogs.FindAll("[data-testid='item-status-dialog']").Should().ContainSingle("reloading keeps the dialog open");
        dialogs.Find("textarea[data-testid='status-evidence']").GetAttribute("value").Should().Be(ValidEvidence.StatusCode, "what was typed is kept");
        dialogs.Find("[data-testid='status-dialog-save']").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid='item-status-dialog']").Should().BeEmpty());
        var stored = (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.rate-limit");
        stored.Status.Should().Be(ItemStatus.Done);
        stored.Evidence.Should().Be(ValidEvidence.StatusCode);
        stored.DueDate.Should().Be(due, "the change saved meanwhile is not undone");
    }

    [Fact]
    public async Task A_quick_change_on_a_stale_row_shows_the_conflict_and_reloads_on_request()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var cut = RenderMud<MyItemsPage>();
        await Data.ChangeQuietlyAsync(onboarding.Id, o =>
        {
            var item = o.ItemByKey("trial.stream");
            o.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = Today.AddDays(1) }, Actors.TeamAdmin, TestClock.Later());
        });

        ChooseStatus(cut, onboarding, "trial.stream", ItemStatus.InProgress);

        cut.WaitForAssertion(() => cut.Find("[data-testid='my-items-error']").GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));
        cut.Find("[data-testid='my-items-error']").TextContent.Should().Contain("Someone else saved a change to the same thing since you opened it");
        cut.Find("[data-testid='my-items-reload']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='my-items-error']").Should().BeEmpty());
        Row(cut, onboarding, "trial.stream").GetAttribute("data-status").Should().Be(nameof(ItemStatus.Open));
        (await Data.LoadAsync(onboarding.Id)).ItemByKey("trial.stream").Status.Should().Be(ItemStatus.Open);
    }

    [Fact]
    public async Task A_change_saved_elsewhere_shows_without_a_reload()
    {
        var onboarding = await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        var cut = RenderMud<MyItemsPage>();
        var item = onboarding.ItemByKey("trial.main-models");

        var outcome = await Services.GetRequiredService<OnboardingService>().UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.InProgress }, Xunit.TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        cut.WaitForAssertion(() => Row(cut, onboarding, "trial.main-models").GetAttribute("data-status").Should().Be(nameof(ItemStatus.InProgress)));
    }

    [Fact]
    public async Task Showing_settled_items_too_adds_the_done_group()
    {
        await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        SignIn(Actors.TechLead);
        var cut = RenderMud<MyItemsPage>();
        cut.FindAll("[data-testid='bucket-Settled']").Should().BeEmpty();

        cut.Find("input[data-testid='include-settled']").Change(true);

        cut.WaitForAssertion(() => cut.Find("[data-testid='bucket-Settled']").TextContent.Should().Contain("Prepared first"));
    }

    [Fact]
    public async Task A_viewer_with_nothing_assigned_is_told_nothing_waits()
    {
        await AcmeAtTrialAsync();
        SignIn(Actors.Viewer);

        var cut = RenderMud<MyItemsPage>();

        cut.Find("[data-testid='my-items-scope']").TextContent.Should().Contain("Items assigned to you");
        cut.Find("[data-testid='my-items-empty']").TextContent.Should().Contain("Nothing is waiting for you.");
    }

    [Fact]
    public async Task Chinese_readers_get_the_groups_and_titles_in_Chinese()
    {
        await AcmeAtTrialAsync();
        SignIn(Actors.TechLead);
        UseCulture("zh-CN");

        var cut = RenderMud<MyItemsPage>();

        cut.Find("h1").TextContent.Should().Be("我的事项");
        cut.Find("[data-testid='bucket-Overdue'] h2").TextContent.Should().Contain("已逾期");
        cut.Find("[data-testid='bucket-ThisWeek'] h2").TextContent.Should().Contain("7 天内到期");
    }

    [Fact]
    public void A_person_without_a_role_is_told_so_rather_than_that_nothing_waits_for_them()
    {
        SignIn(Actors.With());

        var cut = RenderMud<MyItemsPage>();

        cut.WaitForElement("[data-testid='may-not-read']").TextContent.Should().Contain("no role");
        cut.Markup.Should().NotContain("Well done");
    }

    [Fact]
    public void No_one_signed_in_is_asked_to_sign_in()
    {
        SignIn(null);

        var cut = RenderMud<MyItemsPage>();

        cut.Find("[data-testid='my-items-signed-out']").TextContent.Should().Contain("Sign in");
    }

    [Fact]
    public async Task Many_items_show_the_most_urgent_first_page_with_the_rest_one_click_away_kept_in_the_address()
    {
        for (var i = 0; i < 5; i++)
        {
            await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i}")).AtStage(Stage.Trial).Build());
        }
        await AcmeAtTrialAsync();
        SignIn(new ActorBuilder().WithRoles(Role.TeamAdmin, Role.TechLead, Role.Finance, Role.ReleaseOwner).Build());

        var cut = RenderMud<MyItemsPage>();

        cut.FindAll("tr[data-testid='my-item']").Should().HaveCount(OnboardingQueries.MyItemsPageSize, "someone holding every role sees every open item, a page at a time");
        cut.Find("[data-testid='bucket-Overdue']").TextContent.Should().Contain("429", "the overdue item comes first, whatever else there is");
        cut.Find("[data-testid='my-items-shown']").TextContent.Should().Contain($"{OnboardingQueries.MyItemsPageSize} of");

        cut.Find("[data-testid='my-items-more']").Click();

        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri.Should().EndWith($"?show={2 * OnboardingQueries.MyItemsPageSize}");
        cut.WaitForAssertion(() => cut.FindAll("tr[data-testid='my-item']").Should().HaveCountGreaterThan(OnboardingQueries.MyItemsPageSize));
        for (var shown = 2 * OnboardingQueries.MyItemsPageSize; cut.FindAll("[data-testid='my-items-more']").Count > 0 && shown < 1000; shown += OnboardingQueries.MyItemsPageSize)
        {
            cut.Find("[data-testid='my-items-more']").Click();
            cut.WaitForAssertion(() => cut.FindAll("tr[data-testid='my-item']").Should().HaveCountGreaterThan(shown));
        }
        cut.FindAll("[data-testid='my-items-more']").Should().BeEmpty("every item is shown now");
        cut.Find("[data-testid='my-items-shown']").TextContent.Should().Contain($"{cut.FindAll("tr[data-testid='my-item']").Count} of {cut.FindAll("tr[data-testid='my-item']").Count}");
    }
}
