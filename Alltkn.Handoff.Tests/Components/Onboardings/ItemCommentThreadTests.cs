using Alltkn.Handoff.App.Comments;
using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Onboardings;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components.Onboardings;

/// <summary>
/// An item's comment thread on the onboarding page, over a real database: closed it is a count only; opened it shows
/// author, time and side; a person posts internal (the default) or shared; only the author's own comments offer an edit;
/// a pasted key is refused with the masked text offered; a comment posted elsewhere shows without a reload.
/// </summary>
public sealed class ItemCommentThreadTests : PageTestContext
{
    private const string RateLimit = "trial.rate-limit";

    private static readonly Actor TechLead = new ActorBuilder().WithId("user-li-wei").Named("Li Wei").WithRoles(Role.TechLead).Build();
    private static readonly Actor Finance = new ActorBuilder().WithId("user-zhou-fang").Named("Zhou Fang").WithRoles(Role.Finance).Build();

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private ItemComments CommentsAs(Actor actor) => new(
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), new SignedInActor { Current = actor },
        Services.GetRequiredService<ChangeNotifier>(), Data.Clock, NullLogger<ItemComments>.Instance);

    private async Task<HandoffItem> StoredItemAsync()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        return (await Data.LoadAsync(onboarding.Id)).ItemByKey(RateLimit);
    }

    private IRenderedComponent<ItemCommentThread> RenderThread(HandoffItem item, Actor actor)
    {
        SignIn(actor);
        return RenderMud<ItemCommentThread>(p => p.Add(t => t.Item, item).Add(t => t.Actor, actor));
    }

    private static void Type(IRenderedComponent<ItemCommentThread> cut, string testId, string text) =>
        cut.Find($"[data-testid='{testId}'] textarea, textarea[data-testid='{testId}']").Input(text);

    [Fact]
    public async Task Closed_it_shows_the_count_only_and_opened_it_shows_author_time_and_side()
    {
        var item = await StoredItemAsync();
        await CommentsAs(Finance).PostAsync(item.OnboardingId, item.Id, CommentVisibility.Internal, "Budget checked", Cancel);
        await CommentsAs(TechLead).PostAsync(item.OnboardingId, item.Id, CommentVisibility.SharedWithCustomer, "Please retry after 20 s", Cancel);

        var cut = RenderThread(item, TechLead);

        cut.FindComponents<MudComponentBase>().Should().BeEmpty("a closed thread keeps no MudBlazor component");
        cut.FindAll("[data-testid='comments-thread']").Should().BeEmpty();
        cut.Find("[data-testid='comments-toggle']").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment']").Should().HaveCount(2));
        var comments = cut.FindAll("[data-testid='comment']");
        comments[0].QuerySelector("[data-testid='comment-author']")!.TextContent.Should().Be("Zhou Fang");
        comments[0].QuerySelector("[data-testid='comment-visibility']")!.TextContent.Trim().Should().Be("Internal");
        comments[0].QuerySelector("[data-testid='comment-time']")!.TextContent
            .Should().Be(TestClock.Now.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC", "the browser said no time zone");
        comments[1].QuerySelector("[data-testid='comment-visibility']")!.TextContent.Trim().Should().Be("Shared with customer");
        comments[1].QuerySelector("[data-testid='comment-text']")!.TextContent.Should().Be("Please retry after 20 s");
        cut.Find("[data-testid='comments-toggle']").TextContent.Should().Contain("Comments (2)");
    }

    [Fact]
    public async Task Only_the_authors_own_comments_offer_an_edit_and_the_edit_is_saved()
    {
        var item = await StoredItemAsync();
        await CommentsAs(Finance).PostAsync(item.OnboardingId, item.Id, CommentVisibility.Internal, "Theirs", Cancel);
        await CommentsAs(TechLead).PostAsync(item.OnboardingId, item.Id, CommentVisibility.Internal, "Mine", Cancel);
        var cut = RenderThread(item, TechLead);
        cut.Find("[data-testid='comments-toggle']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment']").Should().HaveCount(2));

        var comments = cut.FindAll("[data-testid='comment']");
        comments[0].QuerySelectorAll("[data-testid='comment-edit']").Should().BeEmpty("Zhou Fang wrote it");
        comments[1].QuerySelectorAll("[data-testid='comment-edit']").Should().ContainSingle();

        cut.Find("[data-testid='comment-edit']").Click();
        Type(cut, "comment-edit-text", "Mine, reworded");
        cut.Find("[data-testid='comment-edit-save']").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment-text']").Select(t => t.TextContent).Should().Equal("Theirs", "Mine, reworded"));
        cut.FindAll("[data-testid='comment-edited']").Should().ContainSingle();
        var thread = await CommentsAs(TechLead).ThreadAsync(item.OnboardingId, item.Id, Cancel);
        thread.Select(c => c.Text).Should().Equal("Theirs", "Mine, reworded");
    }

    [Fact]
    public async Task After_an_edit_conflicts_the_comment_is_reloaded_keeping_what_was_typed_and_saving_then_succeeds()
    {
        var (item, cut) = await EditWhileTheAuthorRewordsItElsewhereAsync("Mine, typed here", "Mine, from the other tab");
        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("Conflict"));
        EditText(cut).Should().Be("Mine, typed here", "nothing typed is lost");

        cut.Find("[data-testid='reload-keep-typed']").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='outcome-alert']").Should().BeEmpty());
        EditText(cut).Should().Be("Mine, typed here", "reloading keeps what was typed");
        cut.Find("[data-testid='comment-reloaded']").TextContent.Should().Contain("Mine, from the other tab", "the person sees what they now replace");

        cut.Find("[data-testid='comment-edit-save']").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment-text']").Select(t => t.TextContent).Should().Equal("Mine, typed here"));
        var thread = await CommentsAs(TechLead).ThreadAsync(item.OnboardingId, item.Id, Cancel);
        thread.Single().Text.Should().Be("Mine, typed here");
    }

    [Fact]
    public async Task The_reload_after_an_edit_conflict_reads_in_chinese_too()
    {
        UseCulture("zh-CN");
        var (_, cut) = await EditWhileTheAuthorRewordsItElsewhereAsync("我的新内容", "另一个标签页");
        cut.WaitForAssertion(() => cut.Find("[data-testid='reload-keep-typed']").TextContent.Trim().Should().Be("重新加载，保留我输入的内容"));

        cut.Find("[data-testid='reload-keep-typed']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='comment-reloaded']").TextContent.Should().Contain("另一个标签页").And.Contain("你输入的内容已保留"));
        EditText(cut).Should().Be("我的新内容");
    }

    /// <summary>
    /// The tech lead's comment "Mine" is opened for editing and <paramref name="typed"/> typed; meanwhile its author saves
    /// <paramref name="theirs"/> in another tab; then the edit is saved (a conflict follows).
    /// </summary>
    private async Task<(HandoffItem Item, IRenderedComponent<ItemCommentThread> Cut)> EditWhileTheAuthorRewordsItElsewhereAsync(string typed, string theirs)
    {
        var item = await StoredItemAsync();
        await CommentsAs(TechLead).PostAsync(item.OnboardingId, item.Id, CommentVisibility.Internal, "Mine", Cancel);
        var cut = RenderThread(item, TechLead);
        cut.Find("[data-testid='comments-toggle']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment']").Should().ContainSingle());
        cut.Find("[data-testid='comment-edit']").Click();
        Type(cut, "comment-edit-text", typed);
        var opened = (await CommentsAs(TechLead).ThreadAsync(item.OnboardingId, item.Id, Cancel)).Single();
        (await CommentsAs(TechLead).EditAsync(opened.Id, opened.Version, theirs, Cancel)).Succeeded.Should().BeTrue();
        cut.Find("[data-testid='comment-edit-save']").Click();
        return (item, cut);
    }

    private static string? EditText(IRenderedComponent<ItemCommentThread> cut) =>
        cut.Find("[data-testid='comment-edit-text'] textarea, textarea[data-testid='comment-edit-text']").GetAttribute("value");

    [Fact]
    public async Task A_comment_is_posted_internal_by_default_or_shared_when_chosen()
    {
        var item = await StoredItemAsync();
        var cut = RenderThread(item, TechLead);
        cut.Find("[data-testid='comments-toggle']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='comments-empty']"));

        Type(cut, "comment-new-text", "Internal note");
        cut.Find("[data-testid='comment-post'] , button[data-testid='comment-post']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment']").Should().ContainSingle());

        Type(cut, "comment-new-text", "For the customer");
        await cut.InvokeAsync(() => cut.FindComponent<MudRadioGroup<CommentVisibility>>().Instance.ValueChanged.InvokeAsync(CommentVisibility.SharedWithCustomer));
        cut.Find("button[data-testid='comment-post'], [data-testid='comment-post']").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment']").Should().HaveCount(2));
        cut.FindAll("[data-testid='comment']").Select(c => c.GetAttribute("data-visibility"))
            .Should().Equal(nameof(CommentVisibility.Internal), nameof(CommentVisibility.SharedWithCustomer));
        cut.Find("[data-testid='comments-toggle']").TextContent.Should().Contain("Comments (2)");
        var stored = await CommentsAs(TechLead).ThreadAsync(item.OnboardingId, item.Id, Cancel);
        stored.Select(c => (c.Text, c.Visibility)).Should().Equal(("Internal note", CommentVisibility.Internal),
            ("For the customer", CommentVisibility.SharedWithCustomer));
    }

    [Fact]
    public async Task A_pasted_key_is_refused_with_the_masked_text_offered_and_what_was_typed_is_kept()
    {
        const string key = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";
        var item = await StoredItemAsync();
        var cut = RenderThread(item, TechLead);
        cut.Find("[data-testid='comments-toggle']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='comments-empty']"));

        Type(cut, "comment-new-text", $"Key {key} hit 429");
        cut.Find("button[data-testid='comment-post'], [data-testid='comment-post']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("SecretFound"));
        cut.Find("[data-testid='masked-text-Comment']").TextContent.Should().Be("Key sk-Q7fK**********kX8r hit 429");
        cut.Find("[data-testid='comment-new-text'] textarea, textarea[data-testid='comment-new-text']").GetAttribute("value")
            .Should().Contain(key, "nothing typed is lost");
        cut.FindAll("[data-testid='comment']").Should().BeEmpty();

        cut.Find("[data-testid='use-masked-Comment']").Click();
        cut.Find("button[data-testid='comment-post'], [data-testid='comment-post']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='comment-text']").TextContent.Should().Be("Key sk-Q7fK**********kX8r hit 429"));
    }

    [Fact]
    public async Task A_viewer_reads_the_thread_but_gets_no_composer_and_no_edit()
    {
        var item = await StoredItemAsync();
        await CommentsAs(TechLead).PostAsync(item.OnboardingId, item.Id, CommentVisibility.Internal, "Visible to viewers", Cancel);
        var viewer = new ActorBuilder().WithId("user-li-wei").Named("Li Wei").WithRoles(Role.Viewer).Build();

        var cut = RenderThread(item, viewer);
        cut.Find("[data-testid='comments-toggle']").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid='comment']").Should().ContainSingle());
        cut.FindAll("[data-testid='comment-composer']").Should().BeEmpty();
        cut.FindAll("[data-testid='comment-edit']").Should().BeEmpty("a viewer changes nothing, not even a comment stored under their id");
        cut.Find("[data-testid='comment-readonly-note']");
    }

    [Fact]
    public async Task On_the_onboarding_page_a_comment_posted_by_someone_else_shows_in_an_open_thread_without_a_reload()
    {
        var item = await StoredItemAsync();
        SignIn(TechLead);
        var cut = RenderMud<OnboardingDetail>(p => p.Add(x => x.Id, item.OnboardingId));
        cut.WaitForElement($"[data-testid='item-row-{RateLimit}']");
        AngleSharp.Dom.IElement Row() => cut.Find($"[data-testid='item-row-{RateLimit}']");
        cut.WaitForAssertion(() => Row().QuerySelector("[data-testid='comments-toggle']")!.TextContent.Should().Contain("Comments (0)"));
        Row().QuerySelector("[data-testid='comments-toggle']")!.Click();
        cut.WaitForAssertion(() => Row().QuerySelectorAll("[data-testid='comments-empty']").Should().ContainSingle());
        Services.GetRequiredService<ChangeNotifier>().SubscribersTo(item.OnboardingId).Should().Be(1, "the counts and threads add no subscription to the page's own");

        var posted = await CommentsAs(Finance).PostAsync(item.OnboardingId, item.Id, CommentVisibility.SharedWithCustomer, "Posted elsewhere", Cancel);

        posted.Succeeded.Should().BeTrue(posted.Message);
        cut.WaitForAssertion(() => Row().QuerySelectorAll("[data-testid='comment-text']").Select(e => e.TextContent).Should().Equal("Posted elsewhere"));
        Row().QuerySelector("[data-testid='comment-author']")!.TextContent.Should().Be("Zhou Fang");
        Row().QuerySelector("[data-testid='comments-toggle']")!.TextContent.Should().Contain("Comments (1)");
        cut.FindAll("[data-testid='revision-entry']").Should().Contain(e => e.GetAttribute("data-kind") == "CommentAdded");
    }

    [Fact]
    public async Task A_shared_item_shows_whose_it_is_on_its_row()
    {
        var item = await StoredItemAsync();
        SignIn(TechLead);

        var cut = RenderMud<ChecklistItemRow>(p => p.Add(r => r.Item, item).Add(r => r.Context, new ChecklistRowContext { Actor = TechLead }));

        item.CustomerSide.Should().Be(CustomerSide.Technical);
        cut.Find("[data-testid='item-customer-chip']").TextContent.Trim().Should().Be("Customer: technical · completes");
        UseCulture("zh-CN");
        var zh = RenderMud<ChecklistItemRow>(p => p.Add(r => r.Item, item).Add(r => r.Context, new ChecklistRowContext { Actor = TechLead }));
        zh.Find("[data-testid='item-customer-chip']").TextContent.Trim().Should().Be("客户:技术 · 完成");
    }
}
