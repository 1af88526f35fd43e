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
            .Add(m => m.Checks, onboarding.CheckMoves(actor))
            .Add(m => m.OnMove, move => onMove?.Invoke(move)));

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
    }

    [Fact]
    public void A_refused_move_names_the_role_that_owns_it()
    {
        var onboarding = new OnboardingBuilder().WithGateSatisfied().Build();

        var cut = RenderFor(onboarding, Actors.TechLead);

        cut.FindAll("[data-allowed='true']").Should().BeEmpty("a tech lead owns none of the moves out of Inquiry");
        ReasonsOf(cut, Move.StartTrial).Should().Equal("Only a Team admin may do this.");
        ReasonsOf(cut, Move.Hold).Should().Equal("Only a Team admin may do this.");
        ReasonsOf(cut, Move.Cancel).Should().Equal("Only a Team admin may do this.");
    }

    [Fact]
    public void At_go_live_the_missing_window_and_support_names_are_reasons_owned_by_the_release_owner()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();

        var cut = RenderFor(onboarding, Actors.ReleaseOwner);

        var reasons = ReasonsOf(cut, Move.SignOffGoLive);
        reasons.Should().Contain("The go-live window (start, end, time zone) is not set (owner: Release owner).");
        reasons.Should().Contain("No one is named in the support matrix for 'Reads logs' (owner: Release owner).");
        reasons.Should().Contain("'Logs and alerts' is not done (owner: Tech lead).");
    }

    [Fact]
    public void A_permitted_move_is_a_button_that_calls_back_with_the_move()
    {
        var onboarding = new OnboardingBuilder().WithGateSatisfied().Build();
        var chosen = new List<Move>();

        var cut = RenderFor(onboarding, Actors.TeamAdmin, chosen.Add);

        cut.FindAll("[data-allowed='true']").Select(b => b.GetAttribute("data-testid"))
            .Should().BeEquivalentTo("move-StartTrial", "move-Hold", "move-Cancel");
        cut.FindAll("[data-testid='refused-moves']").Should().BeEmpty();
        cut.Find("[data-testid='move-StartTrial']").Click();
        cut.Find("[data-testid='move-Hold']").Click();
        chosen.Should().Equal(Move.StartTrial, Move.Hold);
    }

    [Fact]
    public void Reasons_are_worded_in_Chinese_for_zh_CN()
    {
        UseCulture("zh-CN");
        var onboarding = new OnboardingBuilder().Build();

        var cut = RenderFor(onboarding, Actors.Finance);

        var reasons = ReasonsOf(cut, Move.StartTrial);
        reasons.Should().Contain("只有团队管理员可以执行此操作。");
        reasons.Should().Contain("「已说明联系类型」尚未完成（负责：团队管理员）。");
        reasons.Should().Contain("「是否需要发票、合同或对公付款」尚未完成（负责：财务或商务联系人）。");
        cut.Find("[data-testid='move-StartTrial']").TextContent.Should().Contain("开始企业试用");
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
