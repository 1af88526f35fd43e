using Alltkn.Handoff.App.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>The delivery log: one line per event sent (or to be sent) to one endpoint; gone with its endpoint.</summary>
public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.OnboardingReference).HasMaxLength(200);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        // An endpoint's log, newest first, a page at a time.
        builder.HasIndex(d => new { d.EndpointId, d.CreatedAtUtc, d.Id });
        builder.HasIndex(d => d.OutboxMessageId).IsUnique();
    }
}
