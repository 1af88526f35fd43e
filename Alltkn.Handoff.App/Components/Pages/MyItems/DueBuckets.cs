using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Components.Pages.MyItems;

/// <summary>How soon an item is due, the groups of the My items page, in the order they are shown.</summary>
public enum DueBucket
{
    Overdue,
    Today,
    ThisWeek,
    Later,
    NoDueDate,

    /// <summary>Done or not applicable (shown only when asked for).</summary>
    Settled,
}

public static class DueBuckets
{
    /// <summary>Days ahead that still count as "this week".</summary>
    public const int WeekDays = 7;

    public static DueBucket Of(HandoffItem item, DateOnly today) => item switch
    {
        { IsSettled: true } => DueBucket.Settled,
        { DueDate: null } => DueBucket.NoDueDate,
        { DueDate: { } due } when due < today => DueBucket.Overdue,
        { DueDate: { } due } when due == today => DueBucket.Today,
        { DueDate: { } due } when due.DayNumber - today.DayNumber <= WeekDays => DueBucket.ThisWeek,
        _ => DueBucket.Later,
    };

    /// <summary>
    /// The rows in their groups, groups in <see cref="DueBucket"/> order (empty ones left out), each sorted by due
    /// date (earliest first, or latest first when <paramref name="latestFirst"/>), then customer, then checklist order.
    /// </summary>
    public static IReadOnlyList<(DueBucket Bucket, IReadOnlyList<ItemRow> Rows)> Group(
        IEnumerable<ItemRow> rows, DateOnly today, bool latestFirst = false) =>
        rows.GroupBy(r => Of(r.Item, today))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<ItemRow>)Sort(g, latestFirst).ToArray()))
            .ToArray();

    private static IEnumerable<ItemRow> Sort(IEnumerable<ItemRow> rows, bool latestFirst)
    {
        var byDue = latestFirst
            ? rows.OrderByDescending(r => r.Item.DueDate)
            : rows.OrderBy(r => r.Item.DueDate);
        return byDue.ThenBy(r => r.Customer, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Item.SortOrder);
    }
}
