using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

public enum OnboardingSort
{
    Customer,
    Stage,
    Progress,
    ExpectedGoLive,
    Created,
    Health,
}

/// <summary>The onboardings list: search (customer, procurement entity), filters, sort and page, all on the server.</summary>
public sealed record OnboardingListQuery
{
    public string? Search { get; init; }

    public Stage? Stage { get; init; }

    public Scenario? Scenario { get; init; }

    /// <summary>Only onboardings with an open required item owned by this role.</summary>
    public Role? Owner { get; init; }

    public bool OverdueOnly { get; init; }

    /// <summary>Only onboardings with an item marked Blocked in their working stage (from the gate summary).</summary>
    public bool BlockedOnly { get; init; }

    /// <summary>Only onboardings of this health (the stored <see cref="HealthSummary"/>, through its score's index).</summary>
    public HealthLevel? Health { get; init; }

    public OnboardingSort Sort { get; init; } = OnboardingSort.Created;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 20;

    /// <summary>The rows before the page: page × page size, in long so that a far page never wraps round to the first.</summary>
    public int Skip => (int)Math.Min((long)Math.Max(0, Page) * Math.Max(0, PageSize), int.MaxValue);

    /// <summary>The last page whose first row can be counted to (<see cref="Skip"/> within an int) with this page size.</summary>
    public static int LargestPage(int pageSize) => int.MaxValue / Math.Max(1, pageSize);
}

public sealed record OnboardingSummary(
    Guid Id, string Customer, string ProcurementEntity, Scenario Scenario, Stage Stage, Stage? StageBeforeHold,
    int RequiredDone, int RequiredTotal, int OverdueItems, DateOnly? ExpectedGoLiveDate, DateTime CreatedAtUtc)
{
    public double ProgressPercent => RequiredTotal == 0 ? 100 : 100.0 * RequiredDone / RequiredTotal;

    /// <summary>The stored health (see <see cref="HealthSummary"/>).</summary>
    public HealthLevel Health { get; init; }
}

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total)
{
    /// <summary>True when <see cref="Total"/> was counted only up to a cap: there are at least that many.</summary>
    public bool TotalCapped { get; init; }
}

/// <summary>An item with the onboarding it belongs to, for lists across onboardings.</summary>
public sealed record ItemRow(Guid OnboardingId, string Customer, Stage OnboardingStage, HandoffItem Item);

public sealed record UpcomingWindow(Guid OnboardingId, string Customer, Stage Stage, GoLiveWindow Window);

/// <summary>
/// The dashboard: every list bounded (the most urgent first), each with how many there are in all, counted by indexed
/// queries up to <see cref="OnboardingQueries.CountCap"/> ("1,000+").
/// </summary>
public sealed record Dashboard(
    IReadOnlyDictionary<Stage, int> PerStage,
    IReadOnlyList<UpcomingWindow> UpcomingWindows,
    IReadOnlyList<ItemRow> MyOpenItems)
{
    /// <summary>Blocked items holding a gate: the first by customer, and how many in all.</summary>
    public PageOf<ItemRow> BlockedItems { get; init; } = new([], 0);

    /// <summary>Overdue items in all (capped).</summary>
    public PageOf<ItemRow> OverdueItems { get; init; } = new([], 0);
}

/// <summary>My items: the person's open (or all) items, soonest due first (or latest first), the first <see cref="Take"/>.</summary>
public sealed record MyItemsQuery
{
    public bool IncludeSettled { get; init; }

    public bool LatestFirst { get; init; }

    public int Take { get; init; } = OnboardingQueries.MyItemsPageSize;

    /// <summary>Count them all (up to the cap) when the page is full; the dashboard, which shows no total, does not.</summary>
    public bool CountAll { get; init; } = true;
}

