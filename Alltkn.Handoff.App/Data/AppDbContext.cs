using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Data;

/// <summary>The workspace's one database: onboardings, their items, the revision log, and Identity's tables.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<HandoffUser>(options), IDataProtectionKeyContext
{
    public DbSet<Onboarding> Onboardings => Set<Onboarding>();

    public DbSet<HandoffItem> HandoffItems => Set<HandoffItem>();

    public DbSet<RevisionEntry> Revisions => Set<RevisionEntry>();

    /// <summary>The data-protection key ring when the database is PostgreSQL (sign-ins valid on every instance); SQLite keeps it in a folder.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Saves in the app's one write turn (<see cref="WriteGate"/>), unless the caller already holds SQLite's write lock
    /// in a transaction of its own (then waiting for the turn could only make another writer wait for that lock).
    /// On PostgreSQL, which has no one write lock, every save goes straight to the server.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || !Database.IsSqlite())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        using var turn = (await WriteGate.Save(cancellationToken)).Here();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.CurrentTransaction is not null || !Database.IsSqlite())
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        using var turn = WriteGate.Save().GetAwaiter().GetResult().Here();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps DateTime as text without a kind: every DateTime in this model is UTC. On PostgreSQL they are
        // timestamptz, which Npgsql writes only from DateTime values of kind Utc: the converter makes them so.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
