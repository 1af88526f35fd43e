using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
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
        var queries = new OnboardingQueries(database.Contexts, database.Clock);
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
        var workspace = ActivatorUtilities.CreateInstance<WorkspaceQueries>(database.Services);

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
