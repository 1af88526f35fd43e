using Alltkn.Handoff.App.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

public sealed class HandoffUserConfiguration : IEntityTypeConfiguration<HandoffUser>
{
    public void Configure(EntityTypeBuilder<HandoffUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(10);
        builder.Property(u => u.TimeZoneId).HasMaxLength(100);
    }
}
