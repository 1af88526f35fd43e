using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Invitations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Portal;

/// <summary>What a usable link is for, as its page says before anyone signs in: the onboarding's customer and the contact.</summary>
public sealed record GuestLinkPreview(Guid OnboardingId, string Customer, GuestSide Side, string Email, string Language);

/// <summary>
/// The link of an invitation signs its guest in (issue 11, point 1), with the same cookie as everyone's and no password:
/// <c>GET /guest/{token}</c> only shows what the link is for (<see cref="PreviewAsync"/>: a mail scanner that opens it
/// uses nothing up), and the button there posts the form back (with its antiforgery token) to <see cref="SignInAsync"/>. The token is looked up by its hash; a link unknown, revoked, used or expired signs no one
/// in and leads to the page that offers a new link. The first use makes the guest's account (the invitation's address,
/// the Identity role <see cref="GuestAccess.RoleName"/>); a disabled account is refused. The use is in the revision log.
/// </summary>
public sealed class GuestSignIn(
    IDbContextFactory<AppDbContext> dbFactory,
    UserManager<HandoffUser> users,
    RoleManager<IdentityRole> roles,
    SignInManager<HandoffUser> signIn,
    ChangeNotifier notifier,
    TimeProvider clock,
    ILogger<GuestSignIn> logger)
{
    /// <summary>
    /// What the link is for, without using it: Ok with the onboarding's customer and the contact while the link may sign in;
    /// Refused with the same codes as <see cref="SignInAsync"/> when it may not. Nothing is written.
    /// </summary>
    public async Task<Outcome<GuestLinkPreview>> PreviewAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = GuestInvitation.HashOf(token ?? "");
        var invitation = await db.Set<GuestInvitation>().AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null)
        {
            return Outcome<GuestLinkPreview>.From(Refused("invitation.unknown", "This link is not known (it may have been replaced by a newer one). Ask for a new one."));
        }
        var check = invitation.CheckUse(now);
        if (!check.Allowed)
        {
            return Outcome<GuestLinkPreview>.From(Refused(CodeOf(check.Reasons[0].Code), check.Message));
        }
        if (invitation.GuestUserId is not null && await users.FindByIdAsync(invitation.GuestUserId) is { IsDisabled: true })
        {
            return Outcome<GuestLinkPreview>.From(Refused("guest.disabled", "This guest account was disabled by the team."));
        }
        var customer = await db.Onboardings.AsNoTracking().Where(o => o.Id == invitation.OnboardingId).Select(o => o.Details.Customer)
            .FirstOrDefaultAsync(cancellationToken);
        return customer is null
            ? Outcome<GuestLinkPreview>.From(Refused("invitation.unknown", "This link is not known (it may have been replaced by a newer one). Ask for a new one."))
            : Outcome<GuestLinkPreview>.Ok(new GuestLinkPreview(invitation.OnboardingId, customer, invitation.Side, invitation.Email, invitation.Language));
    }

    /// <summary>
    /// Signs the link's guest in (the link is used up); Ok with the portal page of the onboarding, or why not (code). A guest
    /// who has not chosen a language gets the invitation's: stored on their account and remembered in this browser.
    /// </summary>
    public async Task<Outcome<string>> SignInAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = GuestInvitation.HashOf(token ?? "");
        var invitation = await db.Set<GuestInvitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null)
        {
            return Refused("invitation.unknown", "This link is not known (it may have been replaced by a newer one). Ask for a new one.");
        }
        var check = invitation.CheckUse(now);
        if (!check.Allowed)
        {
            return Refused(CodeOf(check.Reasons[0].Code), check.Message);
        }
        var guest = await GuestAccountAsync(invitation);
        if (guest is null)
        {
            return Refused("guest.not-a-guest", "This address belongs to a team member's account; the link signs in guests only.");
        }
        if (guest.IsDisabled)
        {
            logger.LogWarning("Refused: the disabled guest {Guest} used an invitation link", guest.Id);
            return Refused("guest.disabled", "This guest account was disabled by the team.");
        }
        try
        {
            invitation.Use(guest.Id, guest.DisplayName, now);
            db.Revisions.AddRange(invitation.PendingRevisions);
            await db.SaveChangesAsync(cancellationToken);
            invitation.ClearPendingRevisions();
        }
        catch (DomainException refusal)
        {
            return Refused(refusal.Code, refusal.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refused("invitation.used", "This link was used already; each link signs in once. Ask for a new one.");
        }
        await ApplyLanguageAsync(guest, invitation.Language);
        await signIn.SignInAsync(guest, isPersistent: false);
        notifier.Publish(new WorkspaceChange(invitation.OnboardingId, guest.Id) { EvidenceOnly = true });
        return Outcome<string>.Ok(GuestAccess.PortalOnboardingPath(invitation.OnboardingId));
    }

    /// <summary>The guest's language: their own choice when they made one, else the invitation's (stored, and in this browser).</summary>
    private async Task ApplyLanguageAsync(HandoffUser guest, string language)
    {
        if (guest.PreferredLanguage is null && Localization.LocalizationSetup.Supported(language) is { } culture)
        {
            guest.PreferredLanguage = culture.Name;
            await users.UpdateAsync(guest);
        }
        if (Localization.LocalizationSetup.Supported(guest.PreferredLanguage ?? language) is { } chosen && signIn.Context is { } context
            && !context.Request.Cookies.ContainsKey(Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName))
        {
            Localization.LocalizationSetup.RememberCulture(context.Response, chosen.Name);
        }
    }

    /// <summary>The guest account of the invitation's address: found, or made now; null when the address is a team member's.</summary>
    private async Task<HandoffUser?> GuestAccountAsync(GuestInvitation invitation)
    {
        if (invitation.GuestUserId is not null && await users.FindByIdAsync(invitation.GuestUserId) is { } known)
        {
            return known;
        }
        if (await users.FindByEmailAsync(invitation.Email) is { } existing)
        {
            return await users.IsInRoleAsync(existing, GuestAccess.RoleName) ? existing : null;
        }
        if (!await roles.RoleExistsAsync(GuestAccess.RoleName))
        {
            await roles.CreateAsync(new IdentityRole(GuestAccess.RoleName));
        }
        var guest = new HandoffUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = invitation.Email,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(guest);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the guest account: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(guest, GuestAccess.RoleName);
        return guest;
    }

    private static string CodeOf(InvitationUnmetCode code) => code switch
    {
        InvitationUnmetCode.Revoked => "invitation.revoked",
        InvitationUnmetCode.Used => "invitation.used",
        InvitationUnmetCode.Expired => "invitation.expired",
        _ => "invitation.unknown",
    };

    private static Outcome<string> Refused(string code, string message) =>
        Outcome<string>.From(new Outcome { Status = OutcomeStatus.Refused, Code = code, Message = message });
}
