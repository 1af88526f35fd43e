using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

public enum FirstAdminSource
{
    /// <summary>Typed by a person on the one-time <c>/setup</c> page.</summary>
    SetupPage,

    /// <summary><c>Handoff:BootstrapAdmin</c> in the configuration, at start-up.</summary>
    Configuration,
}

/// <summary>
/// The first run: while nobody has an account, the workspace needs its first team admin, created once, either on
/// the setup page or from the configuration. There is no default password anywhere. Creating the first admin is
/// re-checked inside an exclusive transaction, so two people posting the setup form at once make one admin.
/// </summary>
public sealed class FirstRunSetup(
    IdentityWrites writes,
    IDbContextFactory<AppDbContext> dbFactory,
    NewAccountRules rules,
    TimeProvider clock,
    ILogger<FirstRunSetup> logger)
{
    public const string AlreadySetUp = "already-set-up";

    // Once someone has an account the workspace never goes back to its first run (accounts are disabled, never deleted).
    private volatile bool _hasUsers;

    /// <summary>True while no account exists.</summary>
    public async Task<bool> NeedsSetupAsync(CancellationToken cancellationToken = default)
    {
        if (_hasUsers)
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _hasUsers = await db.Users.AnyAsync(cancellationToken);
        return !_hasUsers;
    }

    /// <summary>Creates the first team admin, or refuses with <see cref="AlreadySetUp"/> when someone has an account already.</summary>
    public async Task<Outcome<string>> CreateFirstAdminAsync(
        string email, string displayName, string password, FirstAdminSource source, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        displayName = displayName.Trim();
        var outcome = await writes.RunAsync(async write =>
        {
            if (await write.Db.Users.AnyAsync(cancellationToken))
            {
                return Outcome<string>.From(AccountOutcome.Refused(AlreadySetUp, "The workspace already has its first team admin: sign in instead."));
            }
            if (await rules.CheckAsync(write.Users, email, displayName, password) is { Count: > 0 } problems)
            {
                return Outcome<string>.From(AccountOutcome.Invalid(problems));
            }
            await IdentityWrites.EnsureRolesAsync(write.Roles);
            var now = clock.GetUtcNow().UtcDateTime;
            var user = new HandoffUser { UserName = email, Email = email, DisplayName = displayName, CreatedAtUtc = now, EmailConfirmed = true };
            var created = await write.Users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return Outcome<string>.From(AccountOutcome.Invalid(InputProblem.From(created.Errors)));
            }
            var role = await write.Users.AddToRoleAsync(user, nameof(Role.TeamAdmin));
            if (!role.Succeeded)
            {
                return Outcome<string>.From(AccountOutcome.Invalid(InputProblem.From(role.Errors)));
            }
            write.Db.Revisions.Add(new RevisionEntry(
                null, now, user.Id, displayName, RevisionKind.UserChanged, email,
                before: null, after: $"Created ({displayName}); roles: {nameof(Role.TeamAdmin)}",
                reason: source == FirstAdminSource.SetupPage ? "First-run setup" : "Bootstrap admin from configuration"));
            await write.Db.SaveChangesAsync(cancellationToken);
            return Outcome<string>.Ok(user.Id);
        }, cancellationToken);

        if (outcome.Succeeded)
        {
            _hasUsers = true;
            logger.LogInformation("First team admin {Email} created ({Source})", email, source);
        }
        else if (outcome.Code == AlreadySetUp)
        {
            _hasUsers = true;
        }
        return outcome;
    }
}
