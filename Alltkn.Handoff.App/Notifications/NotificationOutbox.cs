using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// The one hook in <see cref="Services.OnboardingService"/>'s pipeline: called after the domain acted and before the
/// save, it adds the change's notifications to the same context, so they are written in the change's transaction or
/// not at all. What the onboarding was before is read from the context's change tracker (original values).
/// </summary>
public static class NotificationOutbox
{
    public static async Task RecordAsync(AppDbContext db, Onboarding onboarding, Actor actor, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        await AddAsync(db, NotificationRules.For(onboarding, Before(db, onboarding), actor), nowUtc, cancellationToken);
    }

    /// <summary>Adds these notifications to the context (each once ever when it has a dedupe key), to be saved with it.</summary>
    public static async Task AddAsync(AppDbContext db, IEnumerable<PlannedNotification> planned, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        foreach (var (notification, dedupeKey) in planned)
        {
            if (dedupeKey is not null && await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == dedupeKey, cancellationToken))
            {
                continue;
            }
            db.Set<OutboxMessage>().Add(new OutboxMessage(OutboxTypes.Notification, notification.ToJson(), nowUtc, dedupeKey));
        }
    }

    /// <summary>The onboarding and its items as loaded, before the domain changed them.</summary>
    /// <remarks>
    /// Read from the tracked entries' original values, which need no detection of changes: with automatic detection on,
    /// every <c>Entry</c> call detected the changes of its row (every property of every item boxed and compared) and every
    /// <c>Property(lambda)</c> built an expression tree, about 200 KB per item update for nothing.
    /// </remarks>
    public static OnboardingBefore Before(AppDbContext db, Onboarding onboarding)
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var entry = db.Entry(onboarding);
            if (entry.State == EntityState.Added)
            {
                return OnboardingBefore.New;
            }
            var items = new Dictionary<Guid, ItemBefore>(onboarding.Items.Count);
            foreach (var item in onboarding.Items)
            {
                var itemEntry = db.Entry(item);
                if (itemEntry.State is EntityState.Added or EntityState.Detached)
                {
                    continue;
                }
                var original = itemEntry.OriginalValues;
                items[item.Id] = new ItemBefore(original.GetValue<ItemStatus>(nameof(HandoffItem.Status)),
                    original.GetValue<string?>(nameof(HandoffItem.AssigneeUserId)));
            }
            return new OnboardingBefore(entry.OriginalValues.GetValue<Stage>(nameof(Onboarding.Stage)), items);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
