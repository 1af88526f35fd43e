using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components;

public sealed class ItemEditorTests : MudTestContext
{
    private const string RateLimit = "trial.rate-limit";

    /// <summary>A relay key as New API issues it: sk- and 48 letters and digits.</summary>
    private const string RelayKey = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

    private readonly Onboarding _onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();

    private HandoffItem Item => _onboarding.ItemByKey(RateLimit);

    private IRenderedComponent<ChecklistItemRow> RenderRow(Actor actor, ItemDraft? draft = null) =>
        RenderMud<ChecklistItemRow>(p => p
            .Add(r => r.Item, Item)
            .Add(r => r.Draft, draft)
            .Add(r => r.Context, new ChecklistRowContext { Actor = actor, Today = DateOnly.FromDateTime(TestClock.Now) }));

    private IRenderedComponent<ItemEditor> RenderEditor(Actor actor, ItemDraft draft, Func<ItemDraft, Task<Outcome>> onSave,
        Action<ItemDraft>? onReload = null) =>
        RenderMud<ItemEditor>(p => p
            .Add(e => e.Item, Item)
            .Add(e => e.Actor, actor)
            .Add(e => e.Draft, draft)
            .Add(e => e.OnSave, onSave)
            .Add(e => e.OnReloadKeepTyped, d => onReload?.Invoke(d)));

