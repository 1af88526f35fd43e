using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>Create requests' idempotency keys: one per person and key, found by that pair.</summary>
public sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(k => new { k.UserId, k.Key });
        builder.Property(k => k.UserId).HasMaxLength(450);
        builder.Property(k => k.Key).HasMaxLength(IdempotencyKey.MaxLength);
        builder.Property(k => k.Fingerprint).HasMaxLength(64);
        builder.HasOne<Onboarding>().WithMany().HasForeignKey(k => k.OnboardingId).OnDelete(DeleteBehavior.Cascade);
    }
}
