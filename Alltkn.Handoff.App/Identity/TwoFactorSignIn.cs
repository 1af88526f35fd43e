using System.Globalization;
using System.Security.Claims;
using System.Text;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Alltkn.Handoff.App.Identity;

/// <summary>What a person needs to add the workspace to an authenticator app.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri, string QrCodePngDataUri);

/// <summary>A person's two-factor state as their account page shows it.</summary>
public sealed record TwoFactorState(bool Enabled, int RecoveryCodesLeft);

/// <summary>
/// Two-factor sign-in with an authenticator app (ASP.NET Core Identity's TOTP, RFC 6238: six digits every 30 seconds
/// from a shared key): set up (a new key, shown as text and as a QR code drawn by QRCoder), enabled only after a
/// code from the app proves the key was taken over, with <see cref="RecoveryCodeCount"/> one-time recovery codes shown
/// once; turned off again. Each change writes a new security stamp, so the person's other sign-ins end and this
/// browser gets a new cookie (the forms are static pages with the HTTP request). Changes are in the revision log.
/// </summary>
public sealed class TwoFactorSignIn(
    SignInManager<HandoffUser> signInManager,
    RevisionLog revisions,
    TimeProvider clock,
    ILogger<TwoFactorSignIn> logger)
{
    public const int RecoveryCodeCount = 10;
    public const string Issuer = "Alltkn Handoff";
    public const string WrongCode = "wrong-code";

    public async Task<TwoFactorState?> StateAsync(ClaimsPrincipal principal)
    {
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(principal);
        return user is null ? null : new TwoFactorState(await users.GetTwoFactorEnabledAsync(user), await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>A new shared key for the person's authenticator app (replacing any earlier one not yet enabled).</summary>
    public async Task<AuthenticatorSetup?> StartAsync(ClaimsPrincipal principal)
    {
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.GetTwoFactorEnabledAsync(user))
        {
            return null;
        }
        await users.ResetAuthenticatorKeyAsync(user);
        await signInManager.RefreshSignInAsync(user);
        return await SetupOfAsync(user);
    }

    /// <summary>The key being set up, if a set-up was started (after a wrong code the same key is shown again).</summary>
    public async Task<AuthenticatorSetup?> PendingAsync(ClaimsPrincipal principal)
    {
        var user = await signInManager.UserManager.GetUserAsync(principal);
        return user is null ? null : await SetupOfAsync(user);
    }

    /// <summary>Turns two-factor sign-in on when <paramref name="code"/> matches the key; the new recovery codes, shown once.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> EnableAsync(ClaimsPrincipal principal, string code, CancellationToken cancellationToken = default)
    {
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Outcome<IReadOnlyList<string>>.From(Outcome.Forbidden("Sign in again."));
        }
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code));
        if (!valid)
        {
            return Outcome<IReadOnlyList<string>>.From(AccountOutcome.Refused(WrongCode, "The code does not match. Type the six digits your app shows now."));
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await signInManager.RefreshSignInAsync(user);
        await RecordAsync(user, "Two-factor sign-in off", "Two-factor sign-in on", cancellationToken);
        return Outcome<IReadOnlyList<string>>.Ok(codes);
    }

    public async Task<Outcome> DisableAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Outcome.Forbidden("Sign in again.");
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        // The old key is of no use any more; setting up again starts with a new one.
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await signInManager.RefreshSignInAsync(user);
        await RecordAsync(user, "Two-factor sign-in on", "Two-factor sign-in off", cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>The digits of a code as typed (spaces and dashes from grouping removed).</summary>
    public static string Digits(string? code) => new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    private async Task<AuthenticatorSetup?> SetupOfAsync(HandoffUser user)
    {
        var key = await signInManager.UserManager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }
        var account = user.Email ?? user.UserName ?? user.Id;
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new AuthenticatorSetup(Grouped(key), uri, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    private async Task RecordAsync(HandoffUser user, string before, string after, CancellationToken cancellationToken)
    {
        await revisions.AppendAsync(new RevisionEntry(null, clock.GetUtcNow().UtcDateTime, user.Id, user.ShownName(), RevisionKind.UserChanged,
            user.Email ?? user.Id, before, after), cancellationToken);
        logger.LogInformation("{Email}: {Change}", user.Email, after);
    }
}
