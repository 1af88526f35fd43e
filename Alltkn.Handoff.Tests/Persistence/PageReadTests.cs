using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>
/// The reads the most opened pages make as they open (the onboardings list newest first, the whole revision log by keyset,
/// the names of a page's onboardings), which are compiled queries of their own: they read what the same pages read through
/// the queries built for a search or a filter, on both providers (each with its own model, in the same process).
/// </summary>
public class PageReadTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_list_as_it_opens_shows_each_onboarding_as_the_list_sorted_otherwise_does_with_its_overdue_items_counted()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        // A month on, items planned around today are overdue; the cancelled onboardings' items count for nothing.
        database.Clock.UtcNow = database.Clock.UtcNow.AddDays(30);
        var queries = ServiceFactory.Queries(database.Contexts, database.Clock);
        var all = await queries.ListAsync(new OnboardingListQuery { Descending = false, PageSize = 1000 }, Cancel);
        all.Total.Should().BeGreaterThan(5);

        var opened = new List<OnboardingSummary>();
        for (var page = 0; page * 4 < all.Total; page++)
        {
            var shown = await queries.ListAsync(new OnboardingListQuery { Page = page, PageSize = 4 }, Cancel);
            shown.Total.Should().Be(all.Total);
            shown.Items.Should().HaveCount(Math.Min(4, all.Total - (page * 4)));
            opened.AddRange(shown.Items);
        }

        opened.Select(o => o.CreatedAtUtc).Should().BeInDescendingOrder();
        opened.Should().BeEquivalentTo(all.Items, "every row, field by field, as the list sorted otherwise shows it");
        var expected = await OverdueCountsAsync(database);
        opened.Should().Contain(o => o.OverdueItems > 0, "a month on, some items are overdue");
        opened.Should().OnlyContain(o => o.OverdueItems == (o.Stage == Stage.Cancelled ? 0 : expected.GetValueOrDefault(o.Id)));
        opened.Should().Contain(o => o.Stage == Stage.Cancelled && expected.GetValueOrDefault(o.Id) > 0,
            "a cancelled onboarding with overdue items shows none");
    }

    [Fact]
    public async Task Paging_through_onboardings_that_tie_on_the_sort_shows_each_once_in_every_sort_and_direction()
    {
        await using var database = await CreateDatabaseAsync();
        var created = database.Clock.UtcNow;
        // One customer, one expected go-live date (or none), one stage, one progress and one creation time for all; stored
        // in the reverse of the order they were made in, so that the order they are stored in is not their ids' order.
        var onboardings = Enumerable.Range(0, 11).Select(n => new Builders.OnboardingBuilder().At(created)
            .WithDetails(d => d with { Customer = "Tied Customer", ExpectedGoLiveDate = n % 3 == 0 ? null : new DateOnly(2027, 3, 1) })
            .Build()).ToList();
        var ids = new List<Guid>();
        foreach (var onboarding in Enumerable.Reverse(onboardings))
        {
            ids.Add((await database.SaveAsync(onboarding)).Id);
        }
        // The ids' order as both databases compare them: as upper-case text on SQLite, as 16 bytes on PostgreSQL.
        var byId = ids.OrderBy(id => id.ToString("D").ToUpperInvariant(), StringComparer.Ordinal).ToList();
        var queries = ServiceFactory.Queries(database.Contexts, database.Clock);

        foreach (var sort in Enum.GetValues<OnboardingSort>())
        {
            foreach (var descending in new[] { false, true })
            {
                var shown = new List<Guid>();
                for (var page = 0; page * 3 < ids.Count; page++)
                {
                    var rows = await queries.ListAsync(new OnboardingListQuery { Sort = sort, Descending = descending, Page = page, PageSize = 3 }, Cancel);
                    shown.AddRange(rows.Items.Select(r => r.Id));
                }
                shown.Should().OnlyHaveUniqueItems($"no onboarding shows on two pages sorted by {sort} ({(descending ? "descending" : "ascending")})")
                    .And.BeEquivalentTo(ids, "every onboarding shows on one of the pages");
                if (sort is OnboardingSort.Customer or OnboardingSort.Created)
                {
                    // One customer, one creation time: nothing but the id tells them apart, so its order (reversed with the sort).
                    shown.Should().Equal(descending ? Enumerable.Reverse(byId) : byId, $"onboardings that tie when sorted by {sort} come in their ids' order");
                }
            }
        }
    }

    [Fact]
    public async Task The_owner_filter_lists_the_onboardings_with_a_required_item_of_that_role_not_yet_settled_in_every_sort()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var queries = ServiceFactory.Queries(database.Contexts, database.Clock);
        await using var db = database.NewContext();
        var items = await db.HandoffItems.AsNoTracking().Select(i => new { i.OnboardingId, i.OwnerRole, i.Required, i.Status }).ToListAsync(Cancel);
        // What the filter means, worked out here from every item rather than by the query under test.
        HashSet<Guid> Owned(Role role) => items
            .Where(i => i.OwnerRole == role && i.Required && i.Status is ItemStatus.Open or ItemStatus.InProgress or ItemStatus.Blocked)
            .Select(i => i.OnboardingId).ToHashSet();
        var finance = Owned(Role.Finance);
        items.Should().Contain(i => i.OwnerRole == Role.Finance && !i.Required && i.Status == ItemStatus.Open && !finance.Contains(i.OnboardingId),
            "an onboarding whose only open Finance items are optional is one the filter leaves out");

        var compared = 0;
        foreach (var role in new[] { Role.Finance, Role.TechLead, Role.ReleaseOwner })
        {
            var owned = Owned(role);
            foreach (var others in new[] { new OnboardingListQuery(), new OnboardingListQuery { Scenario = Scenario.InvoiceInquiry }, new OnboardingListQuery { Stage = Stage.Trial } })
            {
                foreach (var sort in Enum.GetValues<OnboardingSort>())
                {
                    foreach (var descending in new[] { false, true })
                    {
                        var unfiltered = others with { Sort = sort, Descending = descending, PageSize = 1000 };
                        var expected = (await queries.ListAsync(unfiltered, Cancel)).Items.Where(o => owned.Contains(o.Id)).ToArray();
                        var listed = await queries.ListAsync(unfiltered with { Owner = role }, Cancel);
                        var because = $"{role}, scenario {others.Scenario}, stage {others.Stage}, sorted by {sort}{(descending ? " descending" : "")}";

                        listed.Total.Should().Be(expected.Length, because);
                        listed.Items.Select(o => o.Id).Should().BeEquivalentTo(expected.Select(o => o.Id), because);
                        listed.Items.Select(o => SortKey(o, sort)).Should().Equal(expected.Select(o => SortKey(o, sort)), because);
                        listed.Items.Should().BeEquivalentTo(expected, because);
                        var second = await queries.ListAsync(unfiltered with { Owner = role, Page = 1, PageSize = 2 }, Cancel);
                        second.Total.Should().Be(expected.Length, because);
                        second.Items.Select(o => SortKey(o, sort)).Should().Equal(expected.Skip(2).Take(2).Select(o => SortKey(o, sort)), because);
                        compared += expected.Length;
                    }
                }
            }
        }
        compared.Should().BeGreaterThan(0, "some onboardings pass the owner filter");
    }

    /// <summary>The values a list sorted by <paramref name="sort"/> is ordered by (rows equal in them may come in either order).</summary>
    private static object SortKey(OnboardingSummary o, OnboardingSort sort) => sort switch
    {
        OnboardingSort.Customer => o.Customer,
        OnboardingSort.Stage => (o.Stage, o.Customer),
        OnboardingSort.Progress => (o.ProgressPercent, o.CreatedAtUtc),
        OnboardingSort.ExpectedGoLive => o.ExpectedGoLiveDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        OnboardingSort.Health => (o.Health, o.CreatedAtUtc),
        _ => o.CreatedAtUtc,
    };

    [Fact]
    public async Task The_whole_revision_log_pages_newest_first_as_a_filtered_log_that_holds_every_entry_does()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        var log = database.RevisionLog();
        var whole = new RevisionQuery { PageSize = 7 };
        // Everything since long before the first entry: the same entries, through the query built for a filter.
        var filtered = whole with { FromUtc = database.Clock.UtcNow.AddYears(-20) };

        var newest = await log.PageAsync(whole, cancellationToken: Cancel);
        Same(newest, await log.PageAsync(filtered, cancellationToken: Cancel));
        newest.Items.Should().HaveCount(7);
        newest.HasOlder.Should().BeTrue();
        newest.HasNewer.Should().BeFalse();

        var read = new List<RevisionEntry>(newest.Items);
        var page = newest;
        while (page.HasOlder)
        {
            var older = await log.PageAsync(whole, before: page.Oldest, cancellationToken: Cancel);
            Same(older, await log.PageAsync(filtered, before: page.Oldest, cancellationToken: Cancel));
            older.HasNewer.Should().BeTrue();
            var back = await log.PageAsync(whole, after: older.Newest, cancellationToken: Cancel);
            Same(back, await log.PageAsync(filtered, after: older.Newest, cancellationToken: Cancel));
            back.Items.Select(e => e.Id).Should().Equal(page.Items.Select(e => e.Id), "the page just newer is the page before");
            read.AddRange(older.Items);
            page = older;
        }

        var everything = await log.SearchAsync(new RevisionQuery { PageSize = 100_000 }, Cancel);
        read.Select(e => e.Id).Should().Equal(everything.Items.Select(e => e.Id), "the pages together are the whole log, in order, without repeats");
        read.Should().BeEquivalentTo(everything.Items, "each entry whole");
    }

    [Fact]
    public async Task A_pages_onboardings_are_named_by_their_customers()
    {
        await using var database = await CreateDatabaseAsync();
        await SampleData.LoadAsync(database.Contexts, database.Clock.UtcNow, Cancel);
        await using var db = database.NewContext();
        var onboardings = await db.Onboardings.AsNoTracking().OrderBy(o => o.CreatedAtUtc).Take(3)
            .Select(o => new { o.Id, o.Details.Customer }).ToListAsync(Cancel);
        var workspace = database.Workspace();

        var names = await workspace.OnboardingNamesAsync([onboardings[0].Id, onboardings[1].Id, onboardings[0].Id, onboardings[2].Id, Guid.NewGuid()], Cancel);

        names.Should().BeEquivalentTo(onboardings.ToDictionary(o => o.Id, o => o.Customer), "each named once; an onboarding not found is not named");
        (await workspace.OnboardingNamesAsync([], Cancel)).Should().BeEmpty();
    }

    private static void Same(RevisionPage page, RevisionPage asFiltered)
    {
        page.Items.Select(e => e.Id).Should().Equal(asFiltered.Items.Select(e => e.Id));
        (page.HasOlder, page.HasNewer).Should().Be((asFiltered.HasOlder, asFiltered.HasNewer));
    }

    private static async Task<Dictionary<Guid, int>> OverdueCountsAsync(IHandoffTestDatabase database)
    {
        var today = DateOnly.FromDateTime(database.Clock.UtcNow);
        await using var db = database.NewContext();
        var items = await db.HandoffItems.AsNoTracking().Select(i => new { i.OnboardingId, i.DueDate, i.Status }).ToListAsync(Cancel);
        return items.Where(i => i.DueDate < today && i.Status is ItemStatus.Open or ItemStatus.InProgress or ItemStatus.Blocked)
            .GroupBy(i => i.OnboardingId).ToDictionary(g => g.Key, g => g.Count());
    }
}

/// <summary>Every test of <see cref="PageReadTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class PageReadTestsOnPostgreSql : PageReadTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
