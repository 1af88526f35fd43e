using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

public sealed class HandoffItemConfiguration : IEntityTypeConfiguration<HandoffItem>
{
    public void Configure(EntityTypeBuilder<HandoffItem> builder)
    {
        builder.ToTable("HandoffItems");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Key).HasMaxLength(100);
        builder.Property(i => i.Title).HasMaxLength(300);
        builder.Property(i => i.Stage).HasConversion<string>().HasMaxLength(40);
        builder.Property(i => i.OwnerRole).HasConversion<string>().HasMaxLength(40);
        builder.Property(i => i.EvidenceKind).HasConversion<string>().HasMaxLength(40);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(40);
        builder.Property(i => i.Evidence).HasMaxLength(EvidenceRules.MaxEvidenceLength);
        builder.Property(i => i.StatusReason).HasMaxLength(Onboarding.MaxReasonLength);
        builder.Property(i => i.AssigneeUserId).HasMaxLength(450);
        builder.Property(i => i.AssigneeName).HasMaxLength(200);
        builder.Property(i => i.CompletedById).HasMaxLength(450);
        builder.Property(i => i.CompletedByName).HasMaxLength(200);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.OnboardingId, i.SortOrder });
        // My items (by owner role and by assignee, open first, soonest due first), overdue and blocked lists.
        builder.HasIndex(i => new { i.OwnerRole, i.Status, i.DueDate });
        builder.HasIndex(i => new { i.AssigneeUserId, i.Status, i.DueDate });
        builder.HasIndex(i => new { i.Status, i.DueDate });
        builder.HasIndex(i => i.DueDate);
        builder.Ignore(i => i.Package);
        builder.Ignore(i => i.IsSettled);
    }
}
