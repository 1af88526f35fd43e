using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>
/// Invitations of the customer's contacts: the link's token only as its hash (unique: a link finds its invitation by
/// it), the side as a string; read by onboarding (the panel), by guest (their scope) and by e-mail (a new link).
/// </summary>
public sealed class GuestInvitationConfiguration : IEntityTypeConfiguration<GuestInvitation>
{
    public const string Table = "GuestInvitations";

    public void Configure(EntityTypeBuilder<GuestInvitation> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Side).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Email).HasMaxLength(GuestInvitation.MaxEmailLength);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.CreatedById).HasMaxLength(450);
        builder.Property(i => i.CreatedByName).HasMaxLength(200);
        builder.Property(i => i.GuestUserId).HasMaxLength(450);
        builder.Property(i => i.Language).HasMaxLength(10).HasDefaultValue(GuestInvitation.DefaultLanguage);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasOne<Onboarding>().WithMany().HasForeignKey(i => i.OnboardingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.OnboardingId);
        builder.HasIndex(i => i.GuestUserId);
        builder.HasIndex(i => i.Email);
        builder.Ignore(i => i.PendingRevisions);
        builder.Ignore(i => i.IsRevoked);
    }
}
