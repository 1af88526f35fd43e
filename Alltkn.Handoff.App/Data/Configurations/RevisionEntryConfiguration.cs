using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>The append-only revision log. The migration adds triggers that refuse UPDATE and DELETE.</summary>
public sealed class RevisionEntryConfiguration : IEntityTypeConfiguration<RevisionEntry>
{
    public const string Table = "RevisionEntries";

    public void Configure(EntityTypeBuilder<RevisionEntry> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.ActorId).HasMaxLength(450);
        builder.Property(r => r.ActorName).HasMaxLength(200);
        builder.Property(r => r.Subject).HasMaxLength(300);
        // The log pages by keyset (AtUtc, Id), newest first, alone or by person, onboarding or kind.
        builder.HasIndex(r => new { r.AtUtc, r.Id });
        builder.HasIndex(r => new { r.OnboardingId, r.AtUtc, r.Id });
        builder.HasIndex(r => new { r.ActorId, r.AtUtc, r.Id });
        builder.HasIndex(r => new { r.Kind, r.AtUtc, r.Id });
    }
}
