using Alltkn.Handoff.App.Components.Pages.Dashboard;
using Alltkn.Handoff.App.Components.Shared;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Bunit;

namespace Alltkn.Handoff.Tests.Components.Dashboard;

public sealed class WindowTimesTests : MudTestContext
{
    /// <summary>22:00–23:30 in Shanghai (UTC+8) on 15 December 2026: 14:00–15:30 UTC, 15:00–16:30 in Berlin (UTC+1).</summary>
    private static readonly GoLiveWindow ShanghaiEvening =
        GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 30, 0), "Asia/Shanghai");

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void A_window_is_shown_in_its_own_time_zone_and_in_the_viewers()
    {
        var cut = RenderMud<WindowTimes>(p => p.Add(x => x.Window, ShanghaiEvening).Add(x => x.ViewerTimeZone, Zone("Europe/Berlin")));

        cut.Find("[data-testid='window-in-zone']").TextContent.Should()
            .Contain("2026-12-15 22:00 – 23:30").And.Contain("Asia/Shanghai (UTC+08:00)");
        cut.Find("[data-testid='window-in-viewer-zone']").TextContent.Should()
            .Contain("Your time, Europe/Berlin (UTC+01:00)").And.Contain("2026-12-15 15:00 – 16:30");
        cut.FindAll("[data-testid='window-in-utc']").Should().BeEmpty();
    }

    [Fact]
    public void Until_the_browser_names_its_time_zone_the_window_is_also_shown_in_UTC()
    {
        var cut = RenderMud<WindowTimes>(p => p.Add(x => x.Window, ShanghaiEvening));

        cut.Find("[data-testid='window-in-utc']").TextContent.Should().Contain("UTC: 2026-12-15 14:00 – 15:30");
        cut.FindAll("[data-testid='window-in-viewer-zone']").Should().BeEmpty();
    }

    [Fact]
    public void A_viewer_in_the_windows_own_time_zone_gets_UTC_as_the_second_reference()
    {
        var cut = RenderMud<WindowTimes>(p => p.Add(x => x.Window, ShanghaiEvening).Add(x => x.ViewerTimeZone, Zone("Asia/Shanghai")));

        cut.FindAll("[data-testid='window-in-viewer-zone']").Should().BeEmpty();
        cut.Find("[data-testid='window-in-utc']").TextContent.Should().Contain("2026-12-15 14:00 – 15:30");
    }

    [Fact]
    public void A_viewer_west_of_UTC_sees_the_window_with_a_negative_offset()
    {
        var cut = RenderMud<WindowTimes>(p => p.Add(x => x.Window, ShanghaiEvening).Add(x => x.ViewerTimeZone, Zone("America/Los_Angeles")));

        // 14:00 UTC is 06:00 in Los Angeles (UTC-8).
        cut.Find("[data-testid='window-in-viewer-zone']").TextContent.Should()
            .Contain("America/Los_Angeles (UTC-08:00)").And.Contain("2026-12-15 06:00 – 07:30");
    }

    [Fact]
    public void A_window_across_midnight_shows_both_dates()
    {
        var late = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 23, 0, 0), new DateTime(2026, 12, 16, 1, 0, 0), "Asia/Shanghai");

        var cut = RenderMud<WindowTimes>(p => p.Add(x => x.Window, late));

        cut.Find("[data-testid='window-in-zone']").TextContent.Should().Contain("2026-12-15 23:00 – 2026-12-16 01:00");
        cut.Find("[data-testid='window-in-utc']").TextContent.Should().Contain("2026-12-15 15:00 – 17:00");
    }

    [Fact]
    public void The_upcoming_list_links_each_window_to_its_onboarding_in_the_readers_language()
    {
        UseCulture("zh-CN");
        var id = Guid.NewGuid();
        UpcomingWindow[] windows = [new(id, "Acme Robotics", Stage.GoLive, ShanghaiEvening)];

        var cut = RenderMud<UpcomingWindows>(p => p.Add(x => x.Windows, windows).Add(x => x.ViewerTimeZone, Zone("Europe/Berlin")));

        var row = cut.Find("[data-testid='upcoming-window']");
        row.QuerySelector("a")!.GetAttribute("href").Should().Be($"/onboardings/{id}");
        row.TextContent.Should().Contain("Acme Robotics").And.Contain("上线交接").And.Contain("你的时间，Europe/Berlin (UTC+01:00)");
    }

    [Fact]
    public void No_upcoming_window_says_so()
    {
        var cut = RenderMud<UpcomingWindows>(p => p.Add(x => x.Windows, Array.Empty<UpcomingWindow>()));

        cut.Find("[data-testid='upcoming-windows-empty']").TextContent.Should().Be("No go-live window in the next 14 days.");
    }
}
