using System.Xml.Linq;
using Alltkn.Handoff.App.Components.Pages.Workflow;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Stateless.Reflection;
using WorkflowPage = Alltkn.Handoff.App.Components.Pages.Workflow.Workflow;

namespace Alltkn.Handoff.Tests.Components.Workflow;

public sealed class WorkflowSvgTests : MudTestContext
{
    private static readonly StateMachineInfo Info = Onboarding.WorkflowInfo();

    private XElement Render(string culture = "en")
    {
        UseCulture(culture);
        var labels = WorkflowPage.Labels(
            Services.GetRequiredService<IStringLocalizer<WorkflowPage>>(),
            Services.GetRequiredService<IStringLocalizer<SharedResource>>());
        return XElement.Parse(WorkflowSvg.Render(Info, labels));
    }

    private static IEnumerable<XElement> All(XElement svg, string name) => svg.Descendants(XName.Get(name, "http://www.w3.org/2000/svg"));

    [Fact]
    public void The_drawing_is_well_formed_SVG_with_an_accessible_title()
    {
        var svg = Render();

        svg.Name.LocalName.Should().Be("svg");
        svg.Attribute("role")!.Value.Should().Be("img");
        All(svg, "title").First().Value.Should().Be("The onboarding workflow: stages and the moves between them");
    }

    [Fact]
    public void Every_stage_of_the_machine_is_drawn_once_with_its_name()
    {
        var svg = Render();

        var drawn = All(svg, "g").Where(g => g.Attribute("data-stage") is not null).ToArray();
        drawn.Select(g => g.Attribute("data-stage")!.Value).Should().BeEquivalentTo(Enum.GetNames<Stage>());
        var name = drawn.Single(g => g.Attribute("data-stage")!.Value == "CommercialConfirmation");
        string.Join(" ", All(name, "tspan").Select(t => t.Value)).Should().Be("Commercial confirmation");
    }

    [Fact]
    public void Every_transition_of_the_machine_is_drawn_from_its_stage_to_its_destination()
    {
        var svg = Render();
        var moves = All(svg, "g").Where(g => g.Attribute("data-move") is not null).ToArray();

        foreach (var state in Info.States)
        {
            var from = state.UnderlyingState.ToString()!;
            foreach (var t in state.FixedTransitions)
            {
                var move = t.Trigger.UnderlyingTrigger.ToString();
                var to = t.DestinationState.UnderlyingState.ToString();
                moves.Should().Contain(g => g.Attribute("data-move")!.Value == move
                                            && g.Attribute("data-to")!.Value == to
                                            && g.Attribute("data-from")!.Value.Split(' ').Contains(from),
                    $"{move} from {from} to {to} is a move of the machine");
            }
            foreach (var t in state.DynamicTransitions)
            {
                var move = t.Trigger.UnderlyingTrigger.ToString();
                moves.Should().Contain(g => g.Attribute("data-move")!.Value == move && g.Attribute("data-to")!.Value == "*"
                                            && g.Attribute("data-from")!.Value.Split(' ').Contains(from),
                    $"{move} from {from} goes to a stage decided at run time");
            }
        }
    }

    [Fact]
    public void Nothing_is_drawn_that_the_machine_does_not_have()
    {
        var svg = Render();
        var machine = Info.States.SelectMany(s =>
                s.FixedTransitions.Select(t => $"{s.UnderlyingState} {t.Trigger.UnderlyingTrigger} {t.DestinationState.UnderlyingState}")
                    .Concat(s.DynamicTransitions.Select(t => $"{s.UnderlyingState} {t.Trigger.UnderlyingTrigger} *")))
            .ToHashSet();

        var drawn = All(svg, "g").Where(g => g.Attribute("data-move") is not null)
            .SelectMany(g => g.Attribute("data-from")!.Value.Split(' ')
                .Select(from => $"{from} {g.Attribute("data-move")!.Value} {g.Attribute("data-to")!.Value}"))
            .ToArray();

        drawn.Should().NotBeEmpty();
        drawn.Should().OnlyContain(d => machine.Contains(d));
    }

