using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// Says what someone else changed when a save loses a race: the onboarding as the person's change was decided on
/// (<see cref="Seen"/>) against the onboarding stored now, and who changed each part (from the revision log).
/// </summary>
internal static class ConflictReport
{
    /// <summary>The parts of an onboarding a decision is made on, taken before the change is applied.</summary>
    internal sealed record Seen(
        Stage Stage,
        OnboardingDetails Details,
        GoLiveWindow? Window,
        IReadOnlyDictionary<SupportResponsibility, string> Support,
        IReadOnlyDictionary<Guid, ItemSeen> Items);

    /// <summary>
    /// An item as the change found it: its parts, kept as they are for every change (each change takes this snapshot);
    /// put into words (<see cref="State"/>) only when a conflict is reported.
    /// </summary>
    internal sealed record ItemSeen(int Version, string Title, ItemStatus Status, string? Evidence, string? StatusReason,
        string? AssigneeName, DateOnly? DueDate)
    {
        public static ItemSeen Of(HandoffItem item) =>
            new(item.Version, item.Title, item.Status, item.Evidence, item.StatusReason, item.AssigneeName, item.DueDate);

        /// <summary>As a person reads it in a conflict: "Status: Done; Evidence: …; Due: 2026-12-08".</summary>
        public string State
        {
            get
            {
                var parts = new List<string> { $"Status: {Status}" };
                if (Evidence is not null)
                {
                    parts.Add($"Evidence: {Evidence}");
                }
                if (StatusReason is not null)
                {
                    parts.Add($"Reason: {StatusReason}");
                }
                if (AssigneeName is not null)
                {
                    parts.Add($"Assignee: {AssigneeName}");
                }
                if (DueDate is { } due)
                {
                    parts.Add($"Due: {due:yyyy-MM-dd}");
                }
                return string.Join("; ", parts);
            }
        }
    }

    public static Seen Snapshot(Onboarding onboarding) => new(
        onboarding.Stage,
        onboarding.Details,
        onboarding.GoLiveWindow,
        onboarding.SupportMatrix.ToDictionary(a => a.Responsibility, a => a.PersonName),
        onboarding.Items.ToDictionary(i => i.Id, ItemSeen.Of));

    /// <summary>Every part that differs between what was seen and what is stored now.</summary>
    public static IReadOnlyList<ConflictDetail> Compare(Seen seen, Onboarding now)
    {
        var details = new List<ConflictDetail>();
        if (seen.Stage != now.Stage)
        {
            details.Add(new ConflictDetail("Stage", seen.Stage.ToString(), now.Stage.ToString()));
        }
        details.AddRange(FieldCatalog.Changed(seen.Details, now.Details)
            .Select(f => new ConflictDetail(f.ToString(), FieldCatalog.Read(seen.Details, f), FieldCatalog.Read(now.Details, f))));
        if (!Equals(seen.Window, now.GoLiveWindow))
        {
            details.Add(new ConflictDetail(nameof(OnboardingField.GoLiveWindow), seen.Window?.ToString(), now.GoLiveWindow?.ToString()));
        }
        foreach (var responsibility in Enum.GetValues<SupportResponsibility>())
        {
            var before = seen.Support.GetValueOrDefault(responsibility);
            var after = now.SupportMatrix.FirstOrDefault(a => a.Responsibility == responsibility)?.PersonName;
            if (before != after)
            {
                details.Add(new ConflictDetail(responsibility.ToString(), before, after));
            }
        }
        foreach (var item in now.Items.OrderBy(i => i.SortOrder))
        {
            if (seen.Items.TryGetValue(item.Id, out var was) && was.Version != item.Version && was.State != StateOf(item))
            {
                details.Add(new ConflictDetail(item.Title, was.State, StateOf(item)));
            }
        }
        return details;
    }

    /// <summary>
    /// Fills in who made each conflicting change, from the newest revision entry on the same subject
    /// (a field, a support responsibility, an item's title, or "Stage" for a move).
    /// </summary>
    public static async Task<IReadOnlyList<ConflictDetail>> AttributeAsync(
        AppDbContext db, Guid onboardingId, IReadOnlyList<ConflictDetail> details, CancellationToken cancellationToken)
    {
        if (details.Count == 0)
        {
            return details;
        }
        var recent = await db.Revisions.AsNoTracking()
            .Where(r => r.OnboardingId == onboardingId)
            .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        return details
            .Select(d => d.ChangedBy is not null ? d : d with { ChangedBy = recent.FirstOrDefault(r => IsAbout(r, d.Subject))?.ActorName })
            .ToArray();
    }

    private static bool IsAbout(RevisionEntry entry, string subject) =>
        subject == "Stage"
            ? entry.Kind == RevisionKind.StageMoved
            : entry.Subject == subject || subject.StartsWith(entry.Subject + " · ", StringComparison.Ordinal);

    private static string StateOf(HandoffItem item) => ItemSeen.Of(item).State;
}