/// <summary>
/// Reads for the dashboard and the lists; nothing here changes anything. Reading them is the team's
/// (<see cref="HandoffPolicy.MayRead"/>, roles as stored now): every read checks the signed-in person
/// (<see cref="ICurrentActor"/>), and for anyone else (no one, an account without a role) it is refused and logged and
/// answers nothing: null for the reads a whole page shows (the dashboard, My items, Go-live), so that the page can say
/// why; an empty page or list for the others (<see cref="ReaderAsync"/> tells a page why). "My" items and the dashboard
/// are the signed-in person's.
/// </summary>
public sealed partial class OnboardingQueries(
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ICurrentActor currentActor, ILogger<OnboardingQueries> logger)
{
    public static readonly TimeSpan UpcomingSpan = TimeSpan.FromDays(14);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Lists count up to this many; beyond, they say "1,000+".</summary>
    public const int CountCap = 1000;

    /// <summary>How many rows My items shows at first (and adds with each "show more").</summary>
    public const int MyItemsPageSize = 50;

    /// <summary>How many rows the dashboard's lists show.</summary>
    public const int DashboardRows = 20;

    /// <summary>The dashboard shows the first of my open items (soonest due); My items has them all.</summary>
    public const int DashboardMyItems = 8;

    private static readonly ItemStatus[] Unsettled = [ItemStatus.Open, ItemStatus.InProgress, ItemStatus.Blocked];

    private static readonly ItemStatus[] AnyStatus = Enum.GetValues<ItemStatus>();

    /// <summary>
    /// Whether the signed-in person may read the onboardings: Ok for the team (<see cref="HandoffPolicy.MayRead"/>);
    /// Forbidden (<see cref="Refusals.NotTheTeamCode"/>, logged) for no one or an account without a role.
    /// </summary>
    public async Task<Outcome> ReaderAsync(CancellationToken cancellationToken = default) =>
        await currentActor.TeamReaderAsync(logger, "read the onboardings", cancellationToken) is null
            ? Refusals.NotTheTeam("the onboardings")
            : Outcome.Ok();

    /// <summary>
    /// A page of the onboardings list. Progress, overdue and the gate come from the summary the domain keeps with each
    /// onboarding (<see cref="GateSummary"/>); the overdue count is read for the page's rows alone.
    /// </summary>
    public async Task<PageOf<OnboardingSummary>> ListAsync(OnboardingListQuery query, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read the onboardings list", cancellationToken) is null)
        {
            return new PageOf<OnboardingSummary>([], 0);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        if (ListQueries.Serves(query))
        {
            return await ListQueries.For(db).NewestFirstAsync(db, query.Skip, query.PageSize, today, cancellationToken);
        }
        var onboardings = db.Onboardings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Contains, whatever the case, on either provider.
            onboardings = onboardings.WhereAnyContains(db, query.Search, o => o.Details.Customer, o => o.Details.ProcurementEntity);
        }
        if (query.Stage is { } stage)
        {
            onboardings = onboardings.Where(o => o.Stage == stage);
        }
        if (query.Scenario is { } scenario)
        {
            onboardings = onboardings.Where(o => o.Scenario == scenario);
        }
        if (query.Owner is { } owner)
        {
            // Asked of each onboarding as the list reads them (in its sort's index order, so the page stops after its rows;
            // the count, after the other filters): one look-up in the partial index of required items not yet settled by
            // owner role and onboarding, never every item of the role read and matched against the onboardings.
            onboardings = onboardings.Where(o => db.HandoffItems.Any(i => i.OnboardingId == o.Id && i.OwnerRole == owner && Unsettled.Contains(i.Status) && i.Required));
        }
        if (query.OverdueOnly)
        {
            onboardings = onboardings.Where(o => o.Stage != Stage.Cancelled && o.Summary.NextDueDate < today);
        }
        if (query.BlockedOnly)
        {
            onboardings = onboardings.Where(o => o.Summary.BlockedAtGate > 0);
        }
        if (query.Health is { } health)
        {
            var (from, to) = HealthSummary.ScoresOf(health);
            onboardings = onboardings.Where(o => o.Health.Score >= from && o.Health.Score <= to);
        }

        var rows = onboardings.Select(o => new
        {
            o.Id, o.Details.Customer, o.Details.ProcurementEntity, o.Scenario, o.Stage, o.StageBeforeHold,
            o.Details.ExpectedGoLiveDate, o.CreatedAtUtc, o.Summary.RequiredDone, o.Summary.RequiredTotal, o.Summary.ProgressPercent,
            HealthLevel = o.Health.Level, HealthScore = o.Health.Score,
            StageOrder = o.Stage == Stage.Inquiry ? 0 : o.Stage == Stage.Trial ? 1 : o.Stage == Stage.CommercialConfirmation ? 2
                : o.Stage == Stage.InvoiceAndContract ? 3 : o.Stage == Stage.GoLive ? 4 : o.Stage == Stage.Live ? 5
                : o.Stage == Stage.OnHold ? 6 : 7,
        });
        var total = await rows.CountAsync(cancellationToken);
        // Every sort ends in the onboarding's id: pages are read by offset, and onboardings that tie on the sort's keys (the
        // same customer, the same expected go-live date, no date at all) keep one order from page to page, so paging
        // through a list shows each once. The indexes of the sorts by creation, customer, progress and health end in the id
        // too (a page is read in index order and stops after its rows); the sorts by stage and by expected go-live begin with
        // an expression no index holds, and sort the matching onboardings as they did before.
        rows = (query.Sort, query.Descending) switch
        {
            (OnboardingSort.Customer, false) => rows.OrderBy(r => r.Customer).ThenBy(r => r.Id),
            (OnboardingSort.Customer, true) => rows.OrderByDescending(r => r.Customer).ThenByDescending(r => r.Id),
            (OnboardingSort.Stage, false) => rows.OrderBy(r => r.StageOrder).ThenBy(r => r.Customer).ThenBy(r => r.Id),
            (OnboardingSort.Stage, true) => rows.OrderByDescending(r => r.StageOrder).ThenBy(r => r.Customer).ThenBy(r => r.Id),
            (OnboardingSort.Progress, false) => rows.OrderBy(r => r.ProgressPercent).ThenBy(r => r.CreatedAtUtc).ThenBy(r => r.Id),
            (OnboardingSort.Progress, true) => rows.OrderByDescending(r => r.ProgressPercent).ThenByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id),
            (OnboardingSort.ExpectedGoLive, false) => rows.OrderBy(r => r.ExpectedGoLiveDate == null).ThenBy(r => r.ExpectedGoLiveDate).ThenBy(r => r.Id),
            (OnboardingSort.ExpectedGoLive, true) => rows.OrderBy(r => r.ExpectedGoLiveDate == null).ThenByDescending(r => r.ExpectedGoLiveDate).ThenByDescending(r => r.Id),
            (OnboardingSort.Health, false) => rows.OrderBy(r => r.HealthScore).ThenBy(r => r.CreatedAtUtc).ThenBy(r => r.Id),
            (OnboardingSort.Health, true) => rows.OrderByDescending(r => r.HealthScore).ThenByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id),
            (_, false) => rows.OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id),
            _ => rows.OrderByDescending(r => r.CreatedAtUtc).ThenByDescending(r => r.Id),
        };
        var page = await rows.Skip(query.Skip).Take(query.PageSize).ToListAsync(cancellationToken);
        var ids = page.Select(r => r.Id).ToArray();
        var overdue = ids.Length == 0 ? [] : await db.HandoffItems.AsNoTracking()
            .Where(i => ids.Contains(i.OnboardingId) && i.DueDate < today && Unsettled.Contains(i.Status))
            .GroupBy(i => i.OnboardingId)
            .Select(g => new { OnboardingId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.OnboardingId, g => g.Count, cancellationToken);
        return new PageOf<OnboardingSummary>(
            page.Select(r => new OnboardingSummary(r.Id, r.Customer, r.ProcurementEntity, r.Scenario, r.Stage, r.StageBeforeHold,
                r.RequiredDone, r.RequiredTotal, r.Stage == Stage.Cancelled ? 0 : overdue.GetValueOrDefault(r.Id),
                r.ExpectedGoLiveDate, r.CreatedAtUtc) { Health = r.HealthLevel }).ToArray(),
            total);
    }

    /// <summary>
    /// The first of the signed-in person's items (owner role one of theirs, or assigned to them), most urgent first: soonest due
    /// (latest first when asked), those without a due date last; with how many there are in all (capped). Null when the
    /// person may not read (<see cref="ReaderAsync"/>).
    /// </summary>
    /// <remarks>
    /// Paged in SQL: each of the person's roles, and their assignments, is read on its own through an index in due-date
    /// order (unsettled items: a partial index), the first <see cref="MyItemsQuery.Take"/> of each; those are merged here.
    /// Items without a due date are read only when the dated ones do not fill the page.
    /// </remarks>
    public async Task<PageOf<ItemRow>?> MyItemsPageAsync(MyItemsQuery query, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read their items", cancellationToken) is not { } actor)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MyItemsPageAsync(db, actor, query, cancellationToken);
    }

    private async Task<PageOf<ItemRow>> MyItemsPageAsync(AppDbContext db, Actor actor, MyItemsQuery query, CancellationToken cancellationToken)
    {
        var roles = actor.Roles.Where(r => r != Role.Viewer).Order().ToArray();
        var take = Math.Max(0, query.Take);
        var userId = actor.UserId;
        var branches = roles.Select(role => db.HandoffItems.AsNoTracking().Where(i => i.OwnerRole == role))
            .Append(db.HandoffItems.AsNoTracking().Where(i => i.AssigneeUserId == userId))
            .Select(branch => query.IncludeSettled ? branch : branch.Where(i => Unsettled.Contains(i.Status)))
            .ToArray();

        var rows = new Dictionary<Guid, ItemRow>();
        foreach (var branch in branches)
        {
            var dated = Rows(db, branch.Where(i => i.DueDate != null));
            var ordered = query.LatestFirst
                ? dated.OrderByDescending(r => r.Item.DueDate).ThenBy(r => r.Customer).ThenBy(r => r.Item.SortOrder)
                : dated.OrderBy(r => r.Item.DueDate).ThenBy(r => r.Customer).ThenBy(r => r.Item.SortOrder);
            foreach (var row in await ordered.Take(take).ToListAsync(cancellationToken))
            {
                rows.TryAdd(row.Item.Id, new ItemRow(row.Id, row.Customer, row.Stage, row.Item));
            }
        }
        var page = rows.Values.OrderBy(r => r.Item.DueDate, query.LatestFirst ? DescendingDates : Comparer<DateOnly?>.Default)
            .ThenBy(r => r.Customer, StringComparer.Ordinal).ThenBy(r => r.Item.SortOrder)
            .Take(take).ToList();
        if (page.Count < take)
        {
            var undated = new Dictionary<Guid, ItemRow>();
            foreach (var branch in branches)
            {
                var rest = await Rows(db, branch.Where(i => i.DueDate == null))
                    .OrderBy(r => r.Customer).ThenBy(r => r.Item.SortOrder).Take(take - page.Count).ToListAsync(cancellationToken);
                foreach (var row in rest)
                {
                    undated.TryAdd(row.Item.Id, new ItemRow(row.Id, row.Customer, row.Stage, row.Item));
                }
            }
            page.AddRange(undated.Values.OrderBy(r => r.Customer, StringComparer.Ordinal).ThenBy(r => r.Item.SortOrder).Take(take - page.Count));
        }

        if (page.Count < take || !query.CountAll)
        {
            return new PageOf<ItemRow>(page, page.Count);
        }
        // Counted a branch at a time, each through its index alone (an item has one owner role; assigned items of the
        // person's own roles are counted with their role), until the cap is reached.
        var total = 0;
        foreach (var branch in branches.Take(roles.Length).Append(branches[^1].Where(i => !roles.Contains(i.OwnerRole))))
        {
            total += await NotCancelled(db, branch).Take(CountCap + 1 - total).CountAsync(cancellationToken);
            if (total > CountCap)
            {
                break;
            }
        }
        return new PageOf<ItemRow>(page, Math.Min(total, CountCap)) { TotalCapped = total > CountCap };
    }

    /// <summary>
    /// Items of onboardings not cancelled, for counting: checked against the cancelled onboardings' ids (a small set read
    /// once through the stage index) instead of joining every item to its onboarding.
    /// </summary>
    private static IQueryable<HandoffItem> NotCancelled(AppDbContext db, IQueryable<HandoffItem> items)
    {
        var cancelled = db.Onboardings.Where(o => o.Stage == Stage.Cancelled).Select(o => o.Id);
        return items.Where(i => !cancelled.Contains(i.OnboardingId));
    }

    /// <summary>Latest first, as SQLite orders dates descending (none given: last, which the callers never ask for).</summary>
    private static readonly Comparer<DateOnly?> DescendingDates = Comparer<DateOnly?>.Create((a, b) => Comparer<DateOnly?>.Default.Compare(b, a));

    /// <summary>Items with their onboarding's customer and stage, onboardings cancelled left out.</summary>
    private static IQueryable<ItemWithOnboarding> Rows(AppDbContext db, IQueryable<HandoffItem> items) =>
        from item in items
        join o in db.Onboardings.AsNoTracking() on item.OnboardingId equals o.Id
        where o.Stage != Stage.Cancelled
        select new ItemWithOnboarding { Id = o.Id, Customer = o.Details.Customer, Stage = o.Stage, Item = item };

    private sealed class ItemWithOnboarding
    {
        public Guid Id { get; init; }

        public string Customer { get; init; } = "";

        public Stage Stage { get; init; }

        public HandoffItem Item { get; init; } = default!;
    }

    /// <summary>The signed-in person's dashboard, or null (the refusal logged) when they may not read (<see cref="ReaderAsync"/>).</summary>
    public async Task<Dashboard?> DashboardAsync(CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read the dashboard", cancellationToken) is not { } actor)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var now = clock.GetUtcNow().UtcDateTime;

        var perStage = await db.Onboardings.GroupBy(o => o.Stage)
            .Select(g => new { Stage = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Stage, g => g.Count, cancellationToken);

        var overdueItems = from item in db.HandoffItems.AsNoTracking()
                           join o in db.Onboardings on item.OnboardingId equals o.Id
                           where o.Stage != Stage.Cancelled && item.DueDate < today && Unsettled.Contains(item.Status)
                           select new { o.Id, o.Details.Customer, o.Stage, Item = item };
        var overdue = await overdueItems.OrderBy(r => r.Item.DueDate).Take(DashboardRows).ToListAsync(cancellationToken);
        var (overdueTotal, overdueCapped) = overdue.Count < DashboardRows
            ? (overdue.Count, false)
            : await CappedCountAsync(NotCancelled(db, db.HandoffItems.Where(i => i.DueDate < today && Unsettled.Contains(i.Status))), cancellationToken);

        var until = now + UpcomingSpan;
        var windows = await db.Onboardings.AsNoTracking()
            .Where(o => o.GoLiveWindow != null && o.Stage != Stage.Cancelled
                        && o.GoLiveWindow.EndUtc >= now && o.GoLiveWindow.StartUtc <= until)
            .OrderBy(o => o.GoLiveWindow!.StartUtc)
            .Take(DashboardRows)
            .Select(o => new { o.Id, o.Details.Customer, o.Stage, o.GoLiveWindow })
            .ToListAsync(cancellationToken);

        // Only the rows the card shows, and no count: the card shows none (My items counts them).
        var mine = await MyItemsPageAsync(db, actor, new MyItemsQuery { Take = DashboardMyItems, CountAll = false }, cancellationToken);
        var blockedItems = await BlockedAtGatePageAsync(db, DashboardRows, cancellationToken);

        var overdueRows = overdue.Select(r => new ItemRow(r.Id, r.Customer, r.Stage, r.Item)).ToArray();
        return new Dashboard(
            perStage,
            windows.Select(w => new UpcomingWindow(w.Id, w.Customer, w.Stage, w.GoLiveWindow!)).ToArray(),
            mine.Items)
        {
            BlockedItems = blockedItems,
            OverdueItems = new PageOf<ItemRow>(overdueRows, overdueTotal) { TotalCapped = overdueCapped },
        };
    }

    /// <summary>
    /// Items marked Blocked in their onboarding's working stage (on its way: not live, not cancelled), the first
    /// <paramref name="take"/> by customer and checklist order, with how many in all (capped). Read through the gate
    /// summary's columns (working stage, blocked count), never by loading aggregates.
    /// </summary>
    public async Task<PageOf<ItemRow>> BlockedAtGatePageAsync(int take, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read the items blocked at a gate", cancellationToken) is null)
        {
            return new PageOf<ItemRow>([], 0);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await BlockedAtGatePageAsync(db, take, cancellationToken);
    }

    /// <summary>
    /// A page of the onboardings at Go-live, most urgent first: fewest open checks (ready to sign off) first, then the
    /// earliest window, then by customer. Whole aggregates, for the sign-off cards, a page at a time. Null when the person
    /// may not read (<see cref="ReaderAsync"/>).
    /// </summary>
    public async Task<PageOf<Onboarding>?> AtGoLivePageAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read the onboardings at Go-live", cancellationToken) is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var atGoLive = db.Onboardings.AsNoTracking().Where(o => o.Stage == Stage.GoLive);
        var total = await atGoLive.CountAsync(cancellationToken);
        var page = await atGoLive.Include(o => o.Items).AsSplitQuery()
            .OrderBy(o => o.Summary.OpenAtGate).ThenBy(o => o.GoLiveWindow == null).ThenBy(o => o.GoLiveWindow!.StartUtc)
            .ThenBy(o => o.Details.Customer).ThenBy(o => o.Id)
            .Skip(Math.Max(0, skip)).Take(take)
            .ToListAsync(cancellationToken);
        return new PageOf<Onboarding>(page, total);
    }

    /// <remarks>
    /// Read from the blocked onboardings first (the partial index IX_Onboardings_Blocked_Customer_Id, by customer): each
    /// has at least one blocked item at its gate, so the first <paramref name="take"/> of them hold the page's items; the
    /// total is the sum of their summaries' blocked counts, read from the same index.
    /// </remarks>
    private static async Task<PageOf<ItemRow>> BlockedAtGatePageAsync(AppDbContext db, int take, CancellationToken cancellationToken)
    {
        var blockedOnboardings = db.Onboardings.AsNoTracking().Where(o => o.Summary.BlockedAtGate > 0);
        var onboardings = await blockedOnboardings
            .OrderBy(o => o.Details.Customer).ThenBy(o => o.Id).Take(take)
            .Select(o => new { o.Id, o.Details.Customer, o.Stage, o.Summary.WorkingStage })
            .ToListAsync(cancellationToken);
        var ids = onboardings.Select(o => o.Id).ToArray();
        var items = ids.Length == 0 ? [] : await db.HandoffItems.AsNoTracking()
            .Where(i => i.Status == ItemStatus.Blocked && ids.Contains(i.OnboardingId))
            .ToListAsync(cancellationToken);
        var byOnboarding = items.ToLookup(i => i.OnboardingId);
        var rows = onboardings
            .SelectMany(o => byOnboarding[o.Id].Where(i => i.Stage == o.WorkingStage).OrderBy(i => i.SortOrder)
                .Select(i => new ItemRow(o.Id, o.Customer, o.Stage, i)))
            .Take(take)
            .ToArray();
        var total = rows.Length < take ? rows.Length : await blockedOnboardings.SumAsync(o => o.Summary.BlockedAtGate, cancellationToken);
        return new PageOf<ItemRow>(rows, Math.Min(total, CountCap)) { TotalCapped = total > CountCap };
    }

    /// <summary>Counts up to <see cref="CountCap"/>: beyond that a list says "1,000+" instead of counting everything.</summary>
    private static async Task<(int Total, bool Capped)> CappedCountAsync<T>(IQueryable<T> rows, CancellationToken cancellationToken)
    {
        var count = await rows.Take(CountCap + 1).CountAsync(cancellationToken);
        return count > CountCap ? (CountCap, true) : (count, false);
    }
}
