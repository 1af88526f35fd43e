namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// The calendar due dates and health count in: Monday to Friday. Public holidays (and China's make-up working
/// weekends, 调休) are not known to it: a date landing on one is moved by a person, which the log keeps.
/// </summary>
public static class WorkingDays
{
    public static bool IsWorkingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>
    /// The working day <paramref name="days"/> working days after <paramref name="from"/> (before, when negative).
    /// Zero gives <paramref name="from"/> itself when it is a working day, else the next one.
    /// </summary>
    public static DateOnly Add(DateOnly from, int days)
    {
        var date = from;
        if (days == 0)
        {
            while (!IsWorkingDay(date))
            {
                date = date.AddDays(1);
            }
            return date;
        }
        var step = Math.Sign(days);
        for (var left = Math.Abs(days); left > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                left--;
            }
        }
        return date;
    }

    /// <summary>
    /// The working day <paramref name="days"/> working days before <paramref name="date"/>; zero gives the date itself
    /// when it is a working day, else the working day before it.
    /// </summary>
    public static DateOnly Before(DateOnly date, int days)
    {
        if (days > 0)
        {
            return Add(date, -days);
        }
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(-1);
        }
        return date;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not later).</summary>
    public static int Between(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return 0;
        }
        var days = to.DayNumber - from.DayNumber;
        var weeks = days / 7;
        var count = weeks * 5;
        for (var date = from.AddDays(weeks * 7 + 1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The date (UTC) of an instant, the day the workspace counts in.</summary>
    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(utc);
}
