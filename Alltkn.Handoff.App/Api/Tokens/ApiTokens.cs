using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Api.Tokens;

/// <summary>
/// The signed-in person's own API tokens on <c>/account</c>: create one (its value returned once, only its hash stored),
/// list them masked with their last use, revoke one. Creating and revoking are written to the revision log, never the value.
/// </summary>
public sealed class ApiTokens(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    AccountStanding standing,
    TimeProvider clock,
    ILogger<ApiTokens> logger)
{
    public const string NameRequired = "api-token.name-required";
    public const string NameTooLong = "api-token.name-too-long";
    public const string ExpiryPassed = "api-token.expiry-passed";
    public const string ExpiryTooFar = "api-token.expiry-too-far";
    public const string AlreadyRevoked = "api-token.already-revoked";
    public const string MustChangePassword = "api-token.must-change-password";
    public const string TwoFactorRequired = "api-token.two-factor-required";

    /// <summary>The subject of the revision entries for tokens.</summary>
    public const string RevisionSubject = "API token";

    public async Task<Outcome<CreatedApiToken>> CreateAsync(string name, DateTime expiresAtUtc, ApiTokenAccess access, CancellationToken ct = default)
    {
        if (await currentActor.GetAsync(ct) is not { } actor)
        {
            return Outcome<CreatedApiToken>.From(Outcome.Forbidden("Sign in to create an API token."));
        }
        // An account not in good standing (a temporary password, or two-factor sign-in required and not set up) reaches
        // only its account page; a token would let it past that, so none is made until it has done what it must.
        if (await standing.OfAsync(actor.UserId, ct) is { } issue)
        {
            return Forbidden(issue == StandingIssue.MustChangePassword ? MustChangePassword : TwoFactorRequired, AccountStanding.WhatToDo(issue));
        }
        var trimmed = (name ?? "").Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = DateTime.SpecifyKind(expiresAtUtc, DateTimeKind.Utc);
        if (trimmed.Length == 0)
        {
            return Refused(NameRequired, "Give the token a name, so you can tell it from your other tokens later.");
        }
        if (trimmed.Length > ApiTokenDefaults.MaxNameLength)
        {
            return Refused(NameTooLong, $"The name is {trimmed.Length} characters long; at most {ApiTokenDefaults.MaxNameLength} are allowed.",
                trimmed.Length, ApiTokenDefaults.MaxNameLength);
        }
        if (SecretScreen.Screen([("Name", trimmed)]) is { } refused)
        {
            return Outcome<CreatedApiToken>.From(refused);
        }
        if (expires <= now)
        {
            return Refused(ExpiryPassed, "The expiry date has passed; choose a date in the future.");
        }
        if (expires > now + ApiTokenDefaults.MaxLifetime)
        {
            return Refused(ExpiryTooFar, $"A token may live at most {ApiTokenDefaults.MaxLifetime.TotalDays:0} days; choose an earlier expiry date.",
                (int)ApiTokenDefaults.MaxLifetime.TotalDays);
        }

        var value = ApiToken.NewValue();
        var token = new ApiToken(actor.UserId, trimmed, ApiToken.HashOf(value), ApiToken.HintOf(value), access, now, expires);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(token);
        db.Revisions.Add(RevisionEntry.By(actor, now, null, RevisionKind.UserChanged, RevisionSubject,
            before: null, after: $"Created “{trimmed}” ({token.Hint}): {Describe(access)}, expires {expires:yyyy-MM-dd HH:mm} UTC"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException failure)
        {
            logger.LogError(failure, "Could not store an API token for {UserId}", actor.UserId);
            return Outcome<CreatedApiToken>.From(Outcome.Failed("The token could not be stored; nothing was created. Try again."));
        }
        logger.LogInformation("{UserId} created API token {TokenId} ({Access}, expires {ExpiresAtUtc:o})", actor.UserId, token.Id, access, expires);
        return Outcome<CreatedApiToken>.Ok(new CreatedApiToken(token.Id, value, trimmed, expires, access));
    }

    /// <summary>The signed-in person's tokens, newest first, masked; empty when no one is signed in.</summary>
    public async Task<IReadOnlyList<ApiTokenRow>> ListMineAsync(CancellationToken ct = default)
    {
        if (await currentActor.GetAsync(ct) is not { } actor)
        {
            return [];
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.Set<ApiToken>().AsNoTracking().Where(t => t.UserId == actor.UserId).ToListAsync(ct);
        return [.. tokens.OrderByDescending(t => t.CreatedAtUtc).ThenByDescending(t => t.Id)
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.Hint, t.Access, t.CreatedAtUtc, t.ExpiresAtUtc, t.LastUsedAtUtc, t.RevokedAtUtc, t.StatusAt(now)))];
    }

    /// <summary>Revokes one of the signed-in person's own tokens: every call with it is refused from now on.</summary>
    public async Task<Outcome> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        if (await currentActor.GetAsync(ct) is not { } actor)
        {
            return Outcome.Forbidden("Sign in to revoke an API token.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Someone else's token is "not found", as one that does not exist: the answer tells nothing of others' tokens.
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == id && t.UserId == actor.UserId, ct);
        if (token is null)
        {
            return Outcome.NotFound("This token does not exist (any more).");
        }
        if (token.IsRevoked)
        {
            return new Outcome { Status = OutcomeStatus.Refused, Code = AlreadyRevoked, Message = "This token was already revoked." };
        }
        token.Revoke(now);
        db.Revisions.Add(RevisionEntry.By(actor, now, null, RevisionKind.UserChanged, RevisionSubject,
            before: $"“{token.Name}” ({token.Hint}): {Describe(token.Access)}", after: "Revoked"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException failure)
        {
            logger.LogError(failure, "Could not revoke API token {TokenId}", id);
            return Outcome.Failed("The token could not be revoked; it still works. Try again.");
        }
        logger.LogInformation("{UserId} revoked API token {TokenId}", actor.UserId, id);
        return Outcome.Ok();
    }

    private static string Describe(ApiTokenAccess access) => access == ApiTokenAccess.ReadOnly ? "read-only" : "read-write";

    private static Outcome<CreatedApiToken> Forbidden(string code, string message) =>
        new() { Status = OutcomeStatus.Forbidden, Code = code, Message = message };

    private static Outcome<CreatedApiToken> Refused(string code, string message, params object?[] arguments) =>
        new() { Status = OutcomeStatus.Refused, Code = code, Message = message, Arguments = arguments };
}
