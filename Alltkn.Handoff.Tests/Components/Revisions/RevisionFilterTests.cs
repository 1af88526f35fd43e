using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.Tests.Components.Revisions;

public sealed class RevisionFilterTests
{
    [Fact]
    public void The_address_round_trips_every_filter_and_the_place_in_the_log()
    {
        var id = Guid.NewGuid();
        var place = new RevisionCursor(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), Guid.NewGuid());

        var filter = RevisionFilter.Parse("user-7", id.ToString(), "stagemoved", "2026-11-01", "2026-11-30", place.ToString(), null, "101");

        filter.Should().Be(new RevisionFilter
        {
            Person = "user-7", Onboarding = id, Kind = RevisionKind.StageMoved,
            From = new DateOnly(2026, 11, 1), To = new DateOnly(2026, 11, 30), Before = place, First = 101,
        });
        filter.ToQueryParameters().Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["person"] = "user-7", ["onboarding"] = id.ToString(), ["kind"] = "StageMoved",
            ["from"] = "2026-11-01", ["to"] = "2026-11-30", ["before"] = place.ToString(), ["after"] = null, ["n"] = "101", ["page"] = null,
        });
    }

    [Fact]
    public void Dates_beyond_what_the_log_can_hold_are_left_out_and_named()
    {
        var filter = RevisionFilter.Parse(null, null, null, "2026-11-01", "9999-12-31");

        filter.From.Should().Be(new DateOnly(2026, 11, 1));
        filter.To.Should().BeNull();
        filter.OutOfRange.Should().Equal(("to", "9999-12-31"));
        var query = () => filter.ToQuery();
        query.Should().NotThrow("the last date there is has no day after it, and is never asked for");
    }

    [Fact]
    public void Malformed_values_are_ignored_rather_than_an_error()
    {
        var filter = RevisionFilter.Parse("  ", "not-a-guid", "Nonsense", "30/11/2026", "2026-13-01", "-2", "x-y", "-5");

        filter.Should().Be(new RevisionFilter());
        filter.ToQueryParameters().Values.Should().OnlyContain(v => v == null, "an empty filter leaves the address clean");
    }

    [Fact]
    public void Dates_are_whole_UTC_days_with_both_ends_included()
    {
        var query = new RevisionFilter { From = new DateOnly(2026, 11, 20), To = new DateOnly(2026, 11, 20) }.ToQuery();

        query.FromUtc.Should().Be(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        query.ToUtc.Should().Be(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc), "the end is exclusive in the query, so the whole day counts");
        query.PageSize.Should().Be(RevisionFilter.PageSize);
    }

    [Fact]
    public void A_from_date_after_the_to_date_is_noticed()
    {
        new RevisionFilter { From = new DateOnly(2026, 11, 21), To = new DateOnly(2026, 11, 20) }.DatesReversed.Should().BeTrue();
        new RevisionFilter { From = new DateOnly(2026, 11, 20), To = new DateOnly(2026, 11, 20) }.DatesReversed.Should().BeFalse();
    }
}
