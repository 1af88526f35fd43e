using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

public sealed partial class RevisionLog
{
    /// <summary>
    /// An onboarding's history as its page opens (<see cref="HistoryHeadAsync"/>), as compiled queries
    /// (<see cref="CompiledPerModel{TQueries}"/>): its newest entries, how many it has, its stage moves; each through the
    /// onboarding's index.
    /// </summary>
    private sealed class HistoryQueries
    {
        public static HistoryQueries For(AppDbContext db) => CompiledPerModel<HistoryQueries>.For(db);

        public readonly Func<AppDbContext, Guid, int, IAsyncEnumerable<RevisionEntry>> Newest =
            EF.CompileAsyncQuery((AppDbContext db, Guid onboardingId, int take) => db.Revisions.AsNoTracking()
                .Where(r => r.OnboardingId == onboardingId)
                .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
                .Take(take));

        public readonly Func<AppDbContext, Guid, CancellationToken, Task<int>> Count =
            EF.CompileAsyncQuery((AppDbContext db, Guid onboardingId, CancellationToken _) => db.Revisions.Count(r => r.OnboardingId == onboardingId));

        public readonly Func<AppDbContext, Guid, IAsyncEnumerable<RevisionEntry>> StageMoves =
            EF.CompileAsyncQuery<AppDbContext, Guid, RevisionEntry>((db, onboardingId) => db.Revisions.AsNoTracking()
                .Where(r => r.OnboardingId == onboardingId && r.Kind == RevisionKind.StageMoved)
                .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id));
    }

    /// <summary>
    /// The whole log's pages (no filter), the revision log page as it opens and as it is paged, as compiled queries
    /// (<see cref="CompiledPerModel{TQueries}"/>): the newest entries, those just older than a cursor, those just newer.
    /// The same keyset reads as <see cref="PageAsync"/> builds for a filtered log, one entry beyond the page.
    /// </summary>
    private sealed class PageQueries
    {
        public static PageQueries For(AppDbContext db) => CompiledPerModel<PageQueries>.For(db);

        /// <summary>Whether <paramref name="query"/> reads the whole log, which these queries read.</summary>
        public static bool Serves(RevisionQuery query) =>
            string.IsNullOrEmpty(query.ActorId) && query is { OnboardingId: null, Kind: null, FromUtc: null, ToUtc: null };

        private readonly Func<AppDbContext, int, IAsyncEnumerable<RevisionEntry>> newest =
            EF.CompileAsyncQuery((AppDbContext db, int take) => db.Revisions.AsNoTracking()
                .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
                .Take(take));

        private readonly Func<AppDbContext, DateTime, Guid, int, IAsyncEnumerable<RevisionEntry>> olderThan =
            EF.CompileAsyncQuery((AppDbContext db, DateTime at, Guid id, int take) => db.Revisions.AsNoTracking()
                .Where(r => r.AtUtc <= at && (r.AtUtc < at || r.Id.CompareTo(id) < 0))
                .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
                .Take(take));

        private readonly Func<AppDbContext, DateTime, Guid, int, IAsyncEnumerable<RevisionEntry>> newerThan =
            EF.CompileAsyncQuery((AppDbContext db, DateTime at, Guid id, int take) => db.Revisions.AsNoTracking()
                .Where(r => r.AtUtc >= at && (r.AtUtc > at || r.Id.CompareTo(id) > 0))
                .OrderBy(r => r.AtUtc).ThenBy(r => r.Id)
                .Take(take));

        /// <summary>As <see cref="PageAsync"/> reads a page: <paramref name="after"/> first, then <paramref name="before"/>, else the newest.</summary>
        public async Task<RevisionPage> PageAsync(AppDbContext db, int size, RevisionCursor? before, RevisionCursor? after, CancellationToken cancellationToken)
        {
            if (after is { } newer)
            {
                return NewerPage(await newerThan(db, newer.AtUtc, newer.Id, size + 1).ToListAsync(cancellationToken), size);
            }
            return OlderPage(before is { } older
                ? await olderThan(db, older.AtUtc, older.Id, size + 1).ToListAsync(cancellationToken)
                : await newest(db, size + 1).ToListAsync(cancellationToken), size, fromCursor: before is not null);
        }
    }
}
