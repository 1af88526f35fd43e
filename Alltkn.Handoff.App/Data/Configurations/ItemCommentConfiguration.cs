using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>
/// Comments on checklist items: append-only (the migration adds a trigger that refuses DELETE; an edit is an UPDATE of
/// the text, its earlier text kept in the revision log). Read by item, oldest first; counted by onboarding and item.
/// </summary>
public sealed class ItemCommentConfiguration : IEntityTypeConfiguration<ItemComment>
{
    public const string Table = "ItemComments";

    public void Configure(EntityTypeBuilder<ItemComment> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.AuthorId).HasMaxLength(450);
        builder.Property(c => c.AuthorName).HasMaxLength(200);
        builder.Property(c => c.AuthorSide).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Visibility).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.Text).HasMaxLength(ItemComment.MaxTextLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Onboarding>().WithMany().HasForeignKey(c => c.OnboardingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<HandoffItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Restrict);
        // The page's counts (one grouped query by onboarding) and a thread (one item's, oldest first).
        builder.HasIndex(c => new { c.OnboardingId, c.ItemId });
        builder.HasIndex(c => new { c.ItemId, c.CreatedAtUtc });
        builder.Ignore(c => c.PendingRevisions);
    }
}
