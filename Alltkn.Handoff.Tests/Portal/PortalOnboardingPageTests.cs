using Alltkn.Handoff.App.Components.Pages.Portal;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Components;
using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>
/// The customer's portal page on a real SQLite file, with the real services: what the guest types into an item survives
/// the team's changes to it (a live reload), and a conflict reloads the item while keeping what was typed.
/// </summary>
public sealed class PortalOnboardingPageTests : PageTestContext
{
    private const string MinimalRequest = "trial.minimal-request";
    private const string Typed = "200 at 2026-11-20 10:02 UTC, gpt-4o-mini, from the office network";
    private Guid _id;

    public PortalOnboardingPageTests() => Services.AddHandoffPortal();

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private OnboardingService ServiceOf(Actor actor) => new(
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), new SignedInActor { Current = actor },
        Services.GetRequiredService<ChangeNotifier>(), Data.Clock, NullLogger<OnboardingService>.Instance);

    private async Task<IRenderedComponent<PortalOnboarding>> RenderAsGuestAsync()
    {
        var onboarding = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build());
        _id = onboarding.Id;
        SignIn(new Actor("guest-1", "ops@acme.example", [], new GuestScope([new GuestGrant(_id, GuestSide.Technical)])));
        var cut = RenderMud<PortalOnboarding>(p => p.Add(x => x.Id, _id));
        cut.WaitForElement($"[data-testid='portal-item'][data-item-key='{MinimalRequest}'] textarea[data-testid='portal-item-evidence-input']");
        return cut;
    }

    private static IElement Item(IRenderedComponent<PortalOnboarding> cut, string key) =>
        cut.Find($"[data-testid='portal-item'][data-item-key='{key}']");

    private static string? EvidenceTyped(IRenderedComponent<PortalOnboarding> cut) =>
        Item(cut, MinimalRequest).QuerySelector("textarea[data-testid='portal-item-evidence-input']")!.GetAttribute("value");

    private async Task<HandoffItem> StoredAsync(string key) => (await Data.LoadAsync(_id)).ItemByKey(key);

    [Fact]
    public async Task Evidence_typed_survives_a_team_change_to_the_item_and_a_conflict_reloads_keeping_it()
    {
        var cut = await RenderAsGuestAsync();
        Item(cut, MinimalRequest).QuerySelector("textarea[data-testid='portal-item-evidence-input']")!.Input(Typed);

        // The team moves the item's due date meanwhile (as a Resume does): the page reloads live.
        var item = await StoredAsync(MinimalRequest);
        var due = (item.DueDate ?? DateOnly.FromDateTime(TestClock.Now)).AddDays(7);
        var theirs = await ServiceOf(Actors.TeamAdmin).UpdateItemAsync(_id, item.Id, item.Version, ItemUpdate.From(item) with { DueDate = due }, Cancel);
        theirs.Succeeded.Should().BeTrue(theirs.Message);

        cut.WaitForAssertion(() =>
        {
            EvidenceTyped(cut).Should().Be(Typed, "what the guest typed is kept across a live reload");
            Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-updated-elsewhere']").Should().NotBeNull("the guest is told the item changed");
        });
        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-updated-elsewhere']")!.TextContent
            .Should().Contain("What you typed is kept");

        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-save']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='outcome-alert']")!.GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));
        EvidenceTyped(cut).Should().Be(Typed);

        Item(cut, MinimalRequest).QuerySelector("[data-testid='reload-keep-typed']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='outcome-alert']").Should().BeNull());
        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-updated-elsewhere']").Should().BeNull("the draft now starts from what is stored");
        EvidenceTyped(cut).Should().Be(Typed);

        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-save']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-saved']").Should().NotBeNull());
        var stored = await StoredAsync(MinimalRequest);
        stored.Evidence.Should().Be(Typed);
        stored.DueDate.Should().Be(due, "the team's change is not undone");
    }

    [Fact]
    public async Task A_comment_being_typed_stays_under_its_item_when_the_guests_items_change_in_a_live_reload()
    {
        const string comment = "We retried at 10:05 and got 200 again";
        var onboarding = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build());
        _id = onboarding.Id;
        SignIn(new Actor("guest-1", "ops@acme.example", [], new GuestScope([new GuestGrant(_id, GuestSide.Technical), new GuestGrant(_id, GuestSide.Business)])));
        var cut = RenderMud<PortalOnboarding>(p => p.Add(x => x.Id, _id));
        cut.WaitForElement($"[data-testid='portal-item'][data-item-key='{MinimalRequest}'] [data-testid='comments-toggle']");
        Item(cut, MinimalRequest).QuerySelector("[data-testid='comments-toggle']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector(CommentBox).Should().NotBeNull("the thread is open with its composer"));
        Item(cut, MinimalRequest).QuerySelector(CommentBox)!.Input(comment);

        // The business side's invitation is revoked meanwhile: the same guest now sees the technical side only, and the
        // business items listed before minimal-request leave the page in a live reload.
        SignIn(new Actor("guest-1", "ops@acme.example", [], new GuestScope([new GuestGrant(_id, GuestSide.Technical)])));
        Services.GetRequiredService<ChangeNotifier>().Publish(new WorkspaceChange(_id, Actors.TeamAdmin.UserId));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='portal-side']").Should().ContainSingle());

        CommentTyped(cut, MinimalRequest).Should().Be(comment, "what the guest typed stays under the item they typed it for");
        cut.FindAll("[data-testid='portal-item']").Where(e => e.GetAttribute("data-item-key") != MinimalRequest)
            .Select(e => e.QuerySelector(CommentBox)?.GetAttribute("value")).Should().NotContain(comment, "no other item's composer holds it");
    }

    /// <summary>The new-comment box of an item's thread (MudTextField puts the test id on its textarea).</summary>
    private const string CommentBox = "[data-testid='comment-new-text'] textarea, textarea[data-testid='comment-new-text']";

    private static string? CommentTyped(IRenderedComponent<PortalOnboarding> cut, string key) =>
        Item(cut, key).QuerySelector(CommentBox)?.GetAttribute("value");

    [Fact]
    public async Task A_conflict_offers_to_reload_keeping_what_was_typed_and_the_next_save_succeeds()
    {
        var cut = await RenderAsGuestAsync();
        // The team starts the item meanwhile, unseen by this page (no notification reaches it).
        await Data.ChangeQuietlyAsync(_id, o =>
        {
            var item = o.ItemByKey(MinimalRequest);
            o.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.InProgress }, Actors.TechLead, TestClock.Later());
        });

        Item(cut, MinimalRequest).QuerySelector("textarea[data-testid='portal-item-evidence-input']")!.Input(Typed);
        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-save']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='outcome-alert']")!.GetAttribute("data-status").Should().Be(nameof(OutcomeStatus.Conflict)));

        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='reload-keep-typed']").Should().NotBeNull("a conflict offers to reload keeping what was typed"));
        Item(cut, MinimalRequest).QuerySelector("[data-testid='reload-keep-typed']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-status']")!.GetAttribute("data-status").Should().Be(nameof(ItemStatus.InProgress)));
        EvidenceTyped(cut).Should().Be(Typed);

        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-save']")!.Click();
        cut.WaitForAssertion(() => Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-saved']").Should().NotBeNull());
        var stored = await StoredAsync(MinimalRequest);
        stored.Evidence.Should().Be(Typed);
        stored.Status.Should().Be(ItemStatus.InProgress, "the status the guest did not touch takes the stored one");
    }

    [Fact]
    public async Task An_item_the_guest_has_not_typed_in_follows_the_team_change_without_a_notice()
    {
        var cut = await RenderAsGuestAsync();

        var item = await StoredAsync(MinimalRequest);
        var theirs = await ServiceOf(Actors.TeamAdmin).UpdateItemAsync(_id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.InProgress, Evidence = "Started by the team" }, Cancel);
        theirs.Succeeded.Should().BeTrue(theirs.Message);

        cut.WaitForAssertion(() => EvidenceTyped(cut).Should().Be("Started by the team"));
        Item(cut, MinimalRequest).QuerySelector("[data-testid='portal-item-updated-elsewhere']").Should().BeNull();
    }
}
