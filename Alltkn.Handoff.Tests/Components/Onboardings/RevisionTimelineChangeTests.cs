using Bunit;
using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components.Onboardings;

/// <summary>
/// The onboarding page's history shows an item change as the revision log does: a row per field with its before and
/// after, not one run-on line. A stage move stays one line ("Trial → On hold").
/// </summary>
public sealed class RevisionTimelineChangeTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_item_change_is_a_row_per_field_with_before_and_after()
    {
        var entry = RevisionEntry.By(Actors.Finance, At, Guid.CreateVersion7(), RevisionKind.ItemChanged, "Invoice reconciliation",
            "Status: Open; Evidence: —", "Status: Done; Evidence: PO-2031-778");

        var cut = RenderMud<RevisionTimeline>(p => p.Add(t => t.Entries, [entry]));

        var rows = cut.FindAll("[data-testid='revision-entry'] [data-testid='revision-change-row']")
            .Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray()).ToArray();
        rows.Should().BeEquivalentTo(new[]
        {
            new[] { "Status", "Open", "Done" },
            new[] { "Evidence", "—", "PO-2031-778" },
        }, o => o.WithStrictOrdering());
        cut.Find("[data-testid='revision-entry']").TextContent.Should().NotContain("Status: Open; Evidence");
        cut.FindComponents<MudComponentBase>().Should().BeEmpty("entries stay plain elements");
    }

    [Fact]
    public void A_stage_move_stays_one_line_from_stage_to_stage()
    {
        var entry = RevisionEntry.By(Actors.TeamAdmin, At, Guid.CreateVersion7(), RevisionKind.StageMoved, "Hold", "Trial", "OnHold");

        var cut = RenderMud<RevisionTimeline>(p => p.Add(t => t.Entries, [entry]));

        cut.Find("[data-testid='revision-entry']").TextContent.Should().Contain("Trial → On hold");
        cut.FindAll("[data-testid='revision-change']").Should().BeEmpty();
    }
}
