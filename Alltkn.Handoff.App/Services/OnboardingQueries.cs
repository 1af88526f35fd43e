using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

public enum OnboardingSort
{
    Customer,
    Stage,
    Progress,
    ExpectedGoLive,
    Created,
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

    public OnboardingSort Sort { get; init; } = OnboardingSort.Created;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 20;
}

public sealed record OnboardingSummary(
    Guid Id, string Customer, string ProcurementEntity, Scenario Scenario, Stage Stage, Stage? StageBeforeHold,
    int RequiredDone, int RequiredTotal, int OverdueItems, DateOnly? ExpectedGoLiveDate, DateTime CreatedAtUtc)
{
    public double ProgressPercent => RequiredTotal == 0 ? 100 : 100.0 * RequiredDone / RequiredTotal;
}

public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total);

/// <summary>An item with the onboarding it belongs to, for lists across onboardings.</summary>
public sealed record ItemRow(Guid OnboardingId, string Customer, Stage OnboardingStage, HandoffItem Item);

public sealed record UpcomingWindow(Guid OnboardingId, string Customer, Stage Stage, GoLiveWindow Window);

public sealed record BlockedOnboarding(Guid OnboardingId, string Customer, Stage Stage, IReadOnlyList<UnmetReason> Reasons);

public sealed record Dashboard(
    IReadOnlyDictionary<Stage, int> PerStage,
    IReadOnlyList<BlockedOnboarding> Blocked,
    IReadOnlyList<ItemRow> Overdue,
    IReadOnlyList<UpcomingWindow> UpcomingWindows,
    IReadOnlyList<ItemRow> MyOpenItems);

