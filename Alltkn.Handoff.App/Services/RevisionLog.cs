using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

public sealed record RevisionQuery
{
    public string? ActorId { get; init; }

    public Guid? OnboardingId { get; init; }

    public RevisionKind? Kind { get; init; }

    /// <summary>Inclusive, UTC.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Exclusive, UTC.</summary>
    public DateTime? ToUtc { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

/// <summary>
/// The append-only revision log: entries are only ever added (with the change they record, in the same
/// transaction, by <see cref="OnboardingService"/>; or here, for sign-in and account events). No code updates or deletes them.
/// </summary>
public sealed class RevisionLog(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task AppendAsync(RevisionEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Revisions.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One onboarding's history, newest first.</summary>
    public async Task<IReadOnlyList<RevisionEntry>> ForOnboardingAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Revisions.AsNoTracking()
            .Where(r => r.OnboardingId == onboardingId)
            .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Across all onboardings, filtered, newest first, a page at a time.</summary>
    public async Task<PageOf<RevisionEntry>> SearchAsync(RevisionQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.Revisions.AsNoTracking();
        if (!string.IsNullOrEmpty(query.ActorId))
        {
            entries = entries.Where(r => r.ActorId == query.ActorId);
        }
        if (query.OnboardingId is { } onboardingId)
        {
            entries = entries.Where(r => r.OnboardingId == onboardingId);
        }
        if (query.Kind is { } kind)
        {
            entries = entries.Where(r => r.Kind == kind);
        }
        if (query.FromUtc is { } from)
        {
            entries = entries.Where(r => r.AtUtc >= from);
        }
        if (query.ToUtc is { } to)
        {
            entries = entries.Where(r => r.AtUtc < to);
        }
        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PageOf<RevisionEntry>(page, total);
    }
}