    [Fact]
    public void Arrows_are_labelled_with_the_move_names_and_guards_in_English()
    {
        var svg = Render();
        var text = string.Join(" | ", All(svg, "text").Select(t => string.Join(" ", t.Elements().Select(e => e.Value))));

        foreach (var move in new[] { "Start trial", "Confirm trial", "Sign off go-live", "Put on hold", "Resume", "Cancel onboarding", "Roll back to go-live" })
        {
            text.Should().Contain(move);
        }
        var guards = string.Join(" ", All(svg, "title").Select(t => t.Value));
        guards.Should().Contain("[required items of the stage done]")
            .And.Contain("[no invoice, contract or corporate payment needed]")
            .And.Contain("[handoff table, window and support matrix complete]");
    }

    [Fact]
    public void Arrows_are_labelled_with_the_move_names_and_guards_in_Chinese()
    {
        var svg = Render("zh-CN");
        var titles = All(svg, "title").Select(t => t.Value).ToArray();

        titles.Should().Contain(t => t.StartsWith("开始企业试用: 商务咨询 → 企业试用 [本阶段必需事项已完成]", StringComparison.Ordinal));
        titles.Should().Contain(t => t.StartsWith("签字确认上线: 上线交接 → 已上线 [交接表、上线窗口和支持责任矩阵已完整]", StringComparison.Ordinal));
        titles.Should().Contain(t => t.StartsWith("恢复: 暂停 → 离开时的阶段", StringComparison.Ordinal));
        All(svg, "g").Single(g => g.Attribute("data-stage")?.Value == "OnHold").Value.Should().Be("暂停");
    }

    [Fact]
    public void Every_guard_the_machine_describes_has_a_translation_in_both_languages()
    {
        var descriptions = Info.States
            .SelectMany(s => s.FixedTransitions.Cast<TransitionInfo>().Concat(s.DynamicTransitions))
            .SelectMany(t => t.GuardConditionsMethodDescriptions.Select(g => g.Description))
            .Concat(Info.States.SelectMany(s => s.DynamicTransitions).Select(t => t.DestinationStateSelectorDescription.Description))
            .Distinct()
            .ToArray();
        descriptions.Should().NotBeEmpty();
        var localizer = Services.GetRequiredService<IStringLocalizer<WorkflowPage>>();

        foreach (var culture in new[] { "en", "zh-CN" })
        {
            UseCulture(culture);
            foreach (var description in descriptions)
            {
                localizer[$"Guard.{description}"].ResourceNotFound.Should().BeFalse($"'{description}' needs a {culture} text in Workflow.resx");
            }
        }
    }

    [Fact]
    public void Stages_on_the_path_are_in_a_row_left_to_right_and_on_hold_and_cancelled_below()
    {
        var svg = Render();
        double X(string stage) => double.Parse(All(svg, "g").Single(g => g.Attribute("data-stage")?.Value == stage)
            .Element(XName.Get("rect", "http://www.w3.org/2000/svg"))!.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        double Y(string stage) => double.Parse(All(svg, "g").Single(g => g.Attribute("data-stage")?.Value == stage)
            .Element(XName.Get("rect", "http://www.w3.org/2000/svg"))!.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture);

        Stages.Path.Select(s => X(s.ToString())).Should().BeInAscendingOrder();
        Stages.Path.Select(s => Y(s.ToString())).Distinct().Should().ContainSingle();
        Y("OnHold").Should().BeGreaterThan(Y("Inquiry"));
        Y("Cancelled").Should().BeGreaterThan(Y("Inquiry"));
    }

    [Theory]
    [InlineData("required items of the stage done", 100, 12, 3)]
    [InlineData("本阶段必需事项已完成", 60, 12, 2)]
    [InlineData("Resume", 100, 12, 1)]
    public void Long_labels_wrap_at_spaces_or_between_Chinese_characters(string text, double width, double fontSize, int lines)
    {
        var wrapped = WorkflowSvg.Wrap(text, width, fontSize);

        wrapped.Should().HaveCount(lines);
        string.Concat(wrapped).Replace(" ", "", StringComparison.Ordinal).Should().Be(text.Replace(" ", "", StringComparison.Ordinal));
    }
}
