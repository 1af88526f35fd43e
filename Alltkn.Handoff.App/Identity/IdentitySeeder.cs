using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Start-up seeding, after the database is migrated: the roles named after <see cref="Domain.People.Role"/>, and —
/// only while nobody has an account — the bootstrap team admin from <c>Handoff:BootstrapAdmin</c> (for automated
/// deployments and tests; environment variables <c>Handoff__BootstrapAdmin__Email</c> / <c>__Password</c>).
/// Without one, the first person to open the workspace creates the first team admin on <c>/setup</c>.
/// </summary>
public static class IdentitySeeder
{
    public static async Task SeedHandoffIdentityAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentitySeeder));
        var writes = services.GetRequiredService<IdentityWrites>();
        // Every start but the first finds the roles there: one read, without the write turn and Identity's managers.
        for (var attempt = 1; await AnyRoleMissingAsync(services, cancellationToken); attempt++)
        {
            try
            {
                await writes.RunAsync(async write =>
                {
                    if (await IdentityWrites.EnsureRolesAsync(write.Roles) is { Count: > 0 } created)
                    {
                        logger.LogInformation("Roles created: {Roles}", string.Join(", ", created));
                    }
                    return Outcome.Ok();
                }, cancellationToken);
                break;
            }
            catch (Exception ex) when (UniqueViolation.Is(ex) && attempt < 3)
            {
                // Another instance starting at the same moment on the same database (PostgreSQL) created a role between this
                // one's check and its insert: the transaction is rolled back; look again, and the role is there.
                logger.LogInformation("Another instance created the roles at the same time; checking them again.");
            }
        }

        var firstRun = services.GetRequiredService<FirstRunSetup>();
        var bootstrap = services.GetRequiredService<IOptions<BootstrapAdminSettings>>().Value;
        var email = bootstrap.Email?.Trim() ?? "";
        var password = bootstrap.Password ?? "";
        var configured = email.Length > 0 || password.Length > 0;

        if (!await firstRun.NeedsSetupAsync(cancellationToken))
        {
            if (configured)
            {
                logger.LogInformation("{Section} is not used: the workspace has accounts already.", BootstrapAdminSettings.Section);
            }
            return;
        }
        if (!configured)
        {
            logger.LogWarning("Nobody has an account yet: open {SetupPath} in the browser to create the first team admin.", IdentitySetup.SetupPath);
            return;
        }
        if (email.Length == 0 || password.Length == 0)
        {
            throw new InvalidOperationException(
                $"{BootstrapAdminSettings.Section}: set both Email and Password (or neither, to create the first team admin on {IdentitySetup.SetupPath}).");
        }

        var displayName = string.IsNullOrWhiteSpace(bootstrap.DisplayName) ? email.Split('@')[0] : bootstrap.DisplayName.Trim();
        var outcome = await firstRun.CreateFirstAdminAsync(email, displayName, password, FirstAdminSource.Configuration, cancellationToken);
        if (outcome.Succeeded)
        {
            logger.LogInformation("Bootstrap team admin {Email} created from {Section}.", email, BootstrapAdminSettings.Section);
        }
        else if (outcome.Code != FirstRunSetup.AlreadySetUp)
        {
            // Never the password itself: only what is wrong with it.
            throw new InvalidOperationException($"{BootstrapAdminSettings.Section} was refused: {outcome.Message}");
        }
    }

    /// <summary>Whether a role named after <see cref="Domain.People.Role"/> is missing (as <see cref="IdentityWrites.EnsureRolesAsync"/> names them).</summary>
    private static async Task<bool> AnyRoleMissingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var names = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        return Enum.GetNames<Domain.People.Role>().Except(names.OfType<string>(), StringComparer.Ordinal).Any();
    }
}
