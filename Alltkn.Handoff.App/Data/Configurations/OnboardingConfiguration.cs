using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Alltkn.Handoff.App.Data.Configurations;

public sealed class OnboardingConfiguration : IEntityTypeConfiguration<Onboarding>
{
    public void Configure(EntityTypeBuilder<Onboarding> builder)
    {
        builder.ToTable("Onboardings");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Scenario).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Stage).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.StageBeforeHold).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.HoldReason).HasMaxLength(Onboarding.MaxReasonLength);
        builder.Property(o => o.CancelReason).HasMaxLength(Onboarding.MaxReasonLength);
        builder.Property(o => o.CreatedById).HasMaxLength(450);
        builder.Property(o => o.CreatedByName).HasMaxLength(200);
        builder.Property(o => o.Version).IsConcurrencyToken();

        // The gate summary lists read instead of loading aggregates: columns named Summary*, refreshed by the domain.
        builder.ComplexProperty(o => o.Summary, summary =>
        {
            summary.Property(s => s.Version).HasColumnName("SummaryVersion");
            summary.Property(s => s.WorkingStage).HasColumnName("WorkingStage").HasConversion<string>().HasMaxLength(40);
            summary.Property(s => s.RequiredDone).HasColumnName("RequiredDone");
            summary.Property(s => s.RequiredTotal).HasColumnName("RequiredTotal");
            summary.Property(s => s.ProgressPercent).HasColumnName("ProgressPercent");
            summary.Property(s => s.OpenAtGate).HasColumnName("OpenAtGate");
            summary.Property(s => s.BlockedAtGate).HasColumnName("BlockedAtGate");
            summary.Property(s => s.BlockedReason).HasColumnName("BlockedReason").HasMaxLength(GateSummary.MaxReasonLength);
            summary.Property(s => s.NextDueDate).HasColumnName("NextDueDate");
        });

        // Health beside it (see HealthSummary: stored as of the day computed, with the day it may next change).
        builder.ComplexProperty(o => o.Health, health =>
        {
            health.Property(h => h.Version).HasColumnName("HealthVersion");
            health.Property(h => h.Level).HasColumnName("Health").HasConversion<string>().HasMaxLength(20);
            health.Property(h => h.Score).HasColumnName("HealthScore");
            health.Property(h => h.ChangesOn).HasColumnName("HealthChangesOn");
        });
        // The DueDatesAndHealth migration indexes HealthScore (sort, and filter by a level's score range),
        // HealthChangesOn (the refresh finds rows whose day has come) and HealthVersion by hand, as above.

        // Every filter and sort the pages offer (OnboardingQueries, WorkspaceQueries, start-up's summary refresh). The list's
        // sorts end in the id (pages are read by offset and ties must keep one order), and so do their indexes, so a page
        // is read in index order and stops after its rows.
        builder.HasIndex(o => new { o.Stage, o.CreatedAtUtc, o.Id });
        builder.HasIndex(o => new { o.CreatedAtUtc, o.Id });
        // EF cannot declare indexes over complex properties: the ScaleReadModels migration creates those by hand
        // (ProgressPercent, NextDueDate, BlockedAtGate, SummaryVersion, Details_Customer, Details_ExpectedGoLiveDate), and
        // the ScalePageIndexes migration the blocked onboardings by customer (IX_Onboardings_Blocked_Customer_Id:
        // Details_Customer, Id, BlockedAtGate where BlockedAtGate > 0) for the dashboard's blocked list and its count. The
        // ListSortTieBreak migration ends the list's sort indexes (customer, progress, health) in the id.

        builder.ComplexProperty(o => o.Details, details =>
        {
            details.Property(d => d.Customer).HasMaxLength(200);
            details.Property(d => d.ProcurementEntity).HasMaxLength(200);
        });


        builder.OwnsOne(o => o.GoLiveWindow, window =>
        {
            window.Property(w => w.StartUtc).HasColumnName("GoLiveWindowStartUtc");
            window.Property(w => w.EndUtc).HasColumnName("GoLiveWindowEndUtc");
            window.Property(w => w.TimeZoneId).HasColumnName("GoLiveWindowTimeZone").HasMaxLength(100);
            // The dashboard's coming windows: those not yet over (a few hundred of thousands), soonest first.
            window.HasIndex(w => w.EndUtc);
        });
        builder.Navigation(o => o.GoLiveWindow).IsRequired(false);

        builder.OwnsMany(o => o.SupportMatrix, row =>
        {
            row.ToTable("SupportAssignments");
            row.WithOwner().HasForeignKey("OnboardingId");
            row.Property(a => a.Responsibility).HasConversion<string>().HasMaxLength(60);
            row.Property(a => a.PersonName).HasMaxLength(200);
            row.HasKey("OnboardingId", nameof(SupportAssignment.Responsibility));
        });
        builder.Navigation(o => o.SupportMatrix).HasField("_supportMatrix").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OnboardingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Items).HasField("_items").UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.Ignore(o => o.PendingRevisions);
        builder.Ignore(o => o.WorkingStage);
        builder.Ignore(o => o.IsClosed);
        builder.Ignore(o => o.PassesInvoiceAndContract);
        builder.Ignore(o => o.IsSupportMatrixComplete);
    }
}
