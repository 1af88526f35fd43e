using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>
/// The data-protection key ring (sign-in cookies, antiforgery, webhook secrets), kept here when the database is PostgreSQL so
/// that every app instance reads and writes the same keys (<c>Identity/IdentitySetup</c>). In both providers' schemas, one model;
/// unused on SQLite, where the keys stay in the folder beside the file.
/// </summary>
public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
    }
}
