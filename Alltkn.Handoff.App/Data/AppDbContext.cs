using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Data;

/// <summary>The workspace's one database: onboardings, their items, the revision log, and Identity's tables.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<HandoffUser>(options)
{
    public DbSet<Onboarding> Onboardings => Set<Onboarding>();

    public DbSet<HandoffItem> HandoffItems => Set<HandoffItem>();

    public DbSet<RevisionEntry> Revisions => Set<RevisionEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps DateTime as text without a kind: every DateTime in this model is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
