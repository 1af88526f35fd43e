namespace Alltkn.Handoff.Tests.Builders;

/// <summary>Fixed instants for tests, so revision times and completion times can be asserted exactly.</summary>
public static class TestClock
{
    /// <summary>2026-11-20 10:00 UTC: the builders' default "now".</summary>
    public static readonly DateTime Now = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A later instant than <see cref="Now"/>, for "changed afterwards".</summary>
    public static DateTime Later(int minutes = 5) => Now.AddMinutes(minutes);
}
