using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>A person an item can be assigned to: a member of the team (<see cref="TeamPeople"/>), with the roles they hold now.</summary>
public sealed record PersonOption(string UserId, string DisplayName, IReadOnlyList<Role> Roles);

// Reads added for the onboarding pages, kept apart from the list and dashboard queries.
public sealed partial class OnboardingQueries
{
    /// <summary>
    /// The people an item owned by <paramref name="ownerRole"/> can be assigned to, as the person types: members of the team
    /// whose name or e-mail contains <paramref name="text"/> (all of them when blank), those holding the owner role first
    /// (a team admin for an item no one but a team admin may change), then by the name they are shown by, whatever its case; at most
    /// <see cref="WorkspaceQueries.Suggestions"/>. Accounts that are disabled or hold no role are never offered (nor accepted:
    /// <see cref="OnboardingService.UpdateItemAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<PersonOption>> AssigneesAsync(string? text, Role ownerRole, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "search the people items can be assigned to", cancellationToken) is null)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = TeamPeople.Of(db);
        if (!string.IsNullOrWhiteSpace(text))
        {
            team = team.WhereAnyContains(db, text, u => u.DisplayName, u => u.Email);
        }
        var likely = (ownerRole == Role.Viewer ? Role.TeamAdmin : ownerRole).ToString();
        var found = await team
            .OrderByDescending(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == likely)))
            .ThenBy(HandoffUser.ShownNameFolded).ThenBy(u => u.Id)
            .Take(WorkspaceQueries.Suggestions)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        var ids = found.Select(u => u.Id).ToArray();
        var roleNames = await db.UserRoles.AsNoTracking().Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var rolesByUser = roleNames.ToLookup(r => r.UserId, r => Enum.TryParse<Role>(r.Name, out var role) ? role : (Role?)null);
        return found
            .Select(u => new PersonOption(u.Id, HandoffUser.ShownName(u.DisplayName, u.Email, u.UserName, u.Id), rolesByUser[u.Id].OfType<Role>().Order().ToArray()))
            .ToArray();
    }
}
