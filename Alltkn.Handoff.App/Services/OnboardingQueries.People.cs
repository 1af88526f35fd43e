using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>A person an item can be assigned to: an account that is not disabled, with the roles it holds now.</summary>
public sealed record PersonOption(string UserId, string DisplayName, IReadOnlyList<Role> Roles);

// Reads added for the onboarding pages, kept apart from the list and dashboard queries.
public sealed partial class OnboardingQueries
{
    /// <summary>The people items can be assigned to, by name.</summary>
    public async Task<IReadOnlyList<PersonOption>> PeopleAsync(CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read the people items can be assigned to", cancellationToken) is null)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        var roleNames = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var rolesByUser = roleNames.ToLookup(r => r.UserId, r => Enum.TryParse<Role>(r.Name, out var role) ? role : (Role?)null);
        return users
            .Select(u => new PersonOption(
                u.Id,
                string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.UserName ?? u.Id : u.DisplayName,
                rolesByUser[u.Id].OfType<Role>().Order().ToArray()))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToArray();
    }
}