    private static Task ChooseStatus(IRenderedComponent<ItemEditor> cut, ItemStatus status) =>
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<ItemStatus>>().Instance.SelectOption(status));

    private static void Type(IRenderedComponent<ItemEditor> cut, string testId, string text) =>
        cut.Find($"[data-testid='{testId}'] textarea, [data-testid='{testId}'] input, textarea[data-testid='{testId}'], input[data-testid='{testId}']")
            .Input(text);

    [Fact]
    public async Task The_assignee_is_found_by_typing_part_of_a_name_and_the_search_asks_for_the_items_owner_role_first()
    {
        var asked = new List<(string? Text, Role OwnerRole)>();
        var liWei = new PersonOption("li-wei", "Li Wei", [Role.TechLead, Role.Viewer]);
        var draft = ItemDraft.From(Item);
        var cut = RenderMud<ItemEditor>(p => p
            .Add(e => e.Item, Item)
            .Add(e => e.Actor, Actors.TechLead)
            .Add(e => e.Draft, draft)
            .Add(e => e.OnSave, _ => Task.FromResult(Outcome.Ok()))
            .Add(e => e.SearchPeople, (text, ownerRole, _) =>
            {
                asked.Add((text, ownerRole));
                return Task.FromResult<IReadOnlyList<PersonOption>>(text == "li" ? [liWei] : []);
            }));

        cut.Find("input[data-testid='item-assignee']").Input("li");

        var option = Popovers.WaitForElement("[data-testid='item-assignee-option']");
        option.TextContent.Should().Be("Li Wei (Tech lead)", "the roles a person holds, Viewer left out, help tell people apart");
        asked.Should().Contain(("li", Role.TechLead));
        await cut.InvokeAsync(() => option.Closest(".mud-list-item")!.Click());
        cut.WaitForAssertion(() => draft.AssigneeUserId.Should().Be("li-wei"));
        draft.AssigneeName.Should().Be("Li Wei");
        cut.Find("input[data-testid='item-assignee']").GetAttribute("value").Should().Be("Li Wei");
    }

    public static TheoryData<Role, bool> RolesAndEditing => new()
    {
        { Role.TechLead, true },
        { Role.TeamAdmin, true },
        { Role.Finance, false },
        { Role.ReleaseOwner, false },
        { Role.Viewer, false },
    };

    [Theory]
    [MemberData(nameof(RolesAndEditing))]
    public void Only_the_items_owner_role_or_a_team_admin_may_edit_it(Role role, bool mayEdit)
    {
        var cut = RenderRow(Actors.For(role));

        cut.FindAll("[data-testid='item-edit']").Should().HaveCount(mayEdit ? 1 : 0);
        cut.FindAll("[data-testid='item-readonly-note']").Should().HaveCount(mayEdit ? 0 : 1);
        if (!mayEdit)
        {
            cut.Find("[data-testid='item-readonly-note']").TextContent.Should().Be("Only the owner of this item (Tech lead) or a team admin may change it.");
        }
        cut.Find("[data-testid='item-title']").TextContent.Should().Be("Rate limit (429) handled");
        cut.Find("[data-testid='item-owner']").TextContent.Should().Be("Tech lead");
    }

    [Fact]
    public void A_team_admins_item_says_so_once_without_naming_the_role_twice()
    {
        var adminsItem = _onboarding.Items.First(i => i.OwnerRole == Role.TeamAdmin);

        var cut = RenderMud<ChecklistItemRow>(p => p
            .Add(r => r.Item, adminsItem)
            .Add(r => r.Context, new ChecklistRowContext { Actor = Actors.TechLead, Today = DateOnly.FromDateTime(TestClock.Now) }));

        cut.Find("[data-testid='item-readonly-note']").TextContent.Should().Be("Only a team admin may change this item.");
    }

    [Fact]
    public void Editing_shows_the_editor_for_the_owner_and_never_for_a_viewer()
    {
        var draft = ItemDraft.From(Item);

        RenderRow(Actors.TechLead, draft).FindAll("[data-testid='item-editor']").Should().HaveCount(1);
        RenderRow(Actors.Viewer, draft).FindAll("[data-testid='item-editor']").Should().BeEmpty();
    }

    [Fact]
    public async Task Marking_done_without_evidence_says_evidence_is_needed_and_saves_nothing()
    {
        var saves = 0;
        var cut = RenderEditor(Actors.TechLead, ItemDraft.From(Item), _ => { saves++; return Task.FromResult(Outcome.Ok()); });

        await ChooseStatus(cut, ItemStatus.Done);
        cut.Find("[data-testid='item-save']").Click();

        saves.Should().Be(0);
        cut.Find("[data-testid='item-editor']").TextContent
            .Should().Contain("'Rate limit (429) handled': evidence is needed to mark this item done.");
    }

    [Fact]
    public async Task Marking_done_with_a_status_code_observation_saves_it()
    {
        var saved = new List<ItemUpdate>();
        var draft = ItemDraft.From(Item);
        var cut = RenderEditor(Actors.TechLead, draft, d => { saved.Add(d.ToUpdate()); return Task.FromResult(Outcome.Ok()); });

        await ChooseStatus(cut, ItemStatus.Done);
        Type(cut, "item-evidence", ValidEvidence.StatusCode);
        cut.Find("[data-testid='item-save']").Click();

        saved.Should().ContainSingle().Which.Should().Be(ItemUpdate.From(Item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.StatusCode });
        cut.FindAll("[data-testid='outcome-alert']").Should().BeEmpty();
    }

    [Theory]
    [InlineData(Role.TechLead, true)]
    [InlineData(Role.TeamAdmin, false)]
    public async Task Not_applicable_can_be_chosen_only_by_a_team_admin(Role role, bool disabled)
    {
        var cut = RenderEditor(Actors.For(role), ItemDraft.From(Item), _ => Task.FromResult(Outcome.Ok()));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<ItemStatus>>().Instance.OpenMenu());

        var option = Popovers.WaitForElement("[data-testid='item-status-option-NotApplicable']");
        option.ClassList.Contains("mud-list-item-disabled").Should().Be(disabled);
        Popovers.Find("[data-testid='item-status-option-Blocked']").ClassList.Contains("mud-list-item-disabled").Should().BeFalse();
        option.TextContent.Trim().Should().Be(disabled ? "Not applicable (team admins only)" : "Not applicable",
            "who may choose it is said on the option, only to those who may not");
        cut.Find("[data-testid='item-editor']").TextContent.Should().NotContain("team admins only", "no hint under Status for everyone all the time");
    }

    [Fact]
    public async Task Not_applicable_needs_a_reason_before_anything_is_saved()
    {
        var saves = 0;
        var cut = RenderEditor(Actors.TeamAdmin, ItemDraft.From(Item), _ => { saves++; return Task.FromResult(Outcome.Ok()); });

        await ChooseStatus(cut, ItemStatus.NotApplicable);
        cut.Find("[data-testid='item-save']").Click();

        saves.Should().Be(0);
        cut.Find("[data-testid='item-editor']").TextContent.Should().Contain("Say why 'Rate limit (429) handled' is not applicable.");
    }

    [Fact]
    public async Task A_secret_refusal_says_what_was_found_where_and_using_the_masked_text_replaces_only_that_field()
    {
        var draft = ItemDraft.From(Item);
        draft.AssigneeName = "Li Wei";
        // The real secret screen, as the service runs it.
        var cut = RenderEditor(Actors.TechLead, draft, d =>
            Task.FromResult(SecretScreen.Check(d.ToUpdate()) is { Count: > 0 } secrets ? Outcome.SecretFound(secrets) : Outcome.Ok()));
        var typed = $"429 at 10:02 with key {RelayKey}";

        await ChooseStatus(cut, ItemStatus.Done);
        Type(cut, "item-evidence", typed);
        cut.Find("[data-testid='item-save']").Click();

        var alert = cut.Find("[data-testid='secret-Evidence']").TextContent;
        alert.Should().Contain("Found in Evidence:");
        alert.Should().Contain($"Relay API key (New API / One API) at character {typed.IndexOf("sk-", StringComparison.Ordinal) + 1}");
        alert.Should().Contain("sk-Q7fK**********kX8r");
        alert.Should().NotContain(RelayKey);

        cut.Find("[data-testid='use-masked-Evidence']").Click();

        draft.Evidence.Should().Be("429 at 10:02 with key sk-Q7fK**********kX8r");
        cut.Find("[data-testid='item-evidence'] textarea, textarea[data-testid='item-evidence']").GetAttribute("value")
            .Should().Be(draft.Evidence);
        draft.Status.Should().Be(ItemStatus.Done, "the rest of the form stays as typed");
        draft.AssigneeName.Should().Be("Li Wei");
        cut.FindAll("[data-testid='outcome-alert']").Should().BeEmpty();
    }

    [Fact]
    public async Task A_conflict_shows_what_changed_and_reloading_keeps_what_was_typed()
    {
        var draft = ItemDraft.From(Item);
        var reloaded = new List<ItemDraft>();
        var conflict = Outcome.Conflict("changed", [new ConflictDetail($"{Item.Title} · Status", "Done", "Blocked", "Li Wei")]);
        var cut = RenderEditor(Actors.TechLead, draft, _ => Task.FromResult(conflict), reloaded.Add);

        await ChooseStatus(cut, ItemStatus.Done);
        Type(cut, "item-evidence", ValidEvidence.StatusCode);
        cut.Find("[data-testid='item-save']").Click();

        var table = cut.Find("[data-testid='outcome-conflicts']").TextContent;
        table.Should().Contain("Rate limit (429) handled · Status").And.Contain("Done").And.Contain("Blocked").And.Contain("Li Wei");
        cut.Find("[data-testid='reload-keep-typed']").Click();

        reloaded.Should().ContainSingle().Which.Should().BeSameAs(draft);
        draft.Evidence.Should().Be(ValidEvidence.StatusCode);
        draft.Status.Should().Be(ItemStatus.Done);
        cut.FindAll("[data-testid='outcome-alert']").Should().BeEmpty();
    }

    [Fact]
    public void The_sign_off_item_cannot_be_ticked_here()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        var signOff = onboarding.ItemByKey("golive.sign-off");

        var cut = RenderMud<ItemEditor>(p => p
            .Add(e => e.Item, signOff)
            .Add(e => e.Actor, Actors.ReleaseOwner)
            .Add(e => e.Draft, ItemDraft.From(signOff))
            .Add(e => e.OnSave, _ => Task.FromResult(Outcome.Ok())));

        cut.Find("input[data-testid='item-status']").HasAttribute("disabled").Should().BeTrue();
        cut.Find("[data-testid='item-editor']").TextContent.Should().Contain("Recorded by the release owner's “Sign off go-live”");
    }
}
