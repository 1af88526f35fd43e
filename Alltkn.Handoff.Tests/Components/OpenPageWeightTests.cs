using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Dashboard;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// What an open page keeps on the server: every component it renders stays in the circuit's memory (its state and two
/// render trees) for as long as the page is open. Rows that are only read are plain elements, and a long history shows
/// its newest entries first, the rest a click away.
/// </summary>
public sealed class OpenPageWeightTests : MudTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now);

    [Fact]
    public void A_checklist_row_holds_no_MudBlazor_component_until_its_editor_opens()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey("trial.rate-limit");

        var cut = RenderMud<ChecklistItemRow>(p => p
            .Add(r => r.Item, item)
            .Add(r => r.Context, new ChecklistRowContext { Actor = Actors.TechLead, Today = Today }));

        cut.FindComponents<MudComponentBase>().Should().BeEmpty();
        cut.Find("[data-testid='item-status-chip']").ClassList.Should().Contain("mud-chip");
        cut.Find("[data-testid='item-edit']").TextContent.Should().Contain("Edit");
        cut.FindComponents<ItemCommentThread>().Should().BeEmpty("the thread is made when the person opens it");
        cut.Find("[data-testid='comments-toggle']").TextContent.Should().Contain("Comments (0)");
        cut.Find("[data-testid='comments-toggle']").GetAttribute("aria-expanded").Should().Be("false");
    }

    [Fact]
    public void A_dashboard_row_holds_no_MudBlazor_component()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var rows = onboarding.Items.Take(10)
            .Select(i => new ItemRow(onboarding.Id, onboarding.Details.Customer, onboarding.Stage, i)).ToArray();

        var cut = RenderMud<ItemRowList>(p => p
            .Add(r => r.Rows, rows)
            .Add(r => r.EmptyText, "Nothing")
            .Add(r => r.TestId, "overdue")
            .Add(r => r.Today, Today));

        cut.FindAll("[data-testid='overdue-row']").Should().HaveCount(10);
        cut.FindComponents<MudComponentBase>().Should().BeEmpty("the table and its rows are plain elements");
        cut.Find("[data-testid='overdue']").ClassList.Should().Contain("mud-simple-table", "it looks like MudSimpleTable");
        cut.Find("[data-testid='overdue-row'] a").GetAttribute("href").Should().Be($"/onboardings/{onboarding.Id}");
    }

    [Fact]
    public void A_long_history_shows_its_newest_ten_entries_and_the_older_ones_ten_at_a_time()
    {
        var entries = Enumerable.Range(0, 45)
            .Select(n => new RevisionEntry(Guid.CreateVersion7(), TestClock.Now.AddMinutes(-n), "u1", "Li Na", RevisionKind.FieldChanged,
                "Customer", $"Before {n}", $"After {n}"))
            .ToArray();

        var cut = RenderMud<RevisionTimeline>(p => p.Add(t => t.Entries, entries));

        RevisionTimeline.PageSize.Should().Be(10);
        cut.FindAll("[data-testid='revision-entry']").Should().HaveCount(10);
        cut.Find("[data-testid='revision-entry']").TextContent.Should().Contain("After 0", "newest first");
        cut.Find("[data-testid='revision-older']").TextContent.Should().Contain("Show 10 older (of 35)");

        foreach (var (shown, label) in new[] { (20, "Show 10 older (of 25)"), (30, "Show 10 older (of 15)"), (40, "Show 5 older (of 5)") })
        {
            cut.Find("button[data-testid='revision-older']").Click();
            cut.FindAll("[data-testid='revision-entry']").Should().HaveCount(shown);
            cut.Find("[data-testid='revision-older']").TextContent.Should().Contain(label);
        }
        cut.Find("button[data-testid='revision-older']").Click();

        cut.FindAll("[data-testid='revision-entry']").Should().HaveCount(45);
        cut.FindAll("[data-testid='revision-older']").Should().BeEmpty();
        cut.FindComponents<MudComponentBase>().Should().BeEmpty("entries are plain elements");
        cut.FindComponents<Alltkn.Handoff.App.Components.Pages.Revisions.RevisionChange>().Should().BeEmpty("a change table is written out in the entry");
    }
}
