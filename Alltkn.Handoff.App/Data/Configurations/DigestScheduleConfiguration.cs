using Alltkn.Handoff.App.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>When each person's daily digest goes out, in their time zone.</summary>
public sealed class DigestScheduleConfiguration : IEntityTypeConfiguration<DigestSchedule>
{
    public void Configure(EntityTypeBuilder<DigestSchedule> builder)
    {
        builder.ToTable("DigestSchedules");
        builder.HasKey(d => d.UserId);
        builder.Property(d => d.UserId).HasMaxLength(450);
    }
}
