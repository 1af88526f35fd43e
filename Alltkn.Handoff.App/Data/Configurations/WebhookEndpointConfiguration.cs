using Alltkn.Handoff.App.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>Webhook endpoints; the secret only protected.</summary>
public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Url).HasMaxLength(WebhookAdministration.MaxUrlLength);
        builder.Property(e => e.EventKinds).HasMaxLength(400);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(2000);
        builder.Property(e => e.CreatedById).HasMaxLength(450);
        builder.Property(e => e.CreatedByName).HasMaxLength(200);
        builder.Property(e => e.PauseReason).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(e => e.IsPaused);
        builder.Ignore(e => e.Kinds);
        builder.HasIndex(e => e.CreatedAtUtc);
    }
}
