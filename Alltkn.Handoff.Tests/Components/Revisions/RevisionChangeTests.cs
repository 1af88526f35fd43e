using Bunit;
using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Components.Revisions;

/// <summary>A change in the revision log is a small table — field, before, after — not one run-on string (issue 14 point 5).</summary>
public sealed class RevisionChangeTests : MudTestContext
{
    private static readonly DateTime At = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private static RevisionEntry ItemChange(string before, string after) =>
        RevisionEntry.By(Actors.Finance, At, Guid.CreateVersion7(), RevisionKind.ItemChanged, "Invoice reconciliation", before, after);

    private static string[][] Cells(IRenderedComponent<RevisionChange> cut) =>
        [.. cut.FindAll("[data-testid='revision-change-row']").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray())];

    [Fact]
    public void An_item_change_is_a_row_per_field_with_before_and_after()
    {
        var cut = Render<RevisionChange>(p => p.Add(c => c.Entry, ItemChange(
            "Status: Open; Evidence: —; Assignee: —", "Status: Done; Evidence: PO-2031-778; paid; Assignee: Li Lei")));

        cut.FindAll("thead th").Select(h => h.TextContent).Should().Equal("Field", "Before", "After");
        Cells(cut).Should().BeEquivalentTo(new[]
        {
            new[] { "Status", "Open", "Done" },
            new[] { "Evidence", "—", "PO-2031-778; paid" },
            new[] { "Assignee", "—", "Li Lei" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void In_chinese_the_fields_and_statuses_are_chinese()
    {
        UseCulture("zh-CN");

        var cut = Render<RevisionChange>(p => p.Add(c => c.Entry, ItemChange("Status: Open", "Status: Done")));

        cut.FindAll("thead th").Select(h => h.TextContent).Should().Equal("字段", "修改前", "修改后");
        Cells(cut).Single().Should().Equal("状态", "未开始", "已完成");
    }

    [Fact]
    public void A_long_value_is_folded_behind_a_disclosure_that_holds_all_of_it()
    {
        var evidence = string.Concat(Enumerable.Repeat("对账单见工单 TK-88231，已确认。", 20));

        var cut = Render<RevisionChange>(p => p.Add(c => c.Entry, ItemChange("Evidence: —", $"Evidence: {evidence}")));

        var folded = cut.Find("[data-testid='revision-value-folded']");
        folded.QuerySelector("summary")!.TextContent.Should().StartWith(evidence[..RevisionChange.FoldAt]).And.Contain(evidence.Length.ToString());
        folded.QuerySelector("div")!.TextContent.Should().Be(evidence);
    }

    [Fact]
    public void A_change_of_anything_else_is_one_row_of_before_and_after()
    {
        var entry = RevisionEntry.By(Actors.TeamAdmin, At, Guid.CreateVersion7(), RevisionKind.FieldChanged, "BaseUrl",
            "https://old.example/v1", "https://api.example.cn/v1");

        var cut = Render<RevisionChange>(p => p.Add(c => c.Entry, entry));

        cut.FindAll("thead th").Select(h => h.TextContent).Should().Equal("Before", "After");
        Cells(cut).Single().Should().Equal("https://old.example/v1", "https://api.example.cn/v1");
    }

    [Fact]
    public void An_entry_without_before_or_after_shows_no_table()
    {
        var entry = RevisionEntry.By(Actors.TeamAdmin, At, null, RevisionKind.SignedIn, "wang@example.cn", reason: "From ::1");

        Render<RevisionChange>(p => p.Add(c => c.Entry, entry)).FindAll("table").Should().BeEmpty();
    }
}
