using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Identity;

/// <summary>What a change to people and roles works with: one database context, its transaction, and Identity's managers over it.</summary>
public sealed record IdentityWrite(AppDbContext Db, UserManager<HandoffUser> Users, RoleManager<IdentityRole> Roles);

/// <summary>
/// Runs changes to people and roles one at a time, across every instance of the app on the database: a lock in this
/// process, and inside it a transaction that first takes the database's lock for identity changes. On SQLite that is the
/// write lock of the immediate transaction (<c>BEGIN IMMEDIATE</c>), so another process waits too. On PostgreSQL, where
/// several instances share the database and a transaction alone (READ COMMITTED) lets two of them read the same rows and
/// each write another, it is a transaction-scoped advisory lock (<see cref="PostgreSqlLockKey"/>, released at commit or
/// rollback), so another instance's identity change waits until this one has committed and then reads what it wrote.
/// A change checks its precondition (no user yet; another enabled team admin remains) inside, so two people acting at
/// the same moment, on one instance or two, cannot both pass it. The transaction is committed only when the change succeeded.
/// </summary>
public sealed class IdentityWrites(IServiceScopeFactory scopeFactory)
{
    /// <summary>
    /// The PostgreSQL advisory lock every identity change holds for its transaction ("HandoffI" in ASCII; not
    /// <see cref="DataSetup.MigrationLockKey"/>, so a change never waits for another instance's migrations).
    /// </summary>
    public const long PostgreSqlLockKey = 0x48616E646F666649;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<TOutcome> RunAsync<TOutcome>(Func<IdentityWrite, Task<TOutcome>> change, CancellationToken cancellationToken = default)
        where TOutcome : Outcome
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgreSqlLockKey})", cancellationToken);
            }
            var outcome = await change(new IdentityWrite(db, services.GetRequiredService<UserManager<HandoffUser>>(), services.GetRequiredService<RoleManager<IdentityRole>>()));
            if (outcome.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates the Identity roles named after <see cref="Role"/> that are missing.</summary>
    public static async Task<IReadOnlyList<string>> EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        var created = new List<string>();
        foreach (var name in Enum.GetNames<Role>())
        {
            if (await roles.RoleExistsAsync(name))
            {
                continue;
            }
            var result = await roles.CreateAsync(new IdentityRole(name));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create the role {name}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
            created.Add(name);
        }
        return created;
    }

    /// <summary>The enabled people who hold <see cref="Role.TeamAdmin"/>, by id.</summary>
    public static Task<List<string>> EnabledTeamAdminIdsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.UserRoles
            .Join(db.Roles.Where(r => r.Name == nameof(Role.TeamAdmin)), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users.Where(u => !u.IsDisabled), id => id, u => u.Id, (id, _) => id)
            .ToListAsync(cancellationToken);
}
