using Alltkn.Handoff.Domain.Onboardings;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkflowPage = Alltkn.Handoff.App.Components.Pages.Workflow.Workflow;

namespace Alltkn.Handoff.Tests.Components.Workflow;

public sealed class WorkflowPageTests : PageTestContext
{
    [Fact]
    public void The_page_shows_the_drawing_every_move_and_the_mermaid_text_of_the_machine()
    {
        var cut = RenderMud<WorkflowPage>();

        cut.Find("svg[data-testid='workflow-svg']");
        cut.Find("[data-testid='workflow-mermaid']").TextContent.Should().Be(Onboarding.WorkflowDiagram());
        cut.FindAll("[data-testid='workflow-move']").Select(r => r.GetAttribute("data-move")).Distinct()
            .Should().BeEquivalentTo(Enum.GetNames<Move>());
        var signOff = cut.Find("[data-testid='workflow-move'][data-move='SignOffGoLive']");
        signOff.TextContent.Should().Contain("Go-live").And.Contain("Live").And.Contain("handoff table, window and support matrix complete").And.Contain("Release owner");
        var hold = cut.Find("[data-testid='workflow-move'][data-move='Hold']");
        hold.TextContent.Should().Contain("needs a reason").And.Contain("Inquiry").And.Contain("Go-live").And.Contain("Team admin");
    }

    [Fact]
    public void Copy_puts_the_mermaid_text_on_the_clipboard_and_says_so()
    {
        var copy = JSInterop.SetupModule("./js/workspace.js").Setup<bool>("copyText", Onboarding.WorkflowDiagram()).SetResult(true);
        var cut = RenderMud<WorkflowPage>();

        cut.Find("[data-testid='copy-mermaid']").Click();

        copy.Invocations.Should().ContainSingle();
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Should().ContainSingle()
            .Which.Message.Should().Be("Mermaid text copied.");
    }

    [Fact]
    public void A_browser_that_refuses_to_copy_is_told_to_select_the_text()
    {
        JSInterop.SetupModule("./js/workspace.js").Setup<bool>("copyText", Onboarding.WorkflowDiagram()).SetResult(false);
        var cut = RenderMud<WorkflowPage>();

        cut.Find("[data-testid='copy-mermaid']").Click();

        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Should().ContainSingle()
            .Which.Message.Should().Be("The browser did not allow copying. Select the text and copy it yourself.");
    }

    [Fact]
    public void Chinese_readers_get_the_page_in_Chinese()
    {
        UseCulture("zh-CN");

        var cut = RenderMud<WorkflowPage>();

        cut.Find("h1").TextContent.Should().Be("流程图");
        cut.Find("svg[data-testid='workflow-svg']").TextContent.Should().Contain("商务咨询").And.Contain("签字确认上线");
        cut.Find("[data-testid='workflow-move'][data-move='StartTrial']").TextContent.Should().Contain("本阶段必需事项已完成").And.Contain("团队管理员");
    }
}
