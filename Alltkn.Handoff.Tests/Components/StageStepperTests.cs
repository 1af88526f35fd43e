using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;

namespace Alltkn.Handoff.Tests.Components;

public sealed class StageStepperTests : MudTestContext
{
    private IRenderedComponent<StageStepper> RenderFor(Onboarding onboarding, Stage? cancelledFrom = null) =>
        RenderMud<StageStepper>(p => p
            .Add(s => s.Stage, onboarding.Stage)
            .Add(s => s.StageBeforeHold, onboarding.StageBeforeHold)
            .Add(s => s.PassesInvoiceAndContract, onboarding.PassesInvoiceAndContract)
            .Add(s => s.HoldReason, onboarding.HoldReason)
            .Add(s => s.CancelReason, onboarding.CancelReason)
            .Add(s => s.CancelledFrom, cancelledFrom));

    private static string StateOf(IRenderedComponent<StageStepper> cut, Stage stage) =>
        cut.Find($"[data-testid='stage-step-{stage}']").GetAttribute("data-state")!;

    [Fact]
    public void The_current_stage_is_marked_now_and_the_stages_before_it_passed()
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice().AtStage(Stage.CommercialConfirmation).Build();

        var cut = RenderFor(onboarding);

        StateOf(cut, Stage.Inquiry).Should().Be("Passed");
        StateOf(cut, Stage.Trial).Should().Be("Passed");
        StateOf(cut, Stage.CommercialConfirmation).Should().Be("Current");
        StateOf(cut, Stage.InvoiceAndContract).Should().Be("Upcoming");
        StateOf(cut, Stage.GoLive).Should().Be("Upcoming");
        StateOf(cut, Stage.Live).Should().Be("Upcoming");
        cut.Find("[data-testid='stage-step-CommercialConfirmation']").GetAttribute("aria-current").Should().Be("step");
        cut.FindAll("[aria-current='step']").Should().HaveCount(1);
        cut.Find("[data-testid='stage-step-Trial']").TextContent.Should().Contain("Trial").And.Contain("Passed");
    }

    [Fact]
    public void Invoice_and_contract_is_shown_skipped_when_nothing_is_to_be_invoiced()
    {
        var onboarding = new OnboardingBuilder().NeedingNothingToInvoice().AtStage(Stage.GoLive).Build();

        var cut = RenderFor(onboarding);

        StateOf(cut, Stage.CommercialConfirmation).Should().Be("Passed");
        StateOf(cut, Stage.InvoiceAndContract).Should().Be("Skipped");
        StateOf(cut, Stage.GoLive).Should().Be("Current");
        cut.Find("[data-testid='stage-step-InvoiceAndContract']").TextContent
            .Should().Contain("Invoice & contract").And.Contain("Skipped: nothing to invoice");
    }

    [Fact]
    public void Invoice_and_contract_is_on_the_path_when_an_invoice_is_needed()
    {
        var onboarding = new OnboardingBuilder().NeedingInvoice().AtStage(Stage.GoLive).Build();

        var cut = RenderFor(onboarding);

        StateOf(cut, Stage.InvoiceAndContract).Should().Be("Passed");
    }

    [Fact]
    public void On_hold_shows_the_stage_it_left_and_the_reason()
    {
        var onboarding = new OnboardingBuilder().HeldFrom(Stage.Trial).Build();

        var cut = RenderFor(onboarding);

        StateOf(cut, Stage.Inquiry).Should().Be("Passed");
        StateOf(cut, Stage.Trial).Should().Be("Held");
        StateOf(cut, Stage.CommercialConfirmation).Should().Be("Upcoming");
        var note = cut.Find("[data-testid='stepper-on-hold']").TextContent;
        note.Should().Contain("On hold: left Trial; resuming returns there.");
        note.Should().Contain(OnboardingBuilder.HoldReason);
    }

    [Fact]
    public void Cancelled_shows_the_reason_and_the_stage_it_was_cancelled_in()
    {
        var onboarding = new OnboardingBuilder().CancelledFrom(Stage.Trial).Build();

        var cut = RenderFor(onboarding, cancelledFrom: Stage.Trial);

        StateOf(cut, Stage.Inquiry).Should().Be("Passed");
        StateOf(cut, Stage.Trial).Should().Be("Stopped");
        var note = cut.Find("[data-testid='stepper-cancelled']").TextContent;
        note.Should().Contain("Cancelled in Trial.").And.Contain(OnboardingBuilder.CancelReason);
        cut.FindAll("[data-testid='stepper-on-hold']").Should().BeEmpty();
    }

    [Fact]
    public void Live_shows_every_stage_on_the_path_passed()
    {
        var onboarding = new OnboardingBuilder().NeedingContract().AtStage(Stage.Live).Build();

        var cut = RenderFor(onboarding);

        Stages.Path.Where(s => s != Stage.Live).Should().OnlyContain(s => StateOf(cut, s) == "Passed");
        StateOf(cut, Stage.Live).Should().Be("Current");
    }

    [Fact]
    public void Stage_names_and_the_hold_note_are_in_Chinese_for_zh_CN()
    {
        UseCulture("zh-CN");
        var onboarding = new OnboardingBuilder().HeldFrom(Stage.Trial).Build();

        var cut = RenderFor(onboarding);

        cut.Find("[data-testid='stage-step-Inquiry']").TextContent.Should().Contain("商务咨询").And.Contain("已通过");
        cut.Find("[data-testid='stage-step-InvoiceAndContract']").TextContent.Should().Contain("发票与合同").And.Contain("已跳过");
        cut.Find("[data-testid='stepper-on-hold']").TextContent.Should().Contain("暂停前处于「企业试用」");
    }
}
