using System.Security.Claims;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity;

namespace Alltkn.Handoff.App.Identity;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown e-mail or wrong password (the failure counts towards the lockout).</summary>
    Failed,

    /// <summary>Too many failures: refused, even with the right password, until the lockout ends.</summary>
    LockedOut,

    /// <summary>The account is disabled by a team admin (said only to someone who gave the right password).</summary>
    Disabled,

    /// <summary>The password is right and the person uses two-factor sign-in: the code comes next (<see cref="PasswordSignIn.TwoFactorAsync"/>).</summary>
    RequiresTwoFactor,

    /// <summary>The two-factor step was not started or has expired (five minutes): sign in again.</summary>
    TwoFactorExpired,

    /// <summary>Too many failed sign-ins from this client (<see cref="SignInThrottle"/>): refused before any password is checked.</summary>
    Throttled,
}

/// <summary>
/// Signs a person in with e-mail and password through Identity's sign-in manager (failures counted: five in a row
/// lock the account for five minutes; a client with too many failures waits first, <see cref="SignInThrottle"/>), and
/// records every success, failure and lockout of an account in the revision log under the e-mail typed — never the
/// password. Tries with an e-mail that has no account and throttled tries go to the application log only, so that
/// nobody can fill the (undeletable) revision log with them. A disabled account says so only after the right password,
/// and is locked by wrong ones as any account is.
/// An e-mail without an account is answered as an account with wrong passwords is, lockout included
/// (<see cref="UnknownAddressLockouts"/>), and takes as long (a password hash is checked, except while locked, as
/// Identity checks none for a locked account): the answers do not tell who has an account.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<HandoffUser> signInManager,
    RevisionLog revisions,
    TimeProvider clock,
    IHttpContextAccessor httpContextAccessor,
    SignInThrottle throttle,
    UnknownAddressLockouts unknownAddresses,
    ILogger<PasswordSignIn> logger)
{
    private const int MaxSubjectLength = 256;

    // Verified against when the e-mail is unknown, so that answering does not take visibly less time.
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<HandoffUser>().HashPassword(new HandoffUser(), Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        email = (email ?? "").Trim();
        password ??= "";
        var client = ClientAddress ?? "unknown";
        if (!throttle.MayTry(client))
        {
            logger.LogWarning("Sign-in for {Email} from {Client} refused: too many failed sign-ins from this client", Shorten(email), client);
            return SignInOutcome.Throttled;
        }
        var users = signInManager.UserManager;
        var user = email.Length == 0 ? null : await users.FindByEmailAsync(email);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            return Unknown(users.NormalizeEmail(email) ?? "", email, password, client);
        }
        if (user.IsDisabled)
        {
            // Locked and counted as any account, the password first: wrong ones get the same answers as for any account
            // (and for an address without one), so "disabled" tells nothing to a guesser. Identity's sign-in would
            // refuse a disabled account before checking or counting anything, so this asks the user manager itself.
            if (await users.IsLockedOutAsync(user))
            {
                throttle.Failed(client);
                return await LockedOutAsync(user, email, now, cancellationToken);
            }
            if (!await users.CheckPasswordAsync(user, password))
            {
                throttle.Failed(client);
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    return await LockedOutAsync(user, email, now, cancellationToken);
                }
                await RecordAsync(RevisionKind.SignInFailed, user, email, now, "Wrong password (the account is disabled)", cancellationToken);
                return SignInOutcome.Failed;
            }
            await RecordAsync(RevisionKind.SignInFailed, user, email, now, "The account is disabled", cancellationToken);
            return SignInOutcome.Disabled;
        }

        var result = await signInManager.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await RecordAsync(RevisionKind.SignedIn, user, email, now, null, cancellationToken);
            ApplyLanguage(user);
            return SignInOutcome.SignedIn;
        }
        if (result.RequiresTwoFactor)
        {
            return SignInOutcome.RequiresTwoFactor;
        }
        throttle.Failed(client);
        if (result.IsLockedOut)
        {
            return await LockedOutAsync(user, email, now, cancellationToken);
        }
        var failures = await users.GetAccessFailedCountAsync(user);
        await RecordAsync(RevisionKind.SignInFailed, user, email, now,
            $"Wrong password (failure {failures} of {users.Options.Lockout.MaxFailedAccessAttempts} before a lockout)", cancellationToken);
        return SignInOutcome.Failed;
    }

    /// <summary>A locked account's refusal, recorded with the end of its lockout.</summary>
    private async Task<SignInOutcome> LockedOutAsync(HandoffUser user, string email, DateTime now, CancellationToken cancellationToken)
    {
        var end = await signInManager.UserManager.GetLockoutEndDateAsync(user);
        await RecordAsync(RevisionKind.LockedOut, user, email, now, $"Locked until {end:u}", cancellationToken);
        logger.LogWarning("Sign-in for {Email} refused: locked out until {LockoutEnd:u}", email, end);
        return SignInOutcome.LockedOut;
    }

    /// <summary>
    /// A try with an e-mail that has no account: failed, and locked after as many failures as an account
    /// (<see cref="UnknownAddressLockouts"/>); while locked refused without a password check, as Identity refuses a
    /// locked account.
    /// </summary>
    private SignInOutcome Unknown(string normalizedEmail, string email, string password, string client)
    {
        throttle.Failed(client);
        if (unknownAddresses.IsLockedOut(normalizedEmail))
        {
            logger.LogWarning("Sign-in from {Client} refused as locked out: no account has the e-mail {Email}", client, Shorten(email));
            return SignInOutcome.LockedOut;
        }
        signInManager.UserManager.PasswordHasher.VerifyHashedPassword(new HandoffUser(), UnknownUserHash.Value, password);
        var locked = unknownAddresses.Failed(normalizedEmail);
        logger.LogWarning("Sign-in from {Client} failed: no account has the e-mail {Email} (answered as locked out: {LockedOut})", client, Shorten(email), locked);
        return locked ? SignInOutcome.LockedOut : SignInOutcome.Failed;
    }

    /// <summary>
    /// The second step for a person with two-factor sign-in, after the right password: a six-digit code from their
    /// authenticator app, or one of their recovery codes (used up by this). Wrong codes count towards the lockout and
    /// the client's throttle like wrong passwords.
    /// </summary>
    public async Task<SignInOutcome> TwoFactorAsync(string code, CancellationToken cancellationToken = default)
    {
        var client = ClientAddress ?? "unknown";
        if (!throttle.MayTry(client))
        {
            return SignInOutcome.Throttled;
        }
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return SignInOutcome.TwoFactorExpired;
        }
        var typed = TwoFactorSignIn.Digits(code);
        // Recovery codes are stored with their dash (xxxxx-xxxxx); only spaces are dropped from them.
        var recovery = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        var now = clock.GetUtcNow().UtcDateTime;
        var email = user.Email ?? user.Id;
        var isAppCode = typed.Length == 6 && typed.All(char.IsAsciiDigit);
        var result = isAppCode
            ? await signInManager.TwoFactorAuthenticatorSignInAsync(typed, isPersistent: false, rememberClient: false)
            : await signInManager.TwoFactorRecoveryCodeSignInAsync(recovery);
        if (result.Succeeded)
        {
            await RecordAsync(RevisionKind.SignedIn, user, email, now, isAppCode ? "With an authenticator code" : "With a recovery code", cancellationToken);
            ApplyLanguage(user);
            return SignInOutcome.SignedIn;
        }
        throttle.Failed(client);
        if (result.IsLockedOut)
        {
            await RecordAsync(RevisionKind.LockedOut, user, email, now, "Wrong two-factor codes", cancellationToken);
            return SignInOutcome.LockedOut;
        }
        await RecordAsync(RevisionKind.SignInFailed, user, email, now, isAppCode ? "Wrong authenticator code" : "Wrong recovery code", cancellationToken);
        return SignInOutcome.Failed;
    }

    /// <summary>
    /// Ends the sign-in of <paramref name="principal"/> on the server and records it: the person's security stamp
    /// changes, so this cookie and every other one they hold (other browsers, a copy) are refused from the next
    /// request on; then the cookie is deleted.
    /// </summary>
    public async Task SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var user = await signInManager.UserManager.GetUserAsync(principal);
        if (user is not null)
        {
            var revoked = await signInManager.UserManager.UpdateSecurityStampAsync(user);
            if (!revoked.Succeeded)
            {
                throw new InvalidOperationException($"Could not end the sign-in of {user.Id}: {string.Join(" ", revoked.Errors.Select(e => e.Description))}");
            }
        }
        await signInManager.SignOutAsync();
        if (user is not null)
        {
            await RecordAsync(RevisionKind.SignedOut, user, user.Email ?? user.UserName ?? user.Id, clock.GetUtcNow().UtcDateTime, null, cancellationToken);
        }
    }

    /// <summary>A person who chose a language on <c>/account</c> gets it in this browser from the first page after signing in.</summary>
    private void ApplyLanguage(HandoffUser user)
    {
        if (user.PreferredLanguage is { } language && Localization.LocalizationSetup.Supported(language) is { } culture
            && httpContextAccessor.HttpContext is { } context)
        {
            Localization.LocalizationSetup.RememberCulture(context.Response, culture.Name);
        }
    }

    private string? ClientAddress => httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private static string Shorten(string email) => email.Length > MaxSubjectLength ? email[..MaxSubjectLength] : email;

    private async Task RecordAsync(RevisionKind kind, HandoffUser user, string email, DateTime now, string? reason, CancellationToken cancellationToken)
    {
        var subject = Shorten(email);
        var from = ClientAddress;
        var fullReason = from is null ? reason : reason is null ? $"From {from}" : $"{reason}; from {from}";
        await revisions.AppendAsync(new RevisionEntry(null, now, user.Id, user.ShownName(), kind, subject, reason: fullReason), cancellationToken);
    }
}
