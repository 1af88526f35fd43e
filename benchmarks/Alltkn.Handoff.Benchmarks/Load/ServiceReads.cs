using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using GoLivePage = Alltkn.Handoff.App.Components.Pages.GoLive.GoLive;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// The application-service calls a page makes, when it is prerendered, to read what it shows: the same services (from
/// a scope of the running app's container, as a request has), the same arguments (read from the page's address the way
/// the page reads them, its page sizes taken from the page's own constants) and the same signed-in person. Returns the
/// rows read and texts the page should show from them (<see cref="ServiceReadResult"/>). Called directly, not by
/// reflection: a changed signature fails the build.
/// Not included: the page's own read of the signed-in person (<c>SignedInPerson</c>, cached per request) and anything
/// read after the page is shown (the dashboard's charts).
/// </summary>
internal delegate Task<ServiceReadResult> ServiceRead(IServiceProvider scope, Actor actor);

/// <summary>
/// What a page's service reads gave: the rows read, and texts of them the prerendered page should show (a customer per
/// row, a person per log entry), to check that the request showed what was read (<see cref="ShownIn"/>).
/// </summary>
internal sealed record ServiceReadResult(int Rows, IReadOnlyList<string> Texts)
{
    /// <summary>How many of <see cref="Texts"/> (distinct) the page's HTML shows, character references decoded.</summary>
    public (int Shown, int Of) ShownIn(string decodedHtml)
    {
        var texts = Texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToArray();
        return (texts.Count(t => decodedHtml.Contains(t, StringComparison.Ordinal)), texts.Length);
    }
}

/// <summary>The service reads of each page (see <see cref="ServiceRead"/>), as each page's code makes them.</summary>
internal static class ServiceReads
{
    /// <summary>The page reads as <paramref name="actor"/> (every read checks who reads).</summary>
    private static OnboardingQueries Queries(IServiceProvider scope, Actor actor) =>
        ActivatorUtilities.CreateInstance<OnboardingQueries>(scope, new FixedActor(actor));

    /// <summary>The onboardings list's rows per page: <c>RowsPerPage="20"</c> on its table (markup, not a constant).</summary>
    public const int ListRowsPerPage = 20;

    /// <summary><c>Dashboard.razor</c>: <see cref="OnboardingQueries.DashboardAsync"/> (the charts load only once the page is shown).</summary>
    public static readonly ServiceRead Dashboard = async (scope, actor) =>
    {
        var dashboard = await Queries(scope, actor).DashboardAsync() ?? throw new InvalidOperationException("The dashboard was refused.");
        var rows = dashboard.BlockedItems.Items.Concat(dashboard.OverdueItems.Items).Concat(dashboard.MyOpenItems).ToArray();
        return new(dashboard.PerStage.Count + rows.Length + dashboard.UpcomingWindows.Count,
            [.. rows.Select(r => r.Customer), .. dashboard.UpcomingWindows.Select(w => w.Customer)]);
    };

    /// <summary>
    /// <c>OnboardingList.razor</c>: its first page, default sort (created, newest first), filters read from the address
    /// by <see cref="OnboardingListFilter.FromUri"/> as the page reads them.
    /// </summary>
    public static ServiceRead List(string path) => async (scope, actor) =>
    {
        var query = OnboardingListFilter.FromUri(path).ToQuery(0, ListRowsPerPage, OnboardingSort.Created, descending: true);
        var page = await Queries(scope, actor).ListAsync(query);
        return new(page.Items.Count, [.. page.Items.Select(r => r.Customer)]);
    };

    /// <summary><c>MyItems.razor</c> without switches: the first <see cref="OnboardingQueries.MyItemsPageSize"/>, soonest due first, counted.</summary>
    public static readonly ServiceRead MyItems = async (scope, actor) =>
    {
        var page = await Queries(scope, actor).MyItemsPageAsync(new MyItemsQuery { Take = OnboardingQueries.MyItemsPageSize })
                   ?? throw new InvalidOperationException("My items was refused.");
        return new(page.Items.Count, [.. page.Items.Select(r => r.Customer)]);
    };

    /// <summary><c>GoLive.razor</c>, its first page: <see cref="GoLivePage.PageSize"/> whole onboardings.</summary>
    public static readonly ServiceRead GoLive = async (scope, actor) =>
    {
        var page = await Queries(scope, actor).AtGoLivePageAsync(0, GoLivePage.PageSize)
                   ?? throw new InvalidOperationException("Go-live was refused.");
        return new(page.Items.Count + page.Items.Sum(o => o.Items.Count + o.SupportMatrix.Count), [.. page.Items.Select(o => o.Details.Customer)]);
    };

    /// <summary>
    /// <c>Revisions.razor</c>: the filter and place parsed from the address by <see cref="RevisionFilter.Parse"/>, the page
    /// from <see cref="RevisionLog.PageAsync"/> as the signed-in person, then the names of its onboardings.
    /// </summary>
    public static ServiceRead Revisions(string path) => async (scope, actor) =>
    {
        var queryStart = path.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? [] : QueryHelpers.ParseQuery(path[queryStart..]);
        string? Value(string key) => query.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;
        var filter = RevisionFilter.Parse(Value(RevisionFilter.PersonKey), Value(RevisionFilter.OnboardingKey), Value(RevisionFilter.KindKey),
            Value(RevisionFilter.FromKey), Value(RevisionFilter.ToKey), Value(RevisionFilter.BeforeKey), Value(RevisionFilter.AfterKey), Value(RevisionFilter.FirstKey));
        var log = ActivatorUtilities.CreateInstance<RevisionLog>(scope, new FixedActor(actor));
        var page = await log.PageAsync(filter.ToQuery(), filter.Before, filter.After);
        var names = await ActivatorUtilities.CreateInstance<WorkspaceQueries>(scope, new FixedActor(actor)).OnboardingNamesAsync(page.Items.Select(e => e.OnboardingId).OfType<Guid>().ToArray());
        return new(page.Items.Count + names.Count, [.. page.Items.Select(e => e.ActorName), .. names.Values]);
    };

    /// <summary>
    /// <c>OnboardingDetail.razor</c>: <see cref="OnboardingService.ReadAsync"/> (with items and support matrix), then the
    /// newest <see cref="RevisionTimeline.PageSize"/> history entries, their count and the stage moves.
    /// </summary>
    public static ServiceRead Detail(Guid id) => async (scope, actor) =>
    {
        var service = ActivatorUtilities.CreateInstance<OnboardingService>(scope, new FixedActor(actor));
        var onboarding = (await service.ReadAsync(id)).Value ?? throw new InvalidOperationException($"Onboarding {id} is missing (or not readable).");
        var log = ActivatorUtilities.CreateInstance<RevisionLog>(scope, new FixedActor(actor));
        var history = await log.HistoryHeadAsync(id, RevisionTimeline.PageSize);
        return new(1 + onboarding.Items.Count + onboarding.SupportMatrix.Count + history.Newest.Count + history.StageMoves.Count,
            [onboarding.Details.Customer, .. history.Newest.Select(e => e.ActorName)]);
    };
}
