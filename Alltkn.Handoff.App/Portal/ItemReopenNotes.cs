using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Portal;

/// <summary>The last reopening of an item the customer completed: who reopened it, when, and why.</summary>
public sealed record ReopenNote(Guid ItemId, string ByName, string Reason, DateTime AtUtc);

/// <summary>
/// "Reopened by X: reason" on an item the customer completes (issue 11, point 3), read from the revision entry that
/// <see cref="OnboardingService.ReopenCustomerItemAsync"/> wrote (an item change from done to open, by the team, with a
/// reason). Shown while the item is not done again. The team reads every note (<see cref="HandoffPolicy.MayRead"/>); a
/// guest only those of items they see (<see cref="HandoffPolicy.MaySeeItem"/>) — the note, never the revision log.
/// </summary>
public sealed class ItemReopenNotes(IDbContextFactory<AppDbContext> dbFactory, ICurrentActor currentActor)
{
    /// <summary>The notes of the onboarding's items that are reopened now (not done again), by item; empty for anyone else.</summary>
    public async Task<IReadOnlyDictionary<Guid, ReopenNote>> ForOnboardingAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null || !HandoffPolicy.MayReadOnboarding(actor, onboardingId))
        {
            return new Dictionary<Guid, ReopenNote>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await db.HandoffItems.AsNoTracking()
            .Where(i => i.OnboardingId == onboardingId && i.Status != ItemStatus.Done)
            .ToListAsync(cancellationToken);
        var open = items.Where(i => HandoffPolicy.MaySeeItem(actor, i) && i.CustomerRole == Domain.Templates.CustomerRole.Completes)
            .Select(i => i.Id).ToArray();
        if (open.Length == 0)
        {
            return new Dictionary<Guid, ReopenNote>();
        }
        var entries = await db.Revisions.AsNoTracking()
            .Where(r => r.OnboardingId == onboardingId && r.Kind == RevisionKind.ItemChanged && r.ItemId != null && open.Contains(r.ItemId.Value)
                        && !r.ByCustomer && r.Reason != null && r.Before != null && r.After != null
                        && r.Before.StartsWith("Status: Done") && r.After.StartsWith("Status: Open"))
            .Select(r => new { ItemId = r.ItemId!.Value, r.ActorName, r.Reason, r.AtUtc })
            .ToListAsync(cancellationToken);
        return entries.GroupBy(e => e.ItemId)
            .Select(g => g.OrderByDescending(e => e.AtUtc).First())
            .ToDictionary(e => e.ItemId, e => new ReopenNote(e.ItemId, e.ActorName, e.Reason!, e.AtUtc));
    }
}
