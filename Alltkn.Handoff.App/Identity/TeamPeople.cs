using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// The team, as stored: accounts that are not disabled and hold at least one of the workspace's roles (<see cref="Role"/>,
/// viewers included) — the people who may read the onboardings (<see cref="HandoffPolicy.MayRead"/>). A customer's guest
/// holds only the Identity role <see cref="Portal.GuestAccess.RoleName"/> and is not on the team. Notifications reach only
/// the team, in the app and by e-mail (<see cref="Notifications.OutboxDispatcher"/>: notifications name the workspace's
/// customers and items, so an account whose roles were all taken away is told nothing more and not e-mailed what was
/// written for it before), and only its people are offered and accepted as an item's assignee. One definition, so that
/// who counts as the team is not decided twice.
/// </summary>
public static class TeamPeople
{
    private static readonly string[] TeamRoles = Enum.GetNames<Role>();

    /// <summary>The team's accounts (untracked).</summary>
    public static IQueryable<HandoffUser> Of(AppDbContext db) =>
        db.Users.AsNoTracking().Where(u => !u.IsDisabled
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && TeamRoles.Contains(r.Name))));

    /// <summary>The name of the team member with this id (one look-up by key), or null when the account is not on the team.</summary>
    public static async Task<string?> NameAsync(AppDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var person = await Of(db).Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .FirstOrDefaultAsync(cancellationToken);
        return person is null ? null : HandoffUser.ShownName(person.DisplayName, person.Email, person.UserName, person.Id);
    }
}
