using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Onboardings;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>The onboardings list page on a real SQLite file: filters go into the address and into the server query.</summary>
public sealed class OnboardingListFilterTests : PageTestContext
{
    public OnboardingListFilterTests() => SignIn(Actors.TeamAdmin);

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Acme at Inquiry, Beta Foods and Cathay Logistics (invoice inquiry) at Trial.</summary>
    private async Task SeedAsync()
    {
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics", "Acme Robotics (Shenzhen) Co., Ltd.")).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta Foods", "Beta Foods Group")).AtStage(Stage.Trial).Build());
        await Data.AddAsync(new OnboardingBuilder().WithScenario(Scenario.InvoiceInquiry).NeedingInvoice()
            .WithDetails(d => d.ForCustomer("Cathay Logistics", "Cathay Logistics Ltd.")).AtStage(Stage.Trial).Build());
    }

    private static IReadOnlyList<string> Customers(IRenderedComponent<OnboardingList> cut) =>
        cut.FindAll("[data-testid='onboarding-link']").Select(a => a.TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_list_shows_every_onboarding_with_its_stage_progress_and_link()
    {
        await SeedAsync();
        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => Customers(cut).Should().BeEquivalentTo("Acme Robotics", "Beta Foods", "Cathay Logistics"));
        var acme = cut.FindAll("tr").Single(tr => tr.TextContent.Contains("Acme Robotics"));
        acme.QuerySelector("[data-testid='stage-chip']")!.TextContent.Should().Be("Inquiry");
        acme.QuerySelector("[data-testid='progress-text']")!.TextContent.Should().MatchRegex(@"^0 / \d+$");
        acme.QuerySelector("[data-testid='onboarding-link']")!.GetAttribute("href").Should().StartWith("/onboardings/");
    }

    [Fact]
    public async Task Choosing_a_stage_puts_it_in_the_address_and_asks_the_server_for_that_stage()
    {
        await SeedAsync();
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(3));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Stage?>>().Instance.SelectOption((Stage?)Stage.Trial));

        cut.WaitForAssertion(() => Customers(cut).Should().BeEquivalentTo("Beta Foods", "Cathay Logistics"));
        new Uri(Navigation.Uri).Query.Should().Be("?stage=Trial");
        cut.Instance.LastQuery!.Stage.Should().Be(Stage.Trial);
        cut.Instance.LastQuery.Page.Should().Be(0);
    }

    [Fact]
    public async Task Filters_combine_in_the_address_and_clearing_them_empties_it()
    {
        await SeedAsync();
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(3));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Stage?>>().Instance.SelectOption((Stage?)Stage.Trial));
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Scenario?>>().Instance.SelectOption((Scenario?)Scenario.InvoiceInquiry));
        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Role?>>().Instance.SelectOption((Role?)Role.TechLead));

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Cathay Logistics"));
        OnboardingListFilter.FromUri(Navigation.Uri).Should().Be(new OnboardingListFilter
        {
            Stage = Stage.Trial, Scenario = Scenario.InvoiceInquiry, Owner = Role.TechLead,
        });
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { Stage = (Stage?)Stage.Trial, Scenario = (Scenario?)Scenario.InvoiceInquiry, Owner = (Role?)Role.TechLead });

        cut.Find("[data-testid='filter-clear']").Click();

        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(3));
        new Uri(Navigation.Uri).Query.Should().BeEmpty();
    }

    [Fact]
    public async Task Searching_by_procurement_entity_puts_the_text_in_the_address()
    {
        await SeedAsync();
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(3));

        cut.Find("[data-testid='filter-search'] input, input[data-testid='filter-search']").Input("Shenzhen");

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Acme Robotics"), TimeSpan.FromSeconds(5));
        new Uri(Navigation.Uri).Query.Should().Be("?q=Shenzhen");
        cut.Instance.LastQuery!.Search.Should().Be("Shenzhen");
    }

    [Fact]
    public async Task A_bookmarked_address_opens_with_its_filters_applied()
    {
        await SeedAsync();
        Navigation.NavigateTo("/onboardings?stage=Trial&scenario=EnterpriseTrial");

        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Beta Foods"));
        cut.FindComponent<MudSelect<Stage?>>().Instance.GetState(x => x.Value).Should().Be(Stage.Trial);
        cut.FindComponent<MudSelect<Scenario?>>().Instance.GetState(x => x.Value).Should().Be(Scenario.EnterpriseTrial);
    }

    /// <summary>Twelve onboardings (Customer 01 … Customer 12), enough for two pages of ten.</summary>
    private async Task SeedTwelveAsync()
    {
        for (var i = 1; i <= 12; i++)
        {
            await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i:00}")).Build());
        }
    }

    /// <summary>The address's query parameters, by name.</summary>
    private Dictionary<string, string> AddressQuery() =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    [Fact]
    public async Task A_shared_address_opens_at_its_page_page_size_and_sort()
    {
        await SeedTwelveAsync();
        Navigation.NavigateTo("/onboardings?page=2&size=10&sort=Customer&dir=desc");

        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Customer 02", "Customer 01"));
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { Page = 1, PageSize = 10, Sort = OnboardingSort.Customer, Descending = true, Stage = (Stage?)null });
        AddressQuery().Should().BeEquivalentTo(new Dictionary<string, string> { ["page"] = "2", ["size"] = "10", ["sort"] = "Customer", ["dir"] = "desc" });

        Navigation.NavigateTo("/onboardings"); // the menu's link, as the router gives it to the page
        cut.Render();

        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(12));
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { Page = 0, PageSize = 20, Sort = OnboardingSort.Created, Descending = true });
        new Uri(Navigation.Uri).Query.Should().BeEmpty();
    }

    [Fact]
    public async Task Paging_and_sorting_are_kept_in_the_address_and_a_filter_change_goes_back_to_the_first_page()
    {
        await SeedTwelveAsync();
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(12));
        new Uri(Navigation.Uri).Query.Should().BeEmpty("the first page, 20 rows, newest first leave a plain address");
        var table = cut.FindComponent<MudTable<OnboardingSummary>>();

        await cut.InvokeAsync(() => table.Instance.SetRowsPerPage(10));
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(10));
        await cut.InvokeAsync(() => cut.FindComponents<MudTableSortLabel<OnboardingSummary>>()
            .Single(l => l.Instance.SortLabel == nameof(OnboardingSort.Customer)).Instance.ToggleSortDirection());
        cut.WaitForAssertion(() => Customers(cut).First().Should().Be("Customer 01"));
        await cut.InvokeAsync(() => table.Instance.NavigateTo(Page.Next));

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Customer 11", "Customer 12"));
        AddressQuery().Should().BeEquivalentTo(new Dictionary<string, string> { ["page"] = "2", ["size"] = "10", ["sort"] = "Customer" });
        Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>().History.First().Options.ReplaceHistoryEntry.Should().BeTrue("paging replaces the address, as the filters do");

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<Stage?>>().Instance.SelectOption((Stage?)Stage.Inquiry));

        cut.WaitForAssertion(() => cut.Instance.LastQuery!.Page.Should().Be(0));
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { PageSize = 10, Sort = OnboardingSort.Customer, Descending = false, Stage = (Stage?)Stage.Inquiry });
        AddressQuery().Should().BeEquivalentTo(new Dictionary<string, string> { ["stage"] = "Inquiry", ["size"] = "10", ["sort"] = "Customer" });
    }

    [Fact]
    public async Task An_earlier_address_the_list_wrote_coming_back_late_does_not_take_the_list_back()
    {
        await SeedTwelveAsync();
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(12));
        var table = cut.FindComponent<MudTable<OnboardingSummary>>();
        await cut.InvokeAsync(() => table.Instance.SetRowsPerPage(10));
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(10));
        await cut.InvokeAsync(() => table.Instance.NavigateTo(Page.Next));
        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Customer 02", "Customer 01"));

        // The browser confirms the first of the two addresses only now (the page renders again with it).
        Navigation.NavigateTo("/onboardings?size=10", replace: true);
        cut.Render();

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Customer 02", "Customer 01"));
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { Page = 1, PageSize = 10 });
    }

    [Theory]
    [InlineData("/onboardings?size=7")]
    [InlineData("/onboardings?size=1000&page=0&sort=Nowhere&dir=sideways")]
    [InlineData("/onboardings?page=-3&size=abc&sort=42")]
    public async Task An_address_with_a_size_page_or_sort_the_list_does_not_offer_opens_at_the_defaults(string address)
    {
        await SeedAsync();
        Navigation.NavigateTo(address);

        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(3));
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { Page = 0, PageSize = 20, Sort = OnboardingSort.Created, Descending = true });
    }

    [Fact]
    public async Task A_person_without_a_role_is_told_so_and_sees_no_onboardings()
    {
        await SeedAsync();
        SignIn(Actors.With());

        var cut = RenderMud<OnboardingList>();

        cut.Find("[data-testid='may-not-read']").TextContent.Should().Contain("no role");
        cut.FindAll("[data-testid='onboarding-link']").Should().BeEmpty();
        cut.FindAll("[data-testid='new-onboarding']").Should().BeEmpty();
    }

    [Fact]
    public async Task Filters_that_match_nothing_show_an_empty_state_that_offers_to_clear_them()
    {
        await SeedAsync();
        Navigation.NavigateTo("/onboardings?stage=Live");

        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='empty-state']").TextContent.Should().Contain("No onboarding matches these filters."));
    }
}

