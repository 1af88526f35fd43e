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
/// A workspace gathers one or two contacts per onboarding, thousands over the years: the list is read a page at a time,
/// searched by address in SQL, and only the page's invitations and customers are read.
/// </summary>
public sealed class GuestContacts(IDbContextFactory<AppDbContext> dbFactory, ICurrentActor currentActor, TimeProvider clock)
{
    /// <summary>How many contacts a page shows unless asked otherwise.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>The most a page may hold.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// One page (from 0) of the guest accounts, enabled first, by address; with <paramref name="search"/>, only addresses
    /// that contain it (any case). Forbidden for anyone but a team admin.
    /// </summary>
    public async Task<Outcome<PageOf<GuestContact>>> ListAsync(
        string? search = null, int page = 0, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { } actor || !HandoffPolicy.MayAdministerUsers(actor))
        {
            return Outcome<PageOf<GuestContact>>.From(Outcome.Forbidden("Only a team admin sees the customer contacts' accounts."));
        }
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var guestRoleId = await db.Roles.Where(r => r.Name == GuestAccess.RoleName).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (guestRoleId is null)
        {
            return Outcome<PageOf<GuestContact>>.Ok(new PageOf<GuestContact>([], 0));
        }
        var guests = db.Users.AsNoTracking().Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == guestRoleId));
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Addresses are stored normalized (upper case) beside the address: a search in any case reads that column.
            var normalized = search.Trim().ToUpperInvariant();
            guests = guests.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.Contains(normalized));
        }
        var total = await guests.CountAsync(cancellationToken);
        var accounts = await guests
            .OrderBy(u => u.IsDisabled).ThenBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(u => new { u.Id, u.Email, u.UserName, u.IsDisabled, u.CreatedAtUtc })
            .ToListAsync(cancellationToken);
        var pageIds = accounts.Select(a => a.Id).ToArray();
        var invitations = await db.Set<GuestInvitation>().AsNoTracking().Where(i => i.GuestUserId != null && pageIds.Contains(i.GuestUserId))
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
                    .ToArray())),
        ];
        return Outcome<PageOf<GuestContact>>.Ok(new PageOf<GuestContact>(list, total));
    }

    public static GuestInvitationState StateOf(GuestInvitation invitation, DateTime nowUtc) =>
        invitation.IsRevoked ? GuestInvitationState.Revoked
        : invitation.GuestUserId is not null ? GuestInvitationState.Joined
        : invitation.ExpiresAtUtc <= nowUtc ? GuestInvitationState.Expired
        : GuestInvitationState.Pending;
}
