using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Domain;

public sealed class GoLiveWindowTests
{
    [Fact]
    public void A_window_in_Asia_Shanghai_is_kept_in_utc_eight_hours_earlier()
    {
        var window = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 16, 1, 30, 0), "Asia/Shanghai");

        window.StartUtc.Should().Be(new DateTime(2026, 12, 15, 14, 0, 0, DateTimeKind.Utc));
        window.EndUtc.Should().Be(new DateTime(2026, 12, 15, 17, 30, 0, DateTimeKind.Utc));
        window.StartUtc.Kind.Should().Be(DateTimeKind.Utc);
        window.EndUtc.Kind.Should().Be(DateTimeKind.Utc);
        window.TimeZoneId.Should().Be("Asia/Shanghai");
        window.StartLocal.Should().Be(new DateTime(2026, 12, 15, 22, 0, 0));
        window.EndLocal.Should().Be(new DateTime(2026, 12, 16, 1, 30, 0));
        window.ToString().Should().Be("2026-12-15 22:00 – 2026-12-16 01:30 (Asia/Shanghai)");
    }

    [Fact]
    public void The_local_times_are_read_as_wall_clock_times_whatever_their_kind()
    {
        var utcKind = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 15, 23, 0, 0, DateTimeKind.Utc), "Asia/Shanghai");

        utcKind.StartUtc.Should().Be(new DateTime(2026, 12, 15, 14, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void A_window_in_utc_is_kept_as_given()
    {
        var window = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 14, 0, 0), new DateTime(2026, 12, 15, 15, 0, 0), "UTC");

        window.StartUtc.Should().Be(new DateTime(2026, 12, 15, 14, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Two_windows_at_the_same_instants_in_the_same_zone_are_equal()
    {
        var a = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 0, 0), "Asia/Shanghai");
        var b = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 0, 0), "Asia/Shanghai");

        a.Should().Be(b);
    }

    [Theory]
    [InlineData(22, 21)]
    [InlineData(22, 22)]
    public void An_end_before_or_at_the_start_is_refused_with_a_clear_message(int startHour, int endHour)
    {
        var act = () => GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, startHour, 0, 0), new DateTime(2026, 12, 15, endHour, 0, 0), "Asia/Shanghai");

        var refused = act.Should().Throw<DomainException>().Which;
        refused.Code.Should().Be("window.end-before-start");
        refused.Message.Should().Contain("ends").And.Contain("before it starts").And.Contain("Set an end after the start");
        refused.Message.Should().Contain($"2026-12-15 {endHour:00}:00").And.Contain($"2026-12-15 {startHour:00}:00");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("UTC+8")]
    public void An_unknown_time_zone_is_refused_with_a_clear_message(string? zone)
    {
        var act = () => GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 0, 0), zone!);

        var refused = act.Should().Throw<DomainException>().Which;
        refused.Code.Should().Be("window.time-zone");
        refused.Message.Should().Contain("not a known time zone").And.Contain("Asia/Shanghai");
    }

    [Fact]
    public void A_start_that_does_not_exist_because_the_clocks_move_forward_is_refused_with_a_clear_message()
    {
        // Europe/Berlin skips 02:00–03:00 on 2026-03-29.
        var act = () => GoLiveWindow.FromLocal(new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 29, 4, 0, 0), "Europe/Berlin");

        var refused = act.Should().Throw<DomainException>().Which;
        refused.Code.Should().Be("window.invalid-time");
        refused.Message.Should().Contain("2026-03-29 02:30").And.Contain("Europe/Berlin");
    }

    [Fact]
    public void An_end_that_does_not_exist_because_the_clocks_move_forward_is_refused_with_a_clear_message()
    {
        var act = () => GoLiveWindow.FromLocal(new DateTime(2026, 3, 29, 1, 0, 0), new DateTime(2026, 3, 29, 2, 15, 0), "Europe/Berlin");

        act.Should().Throw<DomainException>().Which.Code.Should().Be("window.invalid-time");
    }

    [Fact]
    public void A_window_across_the_change_to_summer_time_is_kept_in_utc()
    {
        var window = GoLiveWindow.FromLocal(new DateTime(2026, 3, 29, 1, 0, 0), new DateTime(2026, 3, 29, 4, 0, 0), "Europe/Berlin");

        window.StartUtc.Should().Be(new DateTime(2026, 3, 29, 0, 0, 0, DateTimeKind.Utc));
        window.EndUtc.Should().Be(new DateTime(2026, 3, 29, 2, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void A_start_that_occurs_twice_because_the_clocks_move_back_is_refused_with_a_clear_message()
    {
        // Europe/Berlin repeats 02:00–03:00 on 2026-10-25: first in summer time (UTC+2), then in standard time (UTC+1).
        var act = () => GoLiveWindow.FromLocal(new DateTime(2026, 10, 25, 2, 30, 0), new DateTime(2026, 10, 25, 2, 45, 0), "Europe/Berlin");

        var refused = act.Should().Throw<DomainException>().Which;
        refused.Code.Should().Be("window.ambiguous-time");
        refused.Message.Should().Contain("2026-10-25 02:30").And.Contain("Europe/Berlin").And.Contain("occurs twice")
            .And.Contain("outside the hour");
    }

    [Fact]
    public void An_end_that_occurs_twice_because_the_clocks_move_back_is_refused()
    {
        var act = () => GoLiveWindow.FromLocal(new DateTime(2026, 10, 25, 1, 0, 0), new DateTime(2026, 10, 25, 2, 30, 0), "Europe/Berlin");

        act.Should().Throw<DomainException>().Which.Code.Should().Be("window.ambiguous-time");
    }

    [Fact]
    public void A_window_across_the_change_back_to_standard_time_is_kept_in_utc()
    {
        var window = GoLiveWindow.FromLocal(new DateTime(2026, 10, 25, 1, 0, 0), new DateTime(2026, 10, 25, 3, 30, 0), "Europe/Berlin");

        window.StartUtc.Should().Be(new DateTime(2026, 10, 24, 23, 0, 0, DateTimeKind.Utc));
        window.EndUtc.Should().Be(new DateTime(2026, 10, 25, 2, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void StartsWithin_tells_whether_the_window_opens_within_a_span()
    {
        var window = GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 0, 0), "Asia/Shanghai");

        window.StartsWithin(new DateTime(2026, 12, 14, 14, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(1)).Should().BeTrue();
        window.StartsWithin(new DateTime(2026, 12, 14, 13, 59, 0, DateTimeKind.Utc), TimeSpan.FromDays(1)).Should().BeFalse();
        window.StartsWithin(new DateTime(2026, 12, 15, 14, 1, 0, DateTimeKind.Utc), TimeSpan.FromDays(1)).Should().BeFalse();
    }
}
