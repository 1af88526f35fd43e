using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>What an account must do before it may use the workspace (see <see cref="AccountStanding"/>).</summary>
public enum StandingIssue
{
    /// <summary>A team admin gave it a temporary password, not yet changed.</summary>
    MustChangePassword,

    /// <summary>The workspace requires two-factor sign-in and the account has not set it up.</summary>
    TwoFactorRequired,
}

/// <summary>
/// The one rule of "the account is in good standing": no temporary password left to change, and two-factor sign-in set
/// up when the workspace requires it. Decided here for everything that lets a person in: the pages (which lead an account
/// not in good standing to <c>/account</c>, <see cref="IdentitySetup.UseHandoffIdentity"/>), creating an API token, every
/// API call made with one of its tokens (403 until it is done; the token is not revoked and works again afterwards), and
/// the export downloads (403).
/// </summary>
/// <remarks>
/// The account is the request's one read (<see cref="RequestPerson"/>) in an HTTP request, read now elsewhere (a
/// circuit). An account that does not exist or is disabled has no standing issue: the checks that refuse those refuse it.
/// </remarks>
public sealed class AccountStanding(IDbContextFactory<AppDbContext> dbFactory, RequestPerson? request = null)
{
    /// <summary>The rule itself: the first thing the account must do, or null when it is in good standing.</summary>
    public static StandingIssue? Of(HandoffUser user, bool twoFactorRequired) =>
        user.MustChangePassword ? StandingIssue.MustChangePassword
        : twoFactorRequired && !user.TwoFactorEnabled ? StandingIssue.TwoFactorRequired
        : null;

    /// <summary>The rule for this account (the workspace's setting read only when it matters).</summary>
    public async Task<StandingIssue?> OfAsync(HandoffUser user, CancellationToken cancellationToken = default) =>
        Of(user, !user.MustChangePassword && !user.TwoFactorEnabled && await TwoFactorRequiredAsync(dbFactory, cancellationToken));

    /// <summary>The rule for the account with this id (null for none, or one in good standing).</summary>
    public async Task<StandingIssue?> OfAsync(string userId, CancellationToken cancellationToken = default)
    {
        HandoffUser? user;
        if (request is not null)
        {
            user = await request.UserAsync(userId, cancellationToken);
        }
        else
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        }
        return user is null ? null : await OfAsync(user, cancellationToken);
    }

    /// <summary>Whether the workspace requires two-factor sign-in of everyone.</summary>
    public static async Task<bool> TwoFactorRequiredAsync(IDbContextFactory<AppDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkspaceSettings>().AsNoTracking().AnyAsync(s => s.RequireTwoFactor, cancellationToken);
    }

    /// <summary>
    /// What the account must do first, in one sentence: the words of every refusal for this issue — creating an API token
    /// (<see cref="Api.Tokens.ApiTokens"/>), an API call with one of its tokens (<see cref="Api.ApiSetup"/>) and an export
    /// download (<see cref="Services.Exports.ExportEndpoints"/>) — so that the three say the same and cannot drift apart.
    /// English, as the services' and the API's messages are; the account page words its own in the person's language.
    /// </summary>
    public static string WhatToDo(StandingIssue issue) => issue switch
    {
        StandingIssue.MustChangePassword =>
            "Change the temporary password a team admin gave you, under Change password on your account page (/account), first; until then you cannot create API tokens, your tokens do not work (they work again afterwards) and exports cannot be downloaded.",
        StandingIssue.TwoFactorRequired =>
            "Your team requires two-factor sign-in: set it up, under Two-factor sign-in on your account page (/account), first; until then you cannot create API tokens, your tokens do not work (they work again afterwards) and exports cannot be downloaded.",
        _ => throw new ArgumentOutOfRangeException(nameof(issue), issue, "Not an issue of standing."),
    };

    /// <summary>Where the pages lead an account with this issue.</summary>
    public static string AccountPathFor(StandingIssue issue) =>
        issue == StandingIssue.MustChangePassword ? IdentitySetup.MustChangePasswordPath : IdentitySetup.TwoFactorRequiredPath;
}
