using Alltkn.Handoff.App.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

/// <summary>In-app notifications, one per recipient per outbox row.</summary>
public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.RecipientId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(n => n.Email).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Subject).HasMaxLength(500);
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(300);
        // Delivering one outbox row again never doubles a person's notification.
        builder.HasIndex(n => new { n.OutboxMessageId, n.RecipientId }).IsUnique();
        // A person's list, newest first, and their unread count.
        builder.HasIndex(n => new { n.RecipientId, n.CreatedAtUtc, n.Id });
        builder.HasIndex(n => new { n.RecipientId, n.ReadAtUtc });
    }
}
