using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;

namespace Alltkn.Handoff.Tests.Components.Onboardings;

/// <summary>A checklist row shows when its item was completed in the reader's time zone, as the page shows its other times.</summary>
public sealed class ChecklistItemRowTests : MudTestContext
{
    private const string RateLimit = "trial.rate-limit";

    private static readonly DateTime CompletedAt = new(2026, 3, 1, 20, 30, 0, DateTimeKind.Utc);

    /// <summary>The rate-limit item, done by the tech lead at 20:30 UTC on 1 March 2026.</summary>
    private static HandoffItem CompletedItem()
    {
        var onboarding = new OnboardingBuilder().At(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc)).AtStage(Stage.Trial).Build();
        var item = onboarding.ItemByKey(RateLimit);
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = ValidEvidence.StatusCode },
            Actors.TechLead, CompletedAt);
        return item;
    }

    private IRenderedComponent<ChecklistItemRow> RenderRow(HandoffItem item, TimeZoneInfo? zone) =>
        RenderMud<ChecklistItemRow>(p => p
            .Add(r => r.Item, item)
            .Add(r => r.Context, new ChecklistRowContext { Actor = Actors.TechLead, Zone = zone }));

    [Fact]
    public void The_completion_time_reads_in_the_readers_time_zone()
    {
        var cut = RenderRow(CompletedItem(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

        var completed = cut.Find("[data-testid='item-completed']");
        completed.TextContent.Trim().Should().Be($"{Actors.TechLead.DisplayName}, 2026-03-02 04:30");
        completed.GetAttribute("title").Should().Be("Asia/Shanghai (UTC+08:00)");
    }

    [Fact]
    public void Until_the_readers_zone_is_known_the_completion_time_is_in_UTC_saying_so_and_it_reads_in_chinese_too()
    {
        var item = CompletedItem();

        RenderRow(item, null).Find("[data-testid='item-completed']").TextContent.Trim()
            .Should().Be($"{Actors.TechLead.DisplayName}, 2026-03-01 20:30 UTC");
        UseCulture("zh-CN");
        RenderRow(item, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Find("[data-testid='item-completed']").TextContent.Trim()
            .Should().Be($"{Actors.TechLead.DisplayName}，2026-03-02 04:30");
    }
}
