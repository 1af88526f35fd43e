using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Portal;

/// <summary>An invitation as the team's panel shows it (never its token or hash).</summary>
public sealed record GuestInvitationView(
    Guid Id, Guid OnboardingId, GuestSide Side, string Email, string CreatedByName, DateTime CreatedAtUtc, DateTime ExpiresAtUtc,
    DateTime? UsedAtUtc, DateTime? RevokedAtUtc, bool Joined, bool MayManage, string Language = GuestInvitation.DefaultLanguage)
{
    public bool IsRevoked => RevokedAtUtc is not null;
}

/// <summary>A link just made: the invitation and the link's path (<c>/guest/{token}</c>), shown once for the inviter to copy.</summary>
public sealed record GuestLink(Guid InvitationId, string Path);

/// <summary>
/// Invitations of the customer's contacts (issue 11, point 1), through the pipeline of the other services: who is acting
/// (roles as stored now), the domain's <see cref="HandoffPolicy.MayInvite"/> (a team admin, or the owner of the side), the
/// invitation's intent, then the invitation, its revision entry and the outbox row with the link's e-mail in one save.
/// A revoke that leaves the guest no invitation also ends their sign-ins (their security stamp changes).
/// </summary>
public sealed class GuestInvitations(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    GuestLinkMail mail,
    GuestLinkThrottle throttle,
    UserManager<HandoffUser> users,
    ChangeNotifier notifier,
    TimeProvider clock,
    ILogger<GuestInvitations> logger)
{
    /// <summary>The one answer to a request for a new link, known address or not.</summary>
    public const string RequestedCode = "guest.link-requested";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The onboarding's invitations, newest first, for the team (every reader); a guest gets none.</summary>
    public async Task<IReadOnlyList<GuestInvitationView>> ListAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { } actor || !HandoffPolicy.MayRead(actor))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitations = await db.Set<GuestInvitation>().AsNoTracking().Where(i => i.OnboardingId == onboardingId).ToListAsync(cancellationToken);
        return invitations.OrderByDescending(i => i.CreatedAtUtc)
            .Select(i => new GuestInvitationView(i.Id, i.OnboardingId, i.Side, i.Email, i.CreatedByName, i.CreatedAtUtc, i.ExpiresAtUtc,
                i.UsedAtUtc, i.RevokedAtUtc, i.GuestUserId is not null, i.CheckManage(actor).Allowed, i.Language))
            .ToList();
    }

    /// <summary>
    /// Invites the customer's contact of <paramref name="side"/>; the link is e-mailed and returned to copy. The e-mail (and
    /// every re-sent one) and the guest's first pages are in <paramref name="language"/> (zh-CN or en); when none is
    /// chosen, in the inviter's present language (<see cref="DefaultLanguage"/>).
    /// </summary>
    public async Task<Outcome<GuestLink>> InviteAsync(Guid onboardingId, GuestSide side, string? email, CancellationToken cancellationToken = default) =>
        await InviteAsync(onboardingId, side, email, null, cancellationToken);

    /// <summary>The language an invitation gets when the inviter does not choose: theirs now (zh-CN or en), else English.</summary>
    public static string DefaultLanguage() =>
        Localization.LocalizationSetup.Supported(System.Globalization.CultureInfo.CurrentUICulture.Name)?.Name
        ?? (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? "zh-CN" : GuestInvitation.DefaultLanguage);

    /// <inheritdoc cref="InviteAsync(Guid, GuestSide, string?, CancellationToken)"/>
    public async Task<Outcome<GuestLink>> InviteAsync(Guid onboardingId, GuestSide side, string? email, string? language,
        CancellationToken cancellationToken = default)
    {
        const string action = "invite the customer's contact";
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Outcome<GuestLink>.From(Refusals.NotSignedIn(logger, action));
        }
        if (!HandoffPolicy.MayInvite(actor, side))
        {
            return Outcome<GuestLink>.From(Refusals.Forbidden(logger, actor, action, "invitation.not-permitted", side == GuestSide.Technical
                ? "Only a team admin or a tech lead may invite the customer's technical contact."
                : "Only a team admin or finance may invite the customer's business contact.", side));
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var onboarding = await db.Onboardings.AsNoTracking().FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
            if (onboarding is null)
            {
                return Outcome<GuestLink>.From(Outcome.NotFound("That onboarding does not exist (it may have been removed). Go back to the list."));
            }
            var address = GuestInvitation.CleanEmail(email);
            if (await TeamAccountAsync(db, address, cancellationToken))
            {
                return Outcome<GuestLink>.From(Refused("invitation.team-address",
                    $"{address} is a team member's account; invite the customer's own address.", address));
            }
            if (await db.Set<GuestInvitation>().AnyAsync(i => i.OnboardingId == onboardingId && i.Side == side && i.Email == address
                                                              && i.RevokedAtUtc == null, cancellationToken))
            {
                return Outcome<GuestLink>.From(Refused("invitation.exists",
                    $"{address} is invited already as this contact; send a new link instead.", address));
            }
            var (invitation, token) = GuestInvitation.Invite(onboarding, side, address, actor, Now, language ?? DefaultLanguage());
            db.Add(invitation);
            db.Revisions.AddRange(invitation.PendingRevisions);
            db.Add(mail.Outbox(invitation, token, onboarding.Details.Customer, Now));
            await db.SaveChangesAsync(cancellationToken);
            invitation.ClearPendingRevisions();
            notifier.Publish(new WorkspaceChange(onboardingId, actor.UserId) { EvidenceOnly = true });
            return Outcome<GuestLink>.Ok(new GuestLink(invitation.Id, GuestAccess.LinkPath(token)));
        }
        catch (DomainException refusal)
        {
            return Outcome<GuestLink>.From(Refusals.Answer(logger, actor, action, refusal));
        }
        catch (Exception failure) when (failure is DbUpdateException or SqliteException)
        {
            return Outcome<GuestLink>.From(SaveFailed(failure, actor, action));
        }
    }

    /// <summary>A new link for the invitation (the earlier one stops working), e-mailed and returned to copy.</summary>
    public async Task<Outcome<GuestLink>> ResendAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        string? token = null;
        var outcome = await ChangeAsync(invitationId, "send a new guest link", (invitation, customer, actor, db) =>
        {
            token = invitation.Resend(actor, Now);
            db.Add(mail.Outbox(invitation, token, customer, Now));
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<GuestLink>.Ok(new GuestLink(invitationId, GuestAccess.LinkPath(token!))) : Outcome<GuestLink>.From(outcome);
    }

    /// <summary>Revokes the invitation: its link stops working, and its guest no longer reaches the onboarding (at once).</summary>
    public async Task<Outcome> RevokeAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        string? guestUserId = null;
        var outcome = await ChangeAsync(invitationId, "revoke a guest invitation", (invitation, _, actor, _) =>
        {
            invitation.Revoke(actor, Now);
            guestUserId = invitation.GuestUserId;
        }, cancellationToken);
        if (outcome.Succeeded && guestUserId is not null)
        {
            await EndSignInsWhenNoneLeftAsync(guestUserId, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// A guest asks for a new link by e-mail address (from the sign-in page). The answer is the same whether or not the
    /// address was invited; each invitation of the address that is not revoked gets a new link by e-mail (the earlier
    /// one stops working). Rate-limited per client and per address (<see cref="GuestLinkThrottle"/>).
    /// </summary>
    public async Task<Outcome> RequestLinkAsync(string? email, string client, CancellationToken cancellationToken = default)
    {
        var answer = new Outcome
        {
            Status = OutcomeStatus.Ok, Code = RequestedCode,
            Message = "If this address was invited, a new sign-in link is on its way to it. It works once, for seven days.",
        };
        string address;
        try
        {
            address = GuestInvitation.CleanEmail(email);
        }
        catch (DomainException refusal)
        {
            return new Outcome { Status = OutcomeStatus.Refused, Code = refusal.Code, Message = refusal.Message, Arguments = refusal.Arguments };
        }
        if (!throttle.TryTake(client, address))
        {
            return new Outcome
            {
                Status = OutcomeStatus.Refused, Code = "guest.link-throttled",
                Message = "Too many requests for a link from here; wait a few minutes and ask again.",
            };
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitations = await db.Set<GuestInvitation>().Where(i => i.Email == address && i.RevokedAtUtc == null).ToListAsync(cancellationToken);
        if (invitations.Count == 0)
        {
            return answer;
        }
        var ids = invitations.Select(i => i.OnboardingId).ToArray();
        var customers = await db.Onboardings.AsNoTracking().Where(o => ids.Contains(o.Id) && o.Stage != Stage.Cancelled)
            .Select(o => new { o.Id, o.Details.Customer }).ToDictionaryAsync(o => o.Id, o => o.Customer, cancellationToken);
        foreach (var invitation in invitations.Where(i => customers.ContainsKey(i.OnboardingId)))
        {
            var token = invitation.Renew(Now);
            db.Add(mail.Outbox(invitation, token, customers[invitation.OnboardingId], Now));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is DbUpdateException or SqliteException)
        {
            // The same answer still: whether the address is known must not show, not even by a failure.
            logger.LogError(failure, "Could not renew the guest links of a requested address");
        }
        return answer;
    }

    private delegate void Act(GuestInvitation invitation, string customer, Actor actor, AppDbContext db);

    private async Task<Outcome> ChangeAsync(Guid invitationId, string action, Act act, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Refusals.NotSignedIn(logger, action);
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var invitation = await db.Set<GuestInvitation>().FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
            if (invitation is null)
            {
                return Outcome.NotFound("That invitation does not exist. Reload the page.");
            }
            if (!HandoffPolicy.MayInvite(actor, invitation.Side))
            {
                return Refusals.Forbidden(logger, actor, action, "invitation.not-permitted", invitation.Side == GuestSide.Technical
                    ? "Only a team admin or a tech lead may manage the invitation of the customer's technical contact."
                    : "Only a team admin or finance may manage the invitation of the customer's business contact.", invitation.Side);
            }
            var customer = await db.Onboardings.AsNoTracking().Where(o => o.Id == invitation.OnboardingId)
                .Select(o => o.Details.Customer).SingleAsync(cancellationToken);
            act(invitation, customer, actor, db);
            db.Revisions.AddRange(invitation.PendingRevisions);
            await db.SaveChangesAsync(cancellationToken);
            invitation.ClearPendingRevisions();
            notifier.Publish(new WorkspaceChange(invitation.OnboardingId, actor.UserId) { EvidenceOnly = true });
            return Outcome.Ok();
        }
        catch (DomainException refusal)
        {
            return Refusals.Answer(logger, actor, action, refusal);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict("The invitation was changed elsewhere meanwhile; nothing was done. Reload and try again.", []);
        }
        catch (Exception failure) when (failure is DbUpdateException or SqliteException)
        {
            return SaveFailed(failure, actor, action);
        }
    }

    /// <summary>A guest left without any invitation is signed out everywhere (their next request is refused).</summary>
    private async Task EndSignInsWhenNoneLeftAsync(string guestUserId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Set<GuestInvitation>().AnyAsync(i => i.GuestUserId == guestUserId && i.RevokedAtUtc == null, cancellationToken))
        {
            return;
        }
        if (await users.FindByIdAsync(guestUserId) is { } guest)
        {
            await users.UpdateSecurityStampAsync(guest);
        }
    }

    private static async Task<bool> TeamAccountAsync(AppDbContext db, string address, CancellationToken cancellationToken)
    {
        var normalized = address.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return false;
        }
        return !await db.UserRoles.Where(ur => ur.UserId == user)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .AnyAsync(name => name == GuestAccess.RoleName, cancellationToken);
    }

    private static Outcome Refused(string code, string message, params object?[] arguments) =>
        new() { Status = OutcomeStatus.Refused, Code = code, Message = message, Arguments = arguments };

    private Outcome SaveFailed(Exception failure, Actor actor, string action)
    {
        logger.LogError(failure, "Saving failed: {Actor} tried to {Action}", actor, action);
        return Outcome.Failed("The invitation could not be saved (the database refused it); nothing was saved. Try again in a moment.");
    }
}
