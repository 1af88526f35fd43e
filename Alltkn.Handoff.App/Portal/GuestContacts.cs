using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Portal;

/// <summary>The state of one invitation of a customer contact, as the user administration shows it.</summary>
public enum GuestInvitationState
{
    /// <summary>The link was sent and not used yet (and not expired).</summary>
    Pending,

    /// <summary>The link was used: the contact reaches the onboarding.</summary>
    Joined,

    /// <summary>The link's seven days are over before it was used.</summary>
    Expired,

    /// <summary>A team member revoked it.</summary>
    Revoked,
}

/// <summary>One onboarding a customer contact was invited to: the customer, the side, and the invitation's state.</summary>
public sealed record GuestContactInvitation(Guid OnboardingId, string Customer, GuestSide Side, GuestInvitationState State);

/// <summary>A customer contact's guest account (not a member of the team) with their invitations.</summary>
public sealed record GuestContact(string UserId, string Email, bool IsDisabled, DateTime CreatedAtUtc, IReadOnlyList<GuestContactInvitation> Invitations);

/// <summary>
/// The customer contacts (guest accounts, issue 11) for the user administration (team admins,
/// <see cref="HandoffPolicy.MayAdministerUsers"/>): listed apart from the team, with each onboarding they were invited to, as
/// which contact, and the invitation's state. Disabling one (through the user administration) ends their sign-ins.
/// </summary>
public sealed class GuestContacts(IDbContextFactory<AppDbContext> dbFactory, ICurrentActor currentActor, TimeProvider clock)
{
    /// <summary>The guest accounts, enabled first, by address; Forbidden for anyone but a team admin.</summary>
    public async Task<Outcome<IReadOnlyList<GuestContact>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { } actor || !HandoffPolicy.MayAdministerUsers(actor))
        {
            return Outcome<IReadOnlyList<GuestContact>>.From(Outcome.Forbidden("Only a team admin sees the customer contacts' accounts."));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var guestIds = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == GuestAccess.RoleName).Select(x => x.UserId).ToListAsync(cancellationToken);
        var accounts = await db.Users.AsNoTracking().Where(u => guestIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.UserName, u.IsDisabled, u.CreatedAtUtc }).ToListAsync(cancellationToken);
        var invitations = await db.Set<GuestInvitation>().AsNoTracking().Where(i => i.GuestUserId != null && guestIds.Contains(i.GuestUserId))
            .ToListAsync(cancellationToken);
        var onboardingIds = invitations.Select(i => i.OnboardingId).Distinct().ToArray();
        var customers = await db.Onboardings.AsNoTracking().Where(o => onboardingIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Details.Customer }).ToDictionaryAsync(o => o.Id, o => o.Customer, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var byGuest = invitations.ToLookup(i => i.GuestUserId!);
        IReadOnlyList<GuestContact> list =
        [
            .. accounts.Select(a => new GuestContact(a.Id, a.Email ?? a.UserName ?? a.Id, a.IsDisabled, a.CreatedAtUtc,
                    byGuest[a.Id].OrderBy(i => customers.GetValueOrDefault(i.OnboardingId), StringComparer.CurrentCulture)
                        .Select(i => new GuestContactInvitation(i.OnboardingId, customers.GetValueOrDefault(i.OnboardingId) ?? "—", i.Side, StateOf(i, now)))
                        .ToArray()))
                .OrderBy(g => g.IsDisabled).ThenBy(g => g.Email, StringComparer.OrdinalIgnoreCase),
        ];
        return Outcome<IReadOnlyList<GuestContact>>.Ok(list);
    }

    public static GuestInvitationState StateOf(GuestInvitation invitation, DateTime nowUtc) =>
        invitation.IsRevoked ? GuestInvitationState.Revoked
        : invitation.GuestUserId is not null ? GuestInvitationState.Joined
        : invitation.ExpiresAtUtc <= nowUtc ? GuestInvitationState.Expired
        : GuestInvitationState.Pending;
}
