using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>A person who appears in the revision log: the id changes are attributed to, and the name they had.</summary>
public sealed record LoggedPerson(string ActorId, string Name);

/// <summary>An onboarding by its customer, for filters and for naming log entries.</summary>
public sealed record OnboardingOption(Guid Id, string Customer);

/// <summary>Reads the workspace pages need across onboardings, beyond <see cref="OnboardingQueries"/>. Nothing here changes anything.</summary>
public sealed class WorkspaceQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>
    /// Items marked Blocked that hold the gate of their onboarding's working stage (the stage left, while on hold),
    /// each with its reason, in onboardings still on their way (not live, not cancelled); by customer, then checklist order.
    /// </summary>
    public async Task<IReadOnlyList<ItemRow>> BlockedAtGateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from item in db.HandoffItems.AsNoTracking()
                          join o in db.Onboardings.AsNoTracking() on item.OnboardingId equals o.Id
                          where item.Status == ItemStatus.Blocked && o.Stage != Stage.Cancelled && o.Stage != Stage.Live
                          select new { o.Id, o.Details.Customer, o.Stage, o.StageBeforeHold, Item = item })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => r.Item.Stage == (r.Stage == Stage.OnHold && r.StageBeforeHold is { } left ? left : r.Stage))
            .OrderBy(r => r.Customer, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Item.SortOrder)
            .Select(r => new ItemRow(r.Id, r.Customer, r.Stage, r.Item))
            .ToArray();
    }

    /// <summary>Everyone the revision log attributes a change to, by name (every name they were recorded with, if it changed).</summary>
    public async Task<IReadOnlyList<LoggedPerson>> PeopleInRevisionLogAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pairs = await db.Revisions.AsNoTracking()
            .Select(r => new { r.ActorId, r.ActorName })
            .Distinct()
            .ToListAsync(cancellationToken);
        return pairs
            .GroupBy(p => p.ActorId)
            .Select(g => new LoggedPerson(g.Key, string.Join(" / ", g.Select(p => p.ActorName).Order(StringComparer.CurrentCultureIgnoreCase))))
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToArray();
    }

    /// <summary>Every onboarding by customer name.</summary>
    public async Task<IReadOnlyList<OnboardingOption>> OnboardingNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboardings = await db.Onboardings.AsNoTracking()
            .Select(o => new { o.Id, o.Details.Customer })
            .ToListAsync(cancellationToken);
        return onboardings
            .Select(o => new OnboardingOption(o.Id, o.Customer))
            .OrderBy(o => o.Customer, StringComparer.CurrentCultureIgnoreCase)
            .ToArray();
    }
}
