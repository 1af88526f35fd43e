using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Domain;

public sealed class WorkflowDiagramTests
{
    [Fact]
    public void The_mermaid_diagram_drawn_from_the_machine_names_every_stage_and_move()
    {
        var diagram = Onboarding.WorkflowDiagram();

        diagram.Should().StartWith("stateDiagram-v2");
        foreach (var stage in Enum.GetValues<Stage>())
        {
            diagram.Should().Contain(stage.ToString());
        }
        foreach (var move in Moves.All)
        {
            diagram.Should().Contain(move.ToString());
        }
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "workflow.mmd"), diagram);
    }

    public static TheoryData<string, string, string> DrawnEdges()
    {
        var data = new TheoryData<string, string, string>
        {
            { "Inquiry", "Trial", "StartTrial" },
            { "Trial", "CommercialConfirmation", "ConfirmTrial" },
            { "CommercialConfirmation", "InvoiceAndContract", "StartInvoiceAndContract" },
            { "CommercialConfirmation", "GoLive", "StartGoLive" },
            { "InvoiceAndContract", "GoLive", "StartGoLive" },
            { "GoLive", "Live", "SignOffGoLive" },
            { "Live", "GoLive", "Rollback" },
            { "OnHold", "Cancelled", "Cancel" },
        };
        foreach (var stage in Stages.Active)
        {
            data.Add(stage.ToString(), "OnHold", "Hold");
            data.Add(stage.ToString(), "Cancelled", "Cancel");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DrawnEdges))]
    public void The_diagram_draws_each_move_of_DOMAIN_md_as_an_edge(string from, string to, string move)
    {
        var lines = Onboarding.WorkflowDiagram().Split('\n').Select(l => l.Trim());

        lines.Should().Contain(l => l.StartsWith($"{from} --> {to} : {move}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_diagram_resumes_to_each_active_stage_and_starts_at_inquiry()
    {
        var lines = Onboarding.WorkflowDiagram().Split('\n').Select(l => l.Trim()).ToArray();

        lines.Should().Contain("[*] --> Inquiry");
        var choice = lines.Should().ContainSingle(l => l.StartsWith("OnHold --> ", StringComparison.Ordinal) && l.EndsWith(": Resume", StringComparison.Ordinal))
            .Which.Split(' ')[2];
        foreach (var stage in Stages.Active)
        {
            lines.Should().Contain(l => l.StartsWith($"{choice} --> {stage} : Resume", StringComparison.Ordinal));
        }
        lines.Should().NotContain(l => l.StartsWith("Live --> Cancelled", StringComparison.Ordinal) || l.StartsWith("Cancelled -->", StringComparison.Ordinal));
    }
}
