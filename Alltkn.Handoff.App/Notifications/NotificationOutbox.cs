using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// The one hook in <see cref="Services.OnboardingService"/>'s pipeline: called after the domain acted and before the
/// save, it adds the change's notifications to the same context, so they are written in the change's transaction or
/// not at all. What the onboarding was before (<see cref="OnboardingBefore.Of"/>) is taken by the service before the domain acts.
/// </summary>
public static class NotificationOutbox
{
    /// <summary>Adds the notifications of the change the domain made to <paramref name="onboarding"/>, which stood as <paramref name="before"/>.</summary>
    public static async Task RecordAsync(AppDbContext db, Onboarding onboarding, OnboardingBefore before, Actor actor, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        await AddAsync(db, NotificationRules.For(onboarding, before, actor), nowUtc, cancellationToken);
    }

    /// <summary>
    /// Adds these notifications to the context (each once ever when it has a dedupe key), to be saved with it; an item's
    /// assignee who is no longer on the team is replaced by the item's owner role here (<see cref="AssigneeOrOwners"/>).
    /// </summary>
    public static async Task AddAsync(AppDbContext db, IEnumerable<PlannedNotification> planned, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        foreach (var notification in planned)
        {
            var dedupeKey = notification.DedupeKey;
            if (dedupeKey is not null && await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == dedupeKey, cancellationToken))
            {
                continue;
            }
            var e = await AssigneeOrOwners.RecipientsAsync(db, notification, cancellationToken);
            db.Set<OutboxMessage>().Add(new OutboxMessage(OutboxTypes.Notification, e.ToJson(), nowUtc, dedupeKey));
        }
    }
}
