using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>One person's account as the user administration lists it.</summary>
public sealed record UserSummary(
    string Id, string Email, string DisplayName, IReadOnlySet<Role> Roles, bool IsDisabled, DateTime CreatedAtUtc, DateTimeOffset? LockedOutUntil);

/// <summary>A new account: e-mail (also the sign-in name), display name, initial password and roles.</summary>
public sealed record NewUser(string Email, string DisplayName, string Password, IReadOnlyCollection<Role> Roles);

/// <summary>
/// User administration: list people with their roles, create accounts, give and take roles, disable and re-enable,
/// unlock a locked account.
/// Team admins only, asked of the domain's <see cref="HandoffPolicy.MayAdministerUsers"/> with the roles stored now
/// (refusals are logged). A team admin cannot disable themself, and the last enabled team admin can neither be
/// disabled nor lose the role; both are checked inside the exclusive transaction of <see cref="IdentityWrites"/>.
/// Every change goes into the revision log (<see cref="RevisionKind.UserChanged"/>: who changed whose roles or
/// state, before and after) in the same transaction. Disabling changes the security stamp, so the person's cookie
/// and open pages stop working at the next check.
/// </summary>
public sealed class UserAdministration(
    ICurrentActor currentActor,
    IdentityWrites writes,
    NewAccountRules rules,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    ILogger<UserAdministration> logger,
    ChangeNotifier notifier)
{
    public const string CannotDisableSelf = "cannot-disable-self";
    public const string LastTeamAdmin = "last-team-admin";
    public const string NoRoles = "no-roles";
    public const string UserNotFound = "user-not-found";

    /// <summary>How many of the team's accounts a page of the list shows.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The most accounts one call returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>
    /// One page of the team's accounts with their roles (not the customer's contacts: see <c>Portal.GuestContacts</c>),
    /// enabled first, by name; <paramref name="search"/> keeps those whose name or e-mail address contains it (any case).
    /// Read a page at a time: a team of a few hundred people over the years is more than a person reads at once.
    /// </summary>
    public async Task<Outcome<PageOf<UserSummary>>> ListAsync(
        string? search = null, int page = 0, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("list users", cancellationToken) is null)
        {
            return Outcome<PageOf<UserSummary>>.From(Forbidden());
        }
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The team: the customer's contacts (guest accounts, thousands over the years) are listed apart, a page at a
        // time (Portal.GuestContacts), and never read here.
        var guestRoleId = await db.Roles.Where(r => r.Name == Portal.GuestAccess.RoleName).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var team = db.Users.AsNoTracking().Where(u => !db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == guestRoleId));
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Addresses are stored normalized (upper case); names are compared upper-cased too, so any case finds them.
            var normalized = search.Trim().ToUpperInvariant();
            team = team.Where(u => u.DisplayName.ToUpper().Contains(normalized)
                || (u.NormalizedEmail != null && u.NormalizedEmail.Contains(normalized)));
        }
        var total = await team.CountAsync(cancellationToken);
        var users = await team
            .OrderBy(u => u.IsDisabled).ThenBy(u => u.DisplayName.ToUpper()).ThenBy(u => u.Id)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var pageIds = users.Select(u => u.Id).ToArray();
        var roles = await db.UserRoles.AsNoTracking()
            .Where(ur => pageIds.Contains(ur.UserId) && ur.RoleId != guestRoleId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name);
        IReadOnlyList<UserSummary> list =
        [
            .. users.Select(u => new UserSummary(
                u.Id, u.Email ?? u.UserName ?? "", u.DisplayName, ParseRoles(rolesByUser[u.Id]), u.IsDisabled, u.CreatedAtUtc,
                u.LockoutEnd is { } end && end > clock.GetUtcNow() ? end : null)),
        ];
        return Outcome<PageOf<UserSummary>>.Ok(new PageOf<UserSummary>(list, total));
    }

    public async Task<Outcome<string>> CreateAsync(NewUser newUser, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("create a user", cancellationToken) is not { } admin)
        {
            return Outcome<string>.From(Forbidden());
        }
        var email = newUser.Email.Trim();
        var displayName = newUser.DisplayName.Trim();
        var roles = newUser.Roles.Distinct().Order().ToArray();
        return await writes.RunAsync(async write =>
        {
            if (!await StillTeamAdminAsync(write, admin, cancellationToken))
            {
                return Outcome<string>.From(Forbidden());
            }
            var problems = (await rules.CheckAsync(write.Users, email, displayName, newUser.Password)).ToList();
            if (roles.Length == 0)
            {
                problems.Add(new InputProblem(AccountField.Roles, NoRoles, rules.Text("RolesRequired")));
            }
            if (problems.Count > 0)
            {
                return Outcome<string>.From(AccountOutcome.Invalid(problems));
            }
            await IdentityWrites.EnsureRolesAsync(write.Roles);
            var now = Now;
            var user = new HandoffUser { UserName = email, Email = email, DisplayName = displayName, CreatedAtUtc = now, EmailConfirmed = true };
            var created = await write.Users.CreateAsync(user, newUser.Password);
            if (!created.Succeeded)
            {
                return Outcome<string>.From(AccountOutcome.Invalid(InputProblem.From(created.Errors)));
            }
            var added = await write.Users.AddToRolesAsync(user, roles.Select(r => r.ToString()));
            if (!added.Succeeded)
            {
                return Outcome<string>.From(AccountOutcome.Invalid(InputProblem.From(added.Errors)));
            }
            Record(write, admin, now, email, before: null, after: $"Created ({displayName}); roles: {Describe(roles)}");
            await write.Db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Admin} created the account {Email} with roles {Roles}", admin, email, Describe(roles));
            return Outcome<string>.Ok(user.Id);
        }, cancellationToken);
    }

    /// <summary>Gives and takes roles so that the person holds exactly <paramref name="roles"/> (at least one).</summary>
    public async Task<Outcome> SetRolesAsync(string userId, IReadOnlyCollection<Role> roles, CancellationToken cancellationToken = default)
    {
        var wanted = roles.Distinct().Order().ToArray();
        if (wanted.Length == 0)
        {
            return await AdminAsync("change roles", cancellationToken) is null
                ? Forbidden()
                : AccountOutcome.Invalid([new InputProblem(AccountField.Roles, NoRoles, rules.Text("RolesRequired"))]);
        }
        Actor? changedBy = null;
        var outcome = await AsTeamAdminOnAsync("change roles", userId, async (write, admin, user) =>
        {
            var current = ParseRoles(await write.Users.GetRolesAsync(user)).Order().ToArray();
            if (current.SequenceEqual(wanted))
            {
                return Outcome.Ok();
            }
            if (current.Contains(Role.TeamAdmin) && !wanted.Contains(Role.TeamAdmin) && !user.IsDisabled
                && !await AnotherEnabledTeamAdminAsync(write, user.Id, cancellationToken))
            {
                return AccountOutcome.Refused(LastTeamAdmin, "This is the last enabled team admin: make someone else a team admin first.");
            }
            await IdentityWrites.EnsureRolesAsync(write.Roles);
            var removed = await write.Users.RemoveFromRolesAsync(user, current.Except(wanted).Select(r => r.ToString()));
            var added = removed.Succeeded ? await write.Users.AddToRolesAsync(user, wanted.Except(current).Select(r => r.ToString())) : removed;
            if (!added.Succeeded)
            {
                return AccountOutcome.Invalid(InputProblem.From(added.Errors));
            }
            Record(write, admin, Now, user.Email ?? user.Id, before: $"Roles: {Describe(current)}", after: $"Roles: {Describe(wanted)}");
            await write.Db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Admin} changed the roles of {Email} from {Before} to {After}", admin, user.Email, Describe(current), Describe(wanted));
            changedBy = admin;
            return Outcome.Ok();
        }, cancellationToken);
        return PeopleChanged(outcome, changedBy);
    }

    /// <summary>Disables an account: the person cannot sign in, and their cookie and open pages stop working at the next check.</summary>
    public Task<Outcome> DisableAsync(string userId, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(userId, disabled: true, cancellationToken);

    public Task<Outcome> EnableAsync(string userId, CancellationToken cancellationToken = default) =>
        SetDisabledAsync(userId, disabled: false, cancellationToken);

    private async Task<Outcome> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken)
    {
        Actor? changedBy = null;
        var outcome = await AsTeamAdminOnAsync(disabled ? "disable a user" : "enable a user", userId, async (write, admin, user) =>
        {
            if (disabled && user.Id == admin.UserId)
            {
                return AccountOutcome.Refused(CannotDisableSelf, "You cannot disable your own account; another team admin can.");
            }
            if (user.IsDisabled == disabled)
            {
                return Outcome.Ok();
            }
            if (disabled && await write.Users.IsInRoleAsync(user, nameof(Role.TeamAdmin))
                && !await AnotherEnabledTeamAdminAsync(write, user.Id, cancellationToken))
            {
                return AccountOutcome.Refused(LastTeamAdmin, "This is the last enabled team admin: make someone else a team admin first.");
            }
            user.IsDisabled = disabled;
            // Saves the flag with a new security stamp: the cookie and open pages carrying the old one stop working.
            var saved = await write.Users.UpdateSecurityStampAsync(user);
            if (!saved.Succeeded)
            {
                return AccountOutcome.Invalid(InputProblem.From(saved.Errors));
            }
            Record(write, admin, Now, user.Email ?? user.Id, before: disabled ? "Enabled" : "Disabled", after: disabled ? "Disabled" : "Enabled");
            await write.Db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Admin} {Change} the account {Email}", admin, disabled ? "disabled" : "enabled", user.Email);
            changedBy = admin;
            return Outcome.Ok();
        }, cancellationToken);
        return PeopleChanged(outcome, changedBy);
    }

    /// <summary>
    /// Gives a person a temporary password (checked against the password rules) that they must change at their next
    /// sign-in; their current sign-ins end (new security stamp) and a lockout is lifted. Tell them the password in person.
    /// </summary>
    public async Task<Outcome> ResetPasswordAsync(string userId, string temporaryPassword, CancellationToken cancellationToken = default)
    {
        return await AsTeamAdminOnAsync("reset a password", userId, async (write, admin, user) =>
        {
            var token = await write.Users.GeneratePasswordResetTokenAsync(user);
            user.MustChangePassword = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            var reset = await write.Users.ResetPasswordAsync(user, token, temporaryPassword ?? "");
            if (!reset.Succeeded)
            {
                return AccountOutcome.Invalid(InputProblem.From(reset.Errors));
            }
            Record(write, admin, Now, user.Email ?? user.Id, before: null, after: "Temporary password set by a team admin; to be changed at the next sign-in");
            await write.Db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Admin} reset the password of {Email}", admin, user.Email);
            return Outcome.Ok();
        }, cancellationToken);
    }

    /// <summary>Whether everyone must use two-factor sign-in (readable by anyone signed in: the account page explains it).</summary>
    public Task<bool> RequireTwoFactorAsync(CancellationToken cancellationToken = default) =>
        AccountStanding.TwoFactorRequiredAsync(dbFactory, cancellationToken);

    /// <summary>Requires two-factor sign-in of everyone (people without it are sent to set it up), or stops requiring it.</summary>
    public async Task<Outcome> SetRequireTwoFactorAsync(bool required, CancellationToken cancellationToken = default)
    {
        return await AsTeamAdminAsync("require two-factor sign-in", async (write, admin) =>
        {
            var settings = await write.Db.Set<WorkspaceSettings>().FindAsync([WorkspaceSettings.SingleId], cancellationToken);
            if (settings is null)
            {
                settings = new WorkspaceSettings();
                write.Db.Add(settings);
            }
            if (settings.RequireTwoFactor == required)
            {
                return Outcome.Ok();
            }
            settings.SetRequireTwoFactor(required);
            Record(write, admin, Now, "Two-factor sign-in for everyone", before: required ? "Optional" : "Required", after: required ? "Required" : "Optional");
            await write.Db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Admin} made two-factor sign-in {State}", admin, required ? "required" : "optional");
            return Outcome.Ok();
        }, cancellationToken);
    }

    /// <summary>Ends a lockout at once (and forgets earlier failed tries), so the person can sign in again.</summary>
    public async Task<Outcome> UnlockAsync(string userId, CancellationToken cancellationToken = default)
    {
        return await AsTeamAdminOnAsync("unlock a user", userId, async (write, admin, user) =>
        {
            var lockedUntil = user.LockoutEnd is { } end && end > clock.GetUtcNow() ? end : (DateTimeOffset?)null;
            if (lockedUntil is null && user.AccessFailedCount == 0)
            {
                return Outcome.Ok();
            }
            var failedBefore = user.AccessFailedCount;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            var saved = await write.Users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                return AccountOutcome.Invalid(InputProblem.From(saved.Errors));
            }
            Record(write, admin, Now, user.Email ?? user.Id,
                before: lockedUntil is { } until ? $"Locked until {until:u}" : $"{failedBefore} failed sign-ins", after: "Unlocked");
            await write.Db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("{Admin} unlocked the account {Email}", admin, user.Email);
            return Outcome.Ok();
        }, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>After a saved change of someone's roles or state (by <paramref name="changedBy"/>): open pages read the signed-in person again.</summary>
    private Outcome PeopleChanged(Outcome outcome, Actor? changedBy)
    {
        if (changedBy is not null && outcome.Succeeded)
        {
            notifier.Publish(new WorkspaceChange(null, changedBy.UserId));
        }
        return outcome;
    }

    /// <summary>
    /// Runs <paramref name="change"/> in the exclusive identity transaction, as the signed-in team admin (asked of the
    /// policy first, and checked again inside the transaction: someone disabled or demoted a moment ago acts no more).
    /// </summary>
    private async Task<Outcome> AsTeamAdminAsync(string action, Func<IdentityWrite, Actor, Task<Outcome>> change,
        CancellationToken cancellationToken)
    {
        if (await AdminAsync(action, cancellationToken) is not { } admin)
        {
            return Forbidden();
        }
        return await writes.RunAsync(async write =>
            await StillTeamAdminAsync(write, admin, cancellationToken) ? await change(write, admin) : Forbidden(), cancellationToken);
    }

    /// <summary>As <see cref="AsTeamAdminAsync"/>, on one person's account (not found when it no longer exists).</summary>
    private Task<Outcome> AsTeamAdminOnAsync(string action, string userId, Func<IdentityWrite, Actor, HandoffUser, Task<Outcome>> change,
        CancellationToken cancellationToken) =>
        AsTeamAdminAsync(action, async (write, admin) => await write.Users.FindByIdAsync(userId) is { } user
            ? await change(write, admin, user)
            : Outcome.NotFound("This account no longer exists.") with { Code = UserNotFound }, cancellationToken);

    private async Task<Actor?> AdminAsync(string action, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is not null && HandoffPolicy.MayAdministerUsers(actor))
        {
            return actor;
        }
        logger.Refused(actor, action);
        return null;
    }

    private static Outcome Forbidden() => Outcome.Forbidden("Only a team admin can administer users.");

    /// <summary>Checked again inside the transaction: someone disabled or demoted a moment ago acts no more.</summary>
    private static async Task<bool> StillTeamAdminAsync(IdentityWrite write, Actor admin, CancellationToken cancellationToken) =>
        (await IdentityWrites.EnabledTeamAdminIdsAsync(write.Db, cancellationToken)).Contains(admin.UserId);

    private static async Task<bool> AnotherEnabledTeamAdminAsync(IdentityWrite write, string userId, CancellationToken cancellationToken) =>
        (await IdentityWrites.EnabledTeamAdminIdsAsync(write.Db, cancellationToken)).Any(id => id != userId);

    private static void Record(IdentityWrite write, Actor admin, DateTime now, string subject, string? before, string? after) =>
        write.Db.Revisions.Add(RevisionEntry.By(admin, now, null, RevisionKind.UserChanged, subject, before, after));

    private static string Describe(IEnumerable<Role> roles) => roles.Any() ? string.Join(", ", roles) : "none";

    private static HashSet<Role> ParseRoles(IEnumerable<string?> names) =>
        [.. names.Select(n => Enum.TryParse<Role>(n, out var role) ? role : (Role?)null).OfType<Role>()];
}