/// <summary>Reads for the dashboard and the lists. Everyone signed in may read; nothing here changes anything.</summary>
public sealed partial class OnboardingQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan UpcomingSpan = TimeSpan.FromDays(14);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<PageOf<OnboardingSummary>> ListAsync(OnboardingListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var onboardings = db.Onboardings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim()}%";
            onboardings = onboardings.Where(o => EF.Functions.Like(o.Details.Customer, pattern)
                                                 || EF.Functions.Like(o.Details.ProcurementEntity, pattern));
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
            onboardings = onboardings.Where(o => o.Items.Any(i => i.Required && i.OwnerRole == owner
                && i.Status != ItemStatus.Done && i.Status != ItemStatus.NotApplicable));
        }
        if (query.OverdueOnly)
        {
            onboardings = onboardings.Where(o => o.Stage != Stage.Cancelled && o.Items.Any(i => i.DueDate < today
                && i.Status != ItemStatus.Done && i.Status != ItemStatus.NotApplicable));
        }

        var rows = onboardings.Select(o => new
        {
            o.Id, o.Details.Customer, o.Details.ProcurementEntity, o.Scenario, o.Stage, o.StageBeforeHold,
            o.Details.ExpectedGoLiveDate, o.CreatedAtUtc,
            RequiredDone = o.Items.Count(i => i.Required && (i.Status == ItemStatus.Done || i.Status == ItemStatus.NotApplicable)),
            RequiredTotal = o.Items.Count(i => i.Required),
            Overdue = o.Items.Count(i => i.DueDate < today && i.Status != ItemStatus.Done && i.Status != ItemStatus.NotApplicable),
            StageOrder = o.Stage == Stage.Inquiry ? 0 : o.Stage == Stage.Trial ? 1 : o.Stage == Stage.CommercialConfirmation ? 2
                : o.Stage == Stage.InvoiceAndContract ? 3 : o.Stage == Stage.GoLive ? 4 : o.Stage == Stage.Live ? 5
                : o.Stage == Stage.OnHold ? 6 : 7,
        });
        var total = await rows.CountAsync(cancellationToken);
        rows = (query.Sort, query.Descending) switch
        {
            (OnboardingSort.Customer, false) => rows.OrderBy(r => r.Customer),
            (OnboardingSort.Customer, true) => rows.OrderByDescending(r => r.Customer),
            (OnboardingSort.Stage, false) => rows.OrderBy(r => r.StageOrder).ThenBy(r => r.Customer),
            (OnboardingSort.Stage, true) => rows.OrderByDescending(r => r.StageOrder).ThenBy(r => r.Customer),
            (OnboardingSort.Progress, false) => rows.OrderBy(r => r.RequiredTotal == 0 ? 1.0 : (double)r.RequiredDone / r.RequiredTotal),
            (OnboardingSort.Progress, true) => rows.OrderByDescending(r => r.RequiredTotal == 0 ? 1.0 : (double)r.RequiredDone / r.RequiredTotal),
            (OnboardingSort.ExpectedGoLive, false) => rows.OrderBy(r => r.ExpectedGoLiveDate == null).ThenBy(r => r.ExpectedGoLiveDate),
            (OnboardingSort.ExpectedGoLive, true) => rows.OrderBy(r => r.ExpectedGoLiveDate == null).ThenByDescending(r => r.ExpectedGoLiveDate),
            (_, false) => rows.OrderBy(r => r.CreatedAtUtc),
            _ => rows.OrderByDescending(r => r.CreatedAtUtc),
        };
        var page = await rows.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new PageOf<OnboardingSummary>(
            page.Select(r => new OnboardingSummary(r.Id, r.Customer, r.ProcurementEntity, r.Scenario, r.Stage, r.StageBeforeHold,
                r.RequiredDone, r.RequiredTotal, r.Overdue, r.ExpectedGoLiveDate, r.CreatedAtUtc)).ToArray(),
            total);
    }

    /// <summary>Items whose owner role is one of the person's roles or that are assigned to them, not yet settled.</summary>
    public async Task<IReadOnlyList<ItemRow>> MyItemsAsync(Actor actor, bool includeSettled = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roles = actor.Roles.Where(r => r != Role.Viewer).ToArray();
        var query = from item in db.HandoffItems.AsNoTracking()
                    join o in db.Onboardings.AsNoTracking() on item.OnboardingId equals o.Id
                    where o.Stage != Stage.Cancelled
                          && (roles.Contains(item.OwnerRole) || item.AssigneeUserId == actor.UserId)
                          && (includeSettled || (item.Status != ItemStatus.Done && item.Status != ItemStatus.NotApplicable))
                    orderby item.DueDate == null, item.DueDate, o.Details.Customer, item.SortOrder
                    select new { o.Id, o.Details.Customer, o.Stage, Item = item };
        var rows = await query.ToListAsync(cancellationToken);
        return rows.Select(r => new ItemRow(r.Id, r.Customer, r.Stage, r.Item)).ToArray();
    }

    public async Task<Dashboard> DashboardAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = Today;
        var now = clock.GetUtcNow().UtcDateTime;

        var perStage = await db.Onboardings.GroupBy(o => o.Stage)
            .Select(g => new { Stage = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Stage, g => g.Count, cancellationToken);

        // Blocked: an item of the working stage marked Blocked, with its reason, and what else holds the gate.
        var blockedIds = await db.HandoffItems.Where(i => i.Status == ItemStatus.Blocked)
            .Select(i => i.OnboardingId).Distinct().ToListAsync(cancellationToken);
        var blockedOnboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items)
            .Where(o => blockedIds.Contains(o.Id) && o.Stage != Stage.Cancelled && o.Stage != Stage.Live)
            .ToListAsync(cancellationToken);
        var blocked = blockedOnboardings
            .Select(o => new BlockedOnboarding(o.Id, o.Details.Customer, o.Stage,
                o.ItemsOf(o.WorkingStage).Where(i => i.Status == ItemStatus.Blocked)
                    .Select(i => new UnmetReason(UnmetReasonCode.ItemNotDone,
                        $"'{i.Title}' is blocked: {i.StatusReason} (owner: {i.OwnerRole}).", i.Title, i.Key, i.OwnerRole))
                    .ToArray()))
            .Where(b => b.Reasons.Count > 0)
            .OrderBy(b => b.Customer)
            .ToArray();

        var overdue = await (from item in db.HandoffItems.AsNoTracking()
                             join o in db.Onboardings on item.OnboardingId equals o.Id
                             where o.Stage != Stage.Cancelled && item.DueDate < today
                                   && item.Status != ItemStatus.Done && item.Status != ItemStatus.NotApplicable
                             orderby item.DueDate
                             select new { o.Id, o.Details.Customer, o.Stage, Item = item })
            .Take(50).ToListAsync(cancellationToken);

        var until = now + UpcomingSpan;
        var windows = await db.Onboardings.AsNoTracking()
            .Where(o => o.GoLiveWindow != null && o.Stage != Stage.Cancelled
                        && o.GoLiveWindow.EndUtc >= now && o.GoLiveWindow.StartUtc <= until)
            .OrderBy(o => o.GoLiveWindow!.StartUtc)
            .Select(o => new { o.Id, o.Details.Customer, o.Stage, o.GoLiveWindow })
            .ToListAsync(cancellationToken);

        var mine = await MyItemsAsync(actor, cancellationToken: cancellationToken);

        return new Dashboard(
            perStage,
            blocked,
            overdue.Select(r => new ItemRow(r.Id, r.Customer, r.Stage, r.Item)).ToArray(),
            windows.Select(w => new UpcomingWindow(w.Id, w.Customer, w.Stage, w.GoLiveWindow!)).ToArray(),
            mine.Take(20).ToArray());
    }

    /// <summary>Onboardings waiting for the release owner's sign-off, with everything the sign-off page shows.</summary>
    public async Task<IReadOnlyList<Onboarding>> AtGoLiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Onboardings.AsNoTracking().Include(o => o.Items)
            .Where(o => o.Stage == Stage.GoLive)
            .OrderBy(o => o.Details.Customer)
            .ToListAsync(cancellationToken);
    }
}
