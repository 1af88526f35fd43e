namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>The time zones offered for a go-live window (IANA ids); Asia/Shanghai first, as most customers are in China.</summary>
public static class TimeZones
{
    public const string Default = "Asia/Shanghai";

    public static readonly IReadOnlyList<string> Common =
    [
        "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul",
        "Asia/Kolkata", "Asia/Dubai", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Moscow",
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
        "Australia/Sydney", "UTC",
    ];

    /// <summary>The zone with its current UTC offset, e.g. "Asia/Shanghai (UTC+08:00)".</summary>
    public static string Describe(string id, DateTime? atUtc = null)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return id;
        }
        var offset = zone.GetUtcOffset(atUtc ?? DateTime.UtcNow);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{id} (UTC{sign}{offset.Duration():hh\\:mm})";
    }
}