/// <summary>The list's filter and place as the address holds them.</summary>
public sealed class OnboardingListFilterAddressTests
{
    [Theory]
    [InlineData("/onboardings?stage=Nowhere&owner=42&overdue=maybe", null, null, false)]
    [InlineData("/onboardings?stage=goLive&overdue=true", Stage.GoLive, null, true)]
    [InlineData("/onboardings?owner=Finance#top", null, Role.Finance, false)]
    public void An_address_is_read_leniently(string address, Stage? stage, Role? owner, bool overdue)
    {
        var filter = OnboardingListFilter.FromUri("https://localhost" + address);

        filter.Should().Be(new OnboardingListFilter { Stage = stage, Owner = owner, OverdueOnly = overdue });
    }

    [Fact]
    public void A_filter_goes_into_the_address_and_comes_back_the_same()
    {
        var filter = new OnboardingListFilter { Search = "Acme 深圳", Stage = Stage.OnHold, Scenario = Scenario.ContractOrCorporatePayment, Owner = Role.ReleaseOwner, OverdueOnly = true };
        using var context = new BunitContext();
        var navigation = context.Services.GetRequiredService<NavigationManager>();

        var address = navigation.GetUriWithQueryParameters(navigation.BaseUri + "onboardings", filter.ToQueryParameters());

        OnboardingListFilter.FromUri(address).Should().Be(filter);
        new OnboardingListFilter().ToQueryParameters().Values.Should().OnlyContain(v => v == null, "an empty filter leaves a clean address");
    }

