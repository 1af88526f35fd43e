using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Identity;

/// <summary>Workspace-wide sign-in settings that team admins choose on <c>/admin/users</c>: one row.</summary>
public sealed class WorkspaceSettings
{
    public const int SingleId = 1;

    public int Id { get; private set; } = SingleId;

    /// <summary>Everyone must use two-factor sign-in: people without it are sent to set it up after signing in.</summary>
    public bool RequireTwoFactor { get; private set; }

    public void SetRequireTwoFactor(bool required) => RequireTwoFactor = required;
}

public sealed class WorkspaceSettingsConfiguration : IEntityTypeConfiguration<WorkspaceSettings>
{
    public void Configure(EntityTypeBuilder<WorkspaceSettings> builder)
    {
        builder.ToTable("WorkspaceSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}
