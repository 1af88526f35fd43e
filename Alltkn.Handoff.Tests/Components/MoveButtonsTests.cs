using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;

namespace Alltkn.Handoff.Tests.Components;

public sealed class MoveButtonsTests : MudTestContext
{
    private IRenderedComponent<MoveButtons> RenderFor(Onboarding onboarding, Actor actor, Action<Move>? onMove = null) =>
        RenderMud<MoveButtons>(p => p
            .Add(m => m.Checks, onboarding.CheckMoves(actor, TestClock.Now))
            .Add(m => m.OnMove, move => onMove?.Invoke(move))
            .Add(m => m.CurrentPath, $"/onboardings/{onboarding.Id}"));

    /// <summary>Opens the menu of secondary moves and returns the moves in it.</summary>
    private IReadOnlyList<AngleSharp.Dom.IElement> OpenMoreMoves(IRenderedComponent<MoveButtons> cut)
    {
        cut.Find("[data-testid='more-moves'] button").Click();
        return Popovers.FindAll("[data-testid^='move-']");
    }

    private static IReadOnlyList<string> ReasonsOf(IRenderedComponent<MoveButtons> cut, Move move) =>
        cut.FindAll($"[data-testid='reasons-{move}'] li").Select(li => li.TextContent.Trim()).ToArray();

    [Fact]
    public void A_refused_move_lists_the_items_not_done_with_their_owner_roles()
    {
        var onboarding = new OnboardingBuilder().Build();
        onboarding.CompleteItem("inquiry.contact-type");

        var cut = RenderFor(onboarding, Actors.TeamAdmin);

        cut.Find("[data-testid='move-StartTrial']").HasAttribute("disabled").Should().BeTrue();
        cut.Find("[data-testid='move-StartTrial']").GetAttribute("data-allowed").Should().Be("false");
        var reasons = ReasonsOf(cut, Move.StartTrial);
        reasons.Should().Contain("'Use case, expected models and monthly budget range' is not done (owner: Team admin).");
        reasons.Should().Contain("'Invoice, contract and corporate-payment needs' is not done (owner: Finance or business contact).");
        reasons.Should().Contain("'Prepared first: use case, model types, expected call volume, technical contact' is not done (owner: Tech lead).");
        reasons.Should().NotContain(r => r.Contains("Contact type declared"), "that item is done");
        reasons.Should().HaveCount(onboarding.RequiredItemsOf(Stage.Inquiry).Count(i => !i.IsSettled));
        cut.FindAll("[data-testid='reason-item-link']").Select(a => a.GetAttribute("href"))
            .Should().Contain($"/onboardings/{onboarding.Id}#item-inquiry.use-case", "an item not done is a link that scrolls to it");
    }

    [Fact]
    public void A_move_that_is_not_the_persons_is_one_line_naming_the_role_and_no_buttons()
    {
        var onboarding = new OnboardingBuilder().WithGateSatisfied().Build();

        var cut = RenderFor(onboarding, Actors.TechLead);

        cut.Find("[data-testid='refused-StartTrial']").TextContent.Trim().Should().Be("Start trial: needs the Team admin role.");
        cut.FindAll("button").Should().BeEmpty("a tech lead may make none of the moves out of Inquiry: nothing to press, no menu");
        cut.FindAll("[data-testid='refused-Hold'], [data-testid='refused-Cancel']").Should().BeEmpty("secondary moves are only offered to those who may make them");
        cut.Markup.Should().NotContain("is not possible yet");
    }

    [Fact]
    public void At_go_live_the_missing_window_and_support_names_are_reasons_owned_by_the_release_owner()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();

        var cut = RenderFor(onboarding, Actors.ReleaseOwner);

        var reasons = ReasonsOf(cut, Move.SignOffGoLive);
        reasons.Should().Contain("The go-live window (start, end, time zone) is not set (owner: Release owner).");
        reasons.Should().ContainSingle(r => r.StartsWith("No one is named in the support matrix for: ", StringComparison.Ordinal))
            .Which.Should().Contain("Reads logs").And.Contain("Owns the night release window").And.EndWith("(owner: Release owner).");
        reasons.Should().Contain("'Logs and alerts' is not done (owner: Tech lead).");
    }

    [Fact]
    public void The_forward_move_is_the_filled_button_and_hold_and_cancel_are_in_the_menu()
    {
        var onboarding = new OnboardingBuilder().WithGateSatisfied().Build();
        var chosen = new List<Move>();

        var cut = RenderFor(onboarding, Actors.TeamAdmin, chosen.Add);

        cut.FindAll("[data-allowed='true']").Select(b => b.GetAttribute("data-testid")).Should().Equal("move-StartTrial");
        cut.Find("[data-testid='move-StartTrial']").ClassList.Should().Contain("mud-button-filled");
        cut.FindAll("[data-testid^='refused-']").Should().BeEmpty();
        cut.Find("[data-testid='move-StartTrial']").Click();
        OpenMoreMoves(cut).Select(m => m.GetAttribute("data-testid")).Should().Equal("move-Hold", "move-Cancel");
        Popovers.Find("[data-testid='move-Hold']").Click();
        chosen.Should().Equal(Move.StartTrial, Move.Hold);
    }

    [Fact]
    public void Reasons_are_worded_in_Chinese_for_zh_CN()
    {
        UseCulture("zh-CN");
        var onboarding = new OnboardingBuilder().Build();

        var reasons = ReasonsOf(RenderFor(onboarding, Actors.TeamAdmin), Move.StartTrial);
        var notTheirs = RenderFor(onboarding, Actors.Finance);

        reasons.Should().Contain("「已说明联系类型」尚未完成（负责：团队管理员）。");
        reasons.Should().Contain("「是否需要发票、合同或对公付款」尚未完成（负责：财务或商务联系人）。");
        notTheirs.Find("[data-testid='refused-StartTrial']").TextContent.Trim().Should().Be("「开始企业试用」：需要团队管理员角色。");
    }

    [Fact]
    public void The_wrong_branch_is_explained_by_which_move_it_is()
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice().AtStage(Stage.CommercialConfirmation).WithGateSatisfied().Build();

        var cut = RenderFor(onboarding, Actors.Finance);

        cut.Find("[data-testid='move-StartInvoiceAndContract']").GetAttribute("data-allowed").Should().Be("true");
        ReasonsOf(cut, Move.StartGoLive).Should().Equal("An invoice, a contract or corporate payment is needed: start Invoice & contract first.");
    }
}
