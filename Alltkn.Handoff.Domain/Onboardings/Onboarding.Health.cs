using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>Health: the question "how is this onboarding doing?", answered in words and numbers from its due items and its stage's days.</summary>
public sealed partial class Onboarding
{
    /// <summary>What lists sort and filter by (see <see cref="HealthSummary"/>), refreshed with every change.</summary>
    public HealthSummary Health { get; private set; } = HealthSummary.None;

    /// <summary>The health on <paramref name="today"/> (UTC), with every reason (see <see cref="HealthCheck"/>).</summary>
    public HealthCheck CheckHealth(DateOnly today)
    {
        if (IsClosed)
        {
            return new HealthCheck(HealthLevel.NotTracked, today, 0, 0, 0, null,
                [new HealthReason(HealthReasonCode.Cancelled, HealthLevel.NotTracked, "Cancelled: health is no longer tracked.")], null);
        }
        var onHold = Stage == Stage.OnHold;
        var asOf = onHold && HeldSinceUtc is { } since ? WorkingDays.DateOf(since) : today;
        var dated = _items.Where(i => i.DueDate is not null && i.Status != ItemStatus.NotApplicable).ToArray();
        var dueSoFar = dated.Count(i => i.DueDate <= asOf);
        var overdue = dated.Count(i => i.IsOverdue(asOf));
        var stage = WorkingStage;
        var expected = Stage == Stage.Live ? null : ChecklistTemplates.ExpectedWorkingDays(stage);
        var days = WorkingDays.Between(StageStartedOn, asOf);

        var reasons = new List<HealthReason>();
        if (onHold)
        {
            reasons.Add(new HealthReason(HealthReasonCode.OnHold, HealthLevel.OnTrack,
                $"On hold since {asOf:yyyy-MM-dd}: the clock stands still until it resumes.", Since: asOf));
        }
        var byOverdue = HealthCheck.LevelOfOverdue(overdue, dueSoFar);
        reasons.Add(dueSoFar == 0
            ? new HealthReason(HealthReasonCode.NothingDueYet, byOverdue, "No item is due yet.")
            : new HealthReason(HealthReasonCode.OverdueItems, byOverdue,
                $"{overdue} of {dueSoFar} items due so far overdue ({100 * overdue / dueSoFar} %).", overdue, dueSoFar));
        var byDays = HealthCheck.LevelOfDays(days, expected);
        if (expected is { } e)
        {
            reasons.Add(new HealthReason(HealthReasonCode.DaysInStage, byDays,
                $"{days} working days in {stage}; the template expects {e}.", days, e, stage, StageStartedOn));
        }
        var level = (HealthLevel)Math.Max((int)byOverdue, (int)byDays);
        return new HealthCheck(level, asOf, dueSoFar, overdue, days, expected,
            reasons.OrderByDescending(r => r.Level).ToArray(), onHold ? null : NextHealthChange(dated, asOf, expected));
    }

    /// <summary>
    /// Computes <see cref="Health"/> again as of <paramref name="today"/>. Every change of the aggregate calls it; the
    /// app's health refresh calls it for rows whose <see cref="HealthSummary.ChangesOn"/> has come. Returns whether it changed.
    /// </summary>
    public bool RefreshHealth(DateOnly today)
    {
        var health = HealthSummary.Of(CheckHealth(today));
        if (health == Health)
        {
            return false;
        }
        Health = health;
        return true;
    }

    /// <summary>The first day after <paramref name="asOf"/> on which an input of health changes by time alone.</summary>
    private DateOnly? NextHealthChange(IEnumerable<HandoffItem> dated, DateOnly asOf, int? expected)
    {
        var candidates = new List<DateOnly>();
        foreach (var item in dated)
        {
            var due = item.DueDate!.Value;
            candidates.Add(due);
            if (!item.IsSettled)
            {
                candidates.Add(due.AddDays(1));
            }
        }
        if (expected is { } e)
        {
            candidates.Add(WorkingDays.Add(StageStartedOn, e + 1));
            candidates.Add(WorkingDays.Add(StageStartedOn, 2 * e + 1));
        }
        var later = candidates.Where(d => d > asOf).ToArray();
        return later.Length == 0 ? null : later.Min();
    }

    /// <summary>After every change: the gate summary and the health, as of the change's day.</summary>
    private void Refresh(DateTime nowUtc)
    {
        RefreshSummary();
        RefreshHealth(WorkingDays.DateOf(nowUtc));
    }
}
