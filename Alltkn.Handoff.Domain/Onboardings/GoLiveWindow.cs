using Alltkn.Handoff.Domain.Common;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// When the onboarding goes live: a start and an end in a named time zone (IANA id, e.g. Asia/Shanghai).
/// Kept in UTC so windows can be listed and compared across time zones.
/// </summary>
public sealed record GoLiveWindow
{
    private GoLiveWindow(DateTime startUtc, DateTime endUtc, string timeZoneId)
    {
        StartUtc = startUtc;
        EndUtc = endUtc;
        TimeZoneId = timeZoneId;
    }

    public DateTime StartUtc { get; private init; }

    public DateTime EndUtc { get; private init; }

    public string TimeZoneId { get; private init; }

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public DateTime StartLocal => TimeZoneInfo.ConvertTimeFromUtc(StartUtc, TimeZone);

    public DateTime EndLocal => TimeZoneInfo.ConvertTimeFromUtc(EndUtc, TimeZone);

    /// <summary>
    /// A window given in the wall-clock time of <paramref name="timeZoneId"/>. A start or end the zone does not have
    /// (the hour skipped when the clocks move forward) is refused, and so is one it has twice (the hour repeated when
    /// they move back): converting it would pick one of the two instants for the person, an hour off if they meant
    /// the other, so they are asked for a time outside that hour instead.
    /// </summary>
    public static GoLiveWindow FromLocal(DateTime startLocal, DateTime endLocal, string timeZoneId)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId ?? "", out var zone))
        {
            throw new DomainException("window.time-zone",
                $"'{timeZoneId}' is not a known time zone. Choose one such as Asia/Shanghai or UTC.", timeZoneId);
        }
        if (endLocal <= startLocal)
        {
            throw new DomainException("window.end-before-start",
                $"The go-live window ends ({endLocal:yyyy-MM-dd HH:mm}) before it starts ({startLocal:yyyy-MM-dd HH:mm}). Set an end after the start.",
                endLocal, startLocal);
        }
        foreach (var local in new[] { startLocal, endLocal })
        {
            if (zone.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)))
            {
                throw new DomainException("window.invalid-time",
                    $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks move forward then. Choose a time an hour later or earlier.",
                    local, zone.Id);
            }
            if (zone.IsAmbiguousTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)))
            {
                throw new DomainException("window.ambiguous-time",
                    $"{local:yyyy-MM-dd HH:mm} occurs twice in {zone.Id} that day: the clocks move back then. Choose a time outside the hour that repeats.",
                    local, zone.Id);
            }
        }
        var start = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(startLocal, DateTimeKind.Unspecified), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(endLocal, DateTimeKind.Unspecified), zone);
        return new GoLiveWindow(start, end, zone.Id);
    }

    public bool StartsWithin(DateTime fromUtc, TimeSpan span) => StartUtc >= fromUtc && StartUtc <= fromUtc + span;

    public override string ToString() => $"{StartLocal:yyyy-MM-dd HH:mm} – {EndLocal:yyyy-MM-dd HH:mm} ({TimeZoneId})";
}
