using System.Security.Claims;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>One sign-in event of a person, as their account page lists it.</summary>
public sealed record SignInEvent(DateTime AtUtc, RevisionKind Kind, string? Detail);

/// <summary>
/// What a signed-in person does with their own account on <c>/account</c>: change their password (the current one
/// required; every other sign-in of theirs ends, this browser gets a new cookie) and see their recent sign-ins, read
/// from the revision log. Changes are recorded in the revision log. Needs the HTTP request (the pages are static forms),
/// because a new sign-in cookie is written.
/// </summary>
public sealed class AccountSelfService(
    SignInManager<HandoffUser> signInManager,
    RevisionLog revisions,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger<AccountSelfService> logger)
{
    /// <summary>How many sign-in events the account page shows.</summary>
    public const int RecentSignInCount = 20;

    public const string WrongCurrentPassword = "wrong-current-password";
    public const string NotSignedIn = "not-signed-in";

    private static readonly RevisionKind[] SignInKinds = [RevisionKind.SignedIn, RevisionKind.SignInFailed, RevisionKind.LockedOut, RevisionKind.SignedOut];

    public async Task<Outcome> ChangePasswordAsync(ClaimsPrincipal principal, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return AccountOutcome.Refused(NotSignedIn, "Sign in again to change your password.");
        }
        if (!await users.CheckPasswordAsync(user, currentPassword ?? ""))
        {
            return AccountOutcome.Invalid([new InputProblem(AccountField.None, WrongCurrentPassword, "The current password is not right.")]);
        }
        // Checks the new password against every rule and changes the security stamp: the person's other sign-ins end.
        user.MustChangePassword = false;
        var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword ?? "");
        if (!changed.Succeeded)
        {
            return AccountOutcome.Invalid(InputProblem.From(changed.Errors));
        }
        await signInManager.RefreshSignInAsync(user);
        await revisions.AppendAsync(new RevisionEntry(null, clock.GetUtcNow().UtcDateTime, user.Id, user.ShownName(), RevisionKind.UserChanged,
            user.Email ?? user.Id, before: null, after: "Password changed by its owner"), cancellationToken);
        logger.LogInformation("{Email} changed their password", user.Email);
        return Outcome.Ok();
    }

    /// <summary>True when a team admin gave the person a temporary password that they have not changed yet.</summary>
    public async Task<bool> MustChangePasswordAsync(ClaimsPrincipal principal) =>
        await signInManager.UserManager.GetUserAsync(principal) is { MustChangePassword: true };

    /// <summary>The person's last <see cref="RecentSignInCount"/> sign-ins, failures and sign-outs, newest first.</summary>
    public async Task<IReadOnlyList<SignInEvent>> RecentSignInsAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = signInManager.UserManager.GetUserId(principal);
        if (userId is null)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await db.Revisions.AsNoTracking()
            .Where(r => r.ActorId == userId && SignInKinds.Contains(r.Kind))
            .OrderByDescending(r => r.AtUtc)
            .Take(RecentSignInCount)
            .Select(r => new SignInEvent(r.AtUtc, r.Kind, r.Reason))
            .ToListAsync(cancellationToken);
        return events;
    }
}
