using System.Globalization;

namespace Alltkn.Handoff.App.Components.Shared;

/// <summary>
/// How the workspace writes instants: ISO-like and unambiguous in both languages (2026-12-15 22:00), always with the
/// zone they are in. Stored instants are UTC.
/// </summary>
public static class Times
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm";

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The date it is now for someone in <paramref name="zone"/> (the reader's own today, not the server's): what "today",
    /// "in the past" and "not before today" mean on a page.
    /// </summary>
    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone));

    /// <summary>A UTC instant as "2026-11-20 10:02 UTC".</summary>
    public static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString(DateTimeFormat, CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A UTC instant in a time zone, as "2026-11-20 18:02".</summary>
    public static string In(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A span between two wall-clock times: the end's date is left out when it is the start's ("2026-12-15 22:00 – 23:30").</summary>
    public static string Range(DateTime start, DateTime end) =>
        start.Date == end.Date
            ? $"{start.ToString(DateTimeFormat, CultureInfo.InvariantCulture)} – {end.ToString("HH:mm", CultureInfo.InvariantCulture)}"
            : $"{start.ToString(DateTimeFormat, CultureInfo.InvariantCulture)} – {end.ToString(DateTimeFormat, CultureInfo.InvariantCulture)}";

    /// <summary>A UTC span in a time zone.</summary>
    public static string RangeIn(DateTime startUtc, DateTime endUtc, TimeZoneInfo zone) =>
        Range(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), zone),
            TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(endUtc, DateTimeKind.Utc), zone));

    /// <summary>A zone as "Asia/Shanghai (UTC+08:00)", its offset at the given instant (daylight saving counts).</summary>
    public static string Zone(TimeZoneInfo zone, DateTime atUtc)
    {
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc));
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return zone.Id is "UTC" or "Etc/UTC"
            ? "UTC"
            : $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm})";
    }

    /// <summary>Whether two zones show the same wall-clock time at that instant (then one of them says enough).</summary>
    public static bool SameClock(TimeZoneInfo a, TimeZoneInfo b, DateTime atUtc) =>
        a.GetUtcOffset(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc)) == b.GetUtcOffset(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc));
}
