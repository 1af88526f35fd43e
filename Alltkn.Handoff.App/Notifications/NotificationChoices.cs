using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>A person's notification choices: per kind how it reaches them, and their digest time.</summary>
public sealed record NotificationChoiceSet(IReadOnlyDictionary<NotificationKind, NotificationDelivery> PerKind, TimeOnly DigestTime)
{
    /// <summary>The kinds that can reach the person (<see cref="NotificationChoices.CanReach"/>): the ones offered to choose for.</summary>
    public IReadOnlyList<NotificationKind> Offered { get; init; } = Enum.GetValues<NotificationKind>();
}

/// <summary>
/// The signed-in person's notification choices on <c>/account</c>: read (unset: in the app only, digest at 08:00) and
/// stored, with a revision entry saying what changed.
/// </summary>
public sealed class NotificationChoices(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    IOptions<EmailOptions> email,
    TimeProvider clock)
{
    public bool EmailEnabled => email.Value.Enabled;

    /// <summary>
    /// Whether notifications of <paramref name="kind"/> can reach <paramref name="actor"/> at all: only a member of the team
    /// (a role in the workspace, <see cref="HandoffPolicy.MayRead"/>; never a guest, and nobody whose roles were all taken
    /// away: <c>OutboxDispatcher</c> reaches only them); a paused webhook is told to team admins only (<c>WebhookSender</c>);
    /// every other kind can reach any team member (through a role they hold, an item they own or are assigned to, or a
    /// thread they commented on).
    /// </summary>
    public static bool CanReach(NotificationKind kind, Actor actor) =>
        HandoffPolicy.MayRead(actor) && (kind != NotificationKind.WebhookPaused || actor.Has(Role.TeamAdmin));

    public async Task<NotificationChoiceSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        var perKind = Enum.GetValues<NotificationKind>().ToDictionary(k => k, _ => NotificationDelivery.InApp);
        if (actor is null)
        {
            return new NotificationChoiceSet(perKind, DigestSchedule.DefaultTime);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var stored in await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == actor.UserId).ToListAsync(cancellationToken))
        {
            perKind[stored.Kind] = stored.Delivery;
        }
        var at = await db.Set<DigestSchedule>().AsNoTracking().Where(d => d.UserId == actor.UserId).Select(d => (TimeOnly?)d.LocalTime)
            .FirstOrDefaultAsync(cancellationToken);
        return new NotificationChoiceSet(perKind, at ?? DigestSchedule.DefaultTime)
        {
            Offered = [.. Enum.GetValues<NotificationKind>().Where(kind => CanReach(kind, actor))],
        };
    }

    public async Task<Outcome> SaveAsync(NotificationChoiceSet choices, CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { } actor)
        {
            return Outcome.Forbidden("Sign in to change your notification choices.");
        }
        var before = await LoadAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Set<NotificationPreference>().Where(p => p.UserId == actor.UserId).ToDictionaryAsync(p => p.Kind, cancellationToken);
        foreach (var (kind, delivery) in choices.PerKind)
        {
            if (stored.TryGetValue(kind, out var row))
            {
                row.Delivery = delivery;
            }
            else if (delivery != NotificationDelivery.InApp)
            {
                db.Add(new NotificationPreference(actor.UserId, kind, delivery));
            }
        }
        var schedule = await db.Set<DigestSchedule>().FirstOrDefaultAsync(d => d.UserId == actor.UserId, cancellationToken);
        if (schedule is null)
        {
            db.Add(new DigestSchedule(actor.UserId, choices.DigestTime));
        }
        else
        {
            schedule.LocalTime = choices.DigestTime;
        }
        var (was, now) = (Describe(before), Describe(choices));
        if (was != now)
        {
            db.Revisions.Add(RevisionEntry.By(actor, clock.GetUtcNow().UtcDateTime, null, RevisionKind.UserChanged, "Notification choices", was, now));
        }
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    private static string Describe(NotificationChoiceSet choices) =>
        string.Join("; ", choices.PerKind.Where(c => c.Value != NotificationDelivery.InApp).OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))
        + $"; digest at {choices.DigestTime:HH\\:mm}";
}
