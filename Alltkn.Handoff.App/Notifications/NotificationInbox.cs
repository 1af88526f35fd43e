using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>One notification as a person's list shows it.</summary>
public sealed record NotificationRow(Guid Id, NotificationKind Kind, string Subject, string Body, string Link, DateTime CreatedAtUtc, bool IsRead);

/// <summary>One page of a person's notifications, newest first, and how many there are.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationRow> Rows, int Total);

/// <summary>
/// The signed-in person's own notifications: the unread count for the bell, pages of the list (newest first, paged in
/// the database), and marking one or all read. Nobody reads or marks anyone else's.
/// </summary>
/// <remarks>
/// Notifications name the workspace's customers and items, so they are the team's to read (<see cref="HandoffPolicy.MayRead"/>,
/// as every other read of the workspace, <see cref="Refusals.TeamReaderAsync"/>): an account whose roles were all taken away
/// reads none of those it was sent while it had one (and is sent no more: <see cref="OutboxDispatcher"/>), and neither does
/// a guest, who holds no role.
/// </remarks>
public sealed class NotificationInbox(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    NotificationSignal signal,
    TimeProvider clock,
    ILogger<NotificationInbox> logger)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// The person's unread count; null for a person who may not read their notifications (no log line: the bell asks on
    /// every page whoever is signed in).
    /// </summary>
    public async Task<int?> UnreadCountAsync(CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamMemberAsync(cancellationToken) is not { } actor)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Notification>().CountAsync(n => n.RecipientId == actor.UserId && n.ReadAtUtc == null, cancellationToken);
    }

    /// <summary>A page of the person's notifications, newest first; null (and a log line) for a person who may not read them.</summary>
    public async Task<NotificationPage?> PageAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read their notifications", cancellationToken) is not { } actor)
        {
            return null;
        }
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(0, page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.RecipientId == actor.UserId);
        var total = await mine.CountAsync(cancellationToken);
        var rows = await mine.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(n => new NotificationRow(n.Id, n.Kind, n.Subject, n.Body, n.Link, n.CreatedAtUtc, n.ReadAtUtc != null))
            .ToListAsync(cancellationToken);
        return new NotificationPage(rows, total);
    }

    /// <summary>Marks one of the person's notifications read (someone else's: nothing happens).</summary>
    public Task<int> MarkReadAsync(Guid notificationId, CancellationToken cancellationToken = default) =>
        MarkAsync(notificationId, cancellationToken);

    public Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default) => MarkAsync(null, cancellationToken);

    private async Task<int> MarkAsync(Guid? notificationId, CancellationToken cancellationToken)
    {
        if (await currentActor.TeamMemberAsync(cancellationToken) is not { } actor)
        {
            return 0;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        int marked;
        using (var turn = (await WriteGate.Save(db, cancellationToken)).Here())
        {
            marked = await Busy.RetryAsync(() => db.Set<Notification>()
                .Where(n => n.RecipientId == actor.UserId && n.ReadAtUtc == null && (notificationId == null || n.Id == notificationId))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken), cancellationToken);
        }
        if (marked > 0)
        {
            signal.Publish([actor.UserId]);
        }
        return marked;
    }
}
