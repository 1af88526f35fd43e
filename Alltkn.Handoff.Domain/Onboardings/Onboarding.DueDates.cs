using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>Due dates from the template: set when a stage starts, stopped by a hold and moved on by the time held.</summary>
public sealed partial class Onboarding
{
    /// <summary>
    /// The day the working stage started (UTC), moved on by the working days spent on hold: the clock health counts
    /// the days in a stage by.
    /// </summary>
    public DateOnly StageStartedOn { get; private set; }

    /// <summary>While on hold (and after a cancel from hold): when the hold began.</summary>
    public DateTime? HeldSinceUtc { get; private set; }

    /// <summary>
    /// A stage starts (the first at opening, each after a forward move, Go-live again after a rollback): each of its
    /// items not yet settled gets the due date its template gives, unless it already has one still to come (a person
    /// set it while preparing it early). Each date is recorded as set by the person who started the stage, with why.
    /// </summary>
    private void StartStage(Stage stage, Actor actor, DateTime nowUtc, bool opening = false)
    {
        var start = WorkingDays.DateOf(nowUtc);
        StageStartedOn = start;
        foreach (var item in ItemsOf(stage).Where(i => !i.IsSettled))
        {
            if (ChecklistTemplates.Find(item.Key)?.Due is not { } rule || item.DueDate >= start)
            {
                continue;
            }
            var (due, why) = rule.DueFor(stage, start, Details.ExpectedGoLiveDate);
            SetDue(item, due, why, actor, nowUtc, stored: !opening);
        }
    }

    private void StopClock(DateTime nowUtc) => HeldSinceUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);

    /// <summary>
    /// Resumed: the clock stood still on hold, so the stage's start and every open due date move on by the working days
    /// held (none when held and resumed within a day or over a weekend).
    /// </summary>
    private void RestartClock(Actor actor, DateTime nowUtc)
    {
        var since = HeldSinceUtc;
        HeldSinceUtc = null;
        if (since is null)
        {
            return;
        }
        var from = WorkingDays.DateOf(since.Value);
        var to = WorkingDays.DateOf(nowUtc);
        var held = WorkingDays.Between(from, to);
        if (held == 0)
        {
            return;
        }
        StageStartedOn = WorkingDays.Add(StageStartedOn, held);
        var why = $"Moved on by {held} working days: the onboarding was on hold from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}.";
        foreach (var item in _items.Where(i => !i.IsSettled && i.DueDate is not null).OrderBy(i => i.SortOrder))
        {
            SetDue(item, WorkingDays.Add(item.DueDate!.Value, held), why, actor, nowUtc);
        }
    }

    private void SetDue(HandoffItem item, DateOnly due, string why, Actor actor, DateTime nowUtc, bool stored = true)
    {
        if (item.SetDue(due, stored) is { } change)
        {
            Record(actor, nowUtc, RevisionKind.ItemChanged, item.Title, change.Before, change.After, why, item.Id);
        }
    }
}
