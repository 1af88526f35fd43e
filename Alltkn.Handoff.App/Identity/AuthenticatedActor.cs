using System.Security.Claims;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// The signed-in person, read from the authentication state, with roles read from the database on every
/// call: a role taken away or an account disabled counts at once, not at the next sign-in. A guest's scope (the
/// invitations not revoked) is read the same way: a revoked invitation counts at once. "Every call" is every call of
/// an open page (a circuit) or of a request that changes something; a request that only reads (a page's prerender, an
/// export, an API read) reads the person once for all its calls (<see cref="RequestPerson"/>).
/// </summary>
public sealed class AuthenticatedActor(AuthenticationStateProvider authentication, IDbContextFactory<AppDbContext> dbFactory, RequestPerson? request = null)
    : ICurrentActor
{
    public async Task<Actor?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }
        return request is null ? await LoadAsync(dbFactory, userId, cancellationToken) : await request.ActorAsync(userId, cancellationToken);
    }

    /// <summary>The person with this id as an actor, or null if they do not exist or are disabled.</summary>
    public static async Task<Actor?> LoadAsync(IDbContextFactory<AppDbContext> dbFactory, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return null;
        }
        return await ActorOfAsync(db, user, cancellationToken);
    }

    /// <summary>An enabled account as an actor: its roles (and a guest's invitations not revoked) as stored now.</summary>
    internal static async Task<Actor> ActorOfAsync(AppDbContext db, HandoffUser user, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var roleNames = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        var name = user.ShownName();
        if (roleNames.Contains(Portal.GuestAccess.RoleName))
        {
            // A guest of the customer's side: no team role, and the onboardings and sides of their invitations not revoked.
            var grants = await db.Set<GuestInvitation>().AsNoTracking()
                .Where(i => i.GuestUserId == userId && i.RevokedAtUtc == null)
                .Select(i => new { i.OnboardingId, i.Side })
                .ToListAsync(cancellationToken);
            return new Actor(user.Id, name, [], new GuestScope(grants.Select(g => new GuestGrant(g.OnboardingId, g.Side))));
        }
        var roles = roleNames.Select(n => Enum.TryParse<Role>(n, out var role) ? role : (Role?)null).OfType<Role>();
        return new Actor(user.Id, name, roles);
    }
}
