using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

public sealed class HandoffItemConfiguration : IEntityTypeConfiguration<HandoffItem>
{
    /// <summary>The partial indexes' filter: items not yet settled, as <c>OnboardingQueries</c> names them.</summary>
    public const string UnsettledFilter = "\"Status\" IN ('Open', 'InProgress', 'Blocked')";

    /// <summary>The owner filter's partial index: required items not yet settled (queries name both, as here).</summary>
    public const string UnsettledRequiredFilter = UnsettledFilter + " AND \"Required\"";

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
        builder.Property(i => i.CustomerSide).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.CustomerRole).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Evidence).HasMaxLength(EvidenceRules.MaxEvidenceLength);
        builder.Property(i => i.StatusReason).HasMaxLength(Onboarding.MaxReasonLength);
        builder.Property(i => i.AssigneeUserId).HasMaxLength(450);
        builder.Property(i => i.AssigneeName).HasMaxLength(200);
        builder.Property(i => i.CompletedById).HasMaxLength(450);
        builder.Property(i => i.CompletedByName).HasMaxLength(200);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.OnboardingId, i.SortOrder });
        builder.HasIndex(i => i.DueDate);
        // Only the items not yet settled (about a third), in due-date order: the dashboard's overdue list reads its first
        // rows, and My items (by owner role, by assignee) the person's first page, without sorting everything first.
        // Queries name the statuses as the filter does (Status IN ('Open', 'InProgress', 'Blocked')) so SQLite can use them.
        // With the onboarding's id, so the capped counts ("1,000+") read the index alone, never the table's rows. The owner
        // role index still carries Required, which only the owner filter's earlier form read (it now has the index below);
        // dropping it is left for a migration that has another reason to rebuild the index.
        builder.HasIndex(i => new { i.DueDate, i.OnboardingId }, "IX_HandoffItems_Unsettled_DueDate").HasFilter(UnsettledFilter);
        builder.HasIndex(i => new { i.OwnerRole, i.DueDate, i.OnboardingId, i.Required }, "IX_HandoffItems_Unsettled_OwnerRole_DueDate")
            .HasFilter(UnsettledFilter);
        builder.HasIndex(i => new { i.AssigneeUserId, i.DueDate }, "IX_HandoffItems_Unsettled_AssigneeUserId_DueDate").HasFilter(UnsettledFilter);
        // Required items not yet settled, by owner role and onboarding: the onboardings list's owner filter asks, for each
        // onboarding in the order the list reads them, whether it has one (one look-up), so a page stops after its rows.
        builder.HasIndex(i => new { i.OwnerRole, i.OnboardingId }, "IX_HandoffItems_UnsettledRequired_OwnerRole_OnboardingId")
            .HasFilter(UnsettledRequiredFilter);
        // My items with settled ones too: the person's items by due date.
        builder.HasIndex(i => new { i.OwnerRole, i.DueDate, i.OnboardingId }, "IX_HandoffItems_OwnerRole_DueDate");
        builder.HasIndex(i => new { i.AssigneeUserId, i.DueDate }, "IX_HandoffItems_AssigneeUserId_DueDate");
        // Blocked items (a few in a hundred) of one onboarding's stage, in checklist order: the dashboard's blocked list.
        builder.HasIndex(i => new { i.OnboardingId, i.Stage, i.SortOrder }, "IX_HandoffItems_Blocked_OnboardingId_Stage_SortOrder")
            .HasFilter("\"Status\" = 'Blocked'");
        builder.Ignore(i => i.Package);
        builder.Ignore(i => i.IsSettled);
    }
}