    [Theory]
    [InlineData("/onboardings?page=3&size=50&sort=health&dir=DESC", 2, 50, OnboardingSort.Health, true)]
    [InlineData("/onboardings?sort=Health", 0, 20, OnboardingSort.Health, false)]
    [InlineData("/onboardings?dir=asc#top", 0, 20, OnboardingSort.Created, false)]
    [InlineData("/onboardings?size=7&page=0&sort=2&dir=up", 0, 20, OnboardingSort.Created, true)]
    [InlineData("/onboardings?size=100&page=99999999", 0, 100, OnboardingSort.Created, true)]
    [InlineData("/onboardings?page=1.5&size=+10&sort=Nowhere", 0, 20, OnboardingSort.Created, true)]
    public void A_place_is_read_leniently_from_the_address(string address, int page, int size, OnboardingSort sort, bool descending)
    {
        var place = OnboardingListPlace.FromUri("https://localhost" + address);

        place.Should().Be(new OnboardingListPlace { Page = page, Size = size, Sort = sort, Descending = descending });
    }

    [Fact]
    public void A_place_goes_into_the_address_and_comes_back_the_same_and_the_defaults_stay_out()
    {
        using var context = new BunitContext();
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        foreach (var place in new[]
                 {
                     new OnboardingListPlace { Page = 2, Size = 50, Sort = OnboardingSort.Health, Descending = true },
                     new OnboardingListPlace { Sort = OnboardingSort.Customer, Descending = false },
                     new OnboardingListPlace { Descending = false },
                     new OnboardingListPlace { Page = 1, Size = 10 },
                 })
        {
            var address = navigation.GetUriWithQueryParameters(navigation.BaseUri + "onboardings", place.ToQueryParameters());
            OnboardingListPlace.FromUri(address).Should().Be(place, address);
        }
        new OnboardingListPlace().ToQueryParameters().Values.Should().OnlyContain(v => v == null, "the first page, 20 rows, newest first leave a clean address");
        new OnboardingListPlace { Sort = OnboardingSort.Health, Descending = false }.ToQueryParameters()
            .Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}").Should().Equal("sort=Health");
    }
}
