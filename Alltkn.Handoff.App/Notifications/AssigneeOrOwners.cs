using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Who hears of an item's own notices (its due-date reminders and recheck date, "waiting on you", a new comment): the
/// person assigned to it while they are on the team (<see cref="TeamPeople"/>: an account that is not disabled and holds
/// a role), else the people holding its owner role, as when no one is assigned. An assignee who leaves the team stays on
/// the item until someone changes it, but is sent nothing (the dispatcher delivers to the team only): without this their
/// items' notices reached nobody. An id that names no account at all is not on the team either; a name without an account
/// (the sample workspace's) is no assignee, so its item is the owner role's already.
/// </summary>
/// <remarks>
/// Decided when a notice is written, in its outbox row's recipients (<see cref="ReminderScheduler"/>,
/// <see cref="NotificationOutbox.AddAsync"/>), so a notice made once ever (a reminder, "waiting on you") is not spent on
/// someone who cannot receive it. Someone who leaves after the row is written is not replaced: the row is delivered in
/// seconds.
/// </remarks>
public static class AssigneeOrOwners
{
    /// <summary>The assignee to tell, or null when the item's owner role is told instead: no one is assigned, or the assignee is not on the team.</summary>
    public static string? Told(string? assignee, IReadOnlySet<string> onTeam) => assignee is not null && onTeam.Contains(assignee) ? assignee : null;

    /// <summary>Which of these accounts are on the team (read 500 at a time).</summary>
    public static async Task<HashSet<string>> OnTeamAsync(AppDbContext db, IEnumerable<string?> accounts, CancellationToken cancellationToken)
    {
        var onTeam = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in accounts.OfType<string>().Distinct(StringComparer.Ordinal).Chunk(500))
        {
            onTeam.UnionWith(await TeamPeople.Of(db).Where(u => chunk.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken));
        }
        return onTeam;
    }

    /// <summary>
    /// The notification as its outbox row names its recipients: each of its <see cref="PlannedNotification.Assignees"/>
    /// who is not on the team is left out of <see cref="NotificationEvent.UserIds"/>, and their item's owner role is told instead.
    /// </summary>
    public static async Task<NotificationEvent> RecipientsAsync(AppDbContext db, PlannedNotification planned, CancellationToken cancellationToken)
    {
        if (planned.Assignees is not { Count: > 0 } assignees)
        {
            return planned.Event;
        }
        var onTeam = await OnTeamAsync(db, assignees.Select(a => a.UserId), cancellationToken);
        var gone = assignees.Where(a => Told(a.UserId, onTeam) is null).ToArray();
        if (gone.Length == 0)
        {
            return planned.Event;
        }
        var e = planned.Event;
        return e with
        {
            Roles = [.. e.Roles.Concat(gone.Select(a => a.OwnerRole)).Distinct().Order()],
            UserIds = [.. e.UserIds.Where(id => !gone.Any(a => a.UserId == id))],
        };
    }
}

/// <summary>A person a notification goes to as the assignee of an item, and that item's owner role, told instead when they are not on the team.</summary>
public sealed record ItemAssignee(string UserId, Role OwnerRole);
