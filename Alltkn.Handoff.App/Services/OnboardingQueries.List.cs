using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

public sealed partial class OnboardingQueries
{
    /// <summary>
    /// The onboardings list as it opens (no search, no filter, newest first), the page people open most, as compiled
    /// queries (<see cref="CompiledPerModel{TQueries}"/>): the count, and the page with each row's overdue count read
    /// beside it (a correlated count per row, through the items' index, for the page's rows alone: the newest come
    /// from the creation-time index in order) in one query instead of a second one over the page's ids. Other lists
    /// (searched, filtered, sorted otherwise) are built as they ask, in <see cref="ListAsync"/>.
    /// </summary>
    private sealed class ListQueries
    {
        public static ListQueries For(AppDbContext db) => CompiledPerModel<ListQueries>.For(db);

        /// <summary>Whether <paramref name="query"/> is the list as it opens, which these queries read.</summary>
        public static bool Serves(OnboardingListQuery query) =>
            string.IsNullOrWhiteSpace(query.Search) && query is { Stage: null, Scenario: null, Owner: null, OverdueOnly: false, BlockedOnly: false, Health: null }
            && query is { Sort: OnboardingSort.Created, Descending: true };

        private readonly Func<AppDbContext, CancellationToken, Task<int>> count =
            EF.CompileAsyncQuery((AppDbContext db, CancellationToken _) => db.Onboardings.Count());

        // The same row as ListAsync's other lists make (OnboardingSummary), and its overdue count as theirs: items due
        // before today and not settled, none for a cancelled onboarding.
        private readonly Func<AppDbContext, int, int, DateOnly, IAsyncEnumerable<OnboardingSummary>> newestFirst =
            EF.CompileAsyncQuery((AppDbContext db, int skip, int take, DateOnly today) => db.Onboardings.AsNoTracking()
                .OrderByDescending(o => o.CreatedAtUtc).ThenByDescending(o => o.Id)
                .Skip(skip).Take(take)
                .Select(o => new OnboardingSummary(o.Id, o.Details.Customer, o.Details.ProcurementEntity, o.Scenario, o.Stage, o.StageBeforeHold,
                    o.Summary.RequiredDone, o.Summary.RequiredTotal,
                    o.Stage == Stage.Cancelled ? 0 : db.HandoffItems.Count(i => i.OnboardingId == o.Id && i.DueDate < today && Unsettled.Contains(i.Status)),
                    o.Details.ExpectedGoLiveDate, o.CreatedAtUtc) { Health = o.Health.Level }));

        public async Task<PageOf<OnboardingSummary>> NewestFirstAsync(AppDbContext db, int skip, int take, DateOnly today, CancellationToken cancellationToken)
        {
            var total = await count(db, cancellationToken);
            return new PageOf<OnboardingSummary>(await newestFirst(db, skip, take, today).ToListAsync(cancellationToken), total);
        }
    }
}
