namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>A clock the test moves by hand, so revision times, due dates and date-range queries are exact.</summary>
public sealed class SettableClock(DateTime utcNow) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTime _utcNow = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);

    public DateTime UtcNow
    {
        get
        {
            lock (_lock)
            {
                return _utcNow;
            }
        }
        set
        {
            lock (_lock)
            {
                _utcNow = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            }
        }
    }

    public void Advance(TimeSpan span) => UtcNow += span;

    public override DateTimeOffset GetUtcNow() => new(UtcNow);
}
