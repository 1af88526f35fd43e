using Alltkn.Handoff.App.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>The outbox: work written with the change that caused it, delivered by the dispatcher under a lease.</summary>
public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Type).HasMaxLength(40);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.DedupeKey).HasMaxLength(300);
        builder.Property(m => m.LeaseOwner).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        // Once ever: a second row with the same key is refused (several NULLs are allowed).
        builder.HasIndex(m => m.DedupeKey).IsUnique();
        // The dispatcher's claim: pending rows due now, oldest first.
        builder.HasIndex(m => new { m.State, m.NextAttemptAtUtc });
        builder.HasIndex(m => m.LeaseToken);
    }
}
