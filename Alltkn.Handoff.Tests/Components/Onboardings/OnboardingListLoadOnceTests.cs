using Alltkn.Handoff.App.Components.Pages.Onboardings;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Components.Onboardings;

/// <summary>
/// Issue 9 point 4 on the onboardings list: the interactive render of a visit shows the page of rows the prerender read,
/// without reading it again, unless something changed in between. Every query is recorded at the database.
/// </summary>
public sealed class OnboardingListLoadOnceTests : LoadOnceTestContext
{
    private bool ReadTheList => Reads.Commands.Any(c => c.Sql.Contains("FROM \"Onboardings\"", StringComparison.Ordinal));

    private static string[] Customers(IRenderedComponent<OnboardingList> cut) =>
        cut.FindAll("[data-testid='onboarding-link']").Select(a => a.TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_interactive_render_shows_the_prerenders_rows_without_reading_them_again()
    {
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build());
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Beta Cloud")).AtStage(Stage.GoLive).Build());
        SignIn(Actors.Viewer);
        var prerendered = RenderMud<OnboardingList>();
        prerendered.WaitForAssertion(() => Customers(prerendered).Should().HaveCount(2));
        ReadTheList.Should().BeTrue("the prerender reads the list");
        State.TriggerOnPersisting();
        Reads.Clear();

        var interactive = RenderMud<OnboardingList>();

        interactive.WaitForAssertion(() => Customers(interactive).Should().Equal(Customers(prerendered)));
        ReadTheList.Should().BeFalse();
    }

    [Fact]
    public async Task A_page_size_and_sort_from_the_address_are_handed_over_too()
    {
        for (var i = 1; i <= 12; i++)
        {
            await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i:00}")).Build());
        }
        SignIn(Actors.Viewer);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/onboardings?page=2&size=10&sort=Customer");
        var prerendered = RenderMud<OnboardingList>();
        prerendered.WaitForAssertion(() => Customers(prerendered).Should().Equal("Customer 11", "Customer 12"));
        State.TriggerOnPersisting();
        Reads.Clear();

        var interactive = RenderMud<OnboardingList>();

        interactive.WaitForAssertion(() => Customers(interactive).Should().Equal("Customer 11", "Customer 12"));
        interactive.Instance.LastQuery.Should().BeEquivalentTo(new { Page = 1, PageSize = 10, Sort = App.Services.OnboardingSort.Customer, Descending = false });
        ReadTheList.Should().BeFalse("the second render asks for the same page the first one read");
    }

    [Fact]
    public async Task A_change_in_between_is_read_not_missed()
    {
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build());
        SignIn(Actors.TeamAdmin);
        var prerendered = RenderMud<OnboardingList>();
        prerendered.WaitForAssertion(() => Customers(prerendered).Should().ContainSingle());
        State.TriggerOnPersisting();
        var created = await Services.GetRequiredService<App.Services.OnboardingService>().CreateAsync(Scenario.EnterpriseTrial,
            new DetailsBuilder().ForCustomer("Cathay Logistics").Build(), Xunit.TestContext.Current.CancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        Reads.Clear();

        var interactive = RenderMud<OnboardingList>();

        interactive.WaitForAssertion(() => Customers(interactive).Should().Contain("Cathay Logistics").And.HaveCount(2));
        ReadTheList.Should().BeTrue("the prerender's rows are out of date");
    }

    [Fact]
    public async Task A_page_past_the_end_in_the_address_shows_the_last_page_there_is()
    {
        for (var i = 1; i <= 12; i++)
        {
            await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i:00}")).Build());
        }
        SignIn(Actors.Viewer);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/onboardings?page=5&size=10&sort=Customer");
        var prerendered = RenderMud<OnboardingList>();
        prerendered.WaitForAssertion(() => Customers(prerendered).Should().Equal("Customer 11", "Customer 12"));
        prerendered.FindAll("[data-testid='empty-state']").Should().BeEmpty();
        navigation.Uri.Should().Contain("page=2", "the address says the page shown (a stale bookmark is corrected)");
        State.TriggerOnPersisting();
        Reads.Clear();

        var interactive = RenderMud<OnboardingList>();

        interactive.WaitForAssertion(() => Customers(interactive).Should().Equal("Customer 11", "Customer 12"));
        interactive.FindAll("[data-testid='empty-state']").Should().BeEmpty();
        ReadTheList.Should().BeFalse("the second render asks for the page the first one settled on");
    }

    [Fact]
    public async Task When_the_page_shown_empties_the_last_page_there_is_is_shown()
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 21; i++)
        {
            var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i:00}")).AtStage(Stage.GoLive).Build();
            await Data.AddAsync(onboarding);
            ids.Add(onboarding.Id);
        }
        SignIn(Actors.TeamAdmin);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/onboardings?stage=GoLive&page=3&size=10");
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().ContainSingle());

        var held = await Services.GetRequiredService<App.Services.OnboardingService>().FireAsync(ids[0], Move.Hold, Stage.GoLive,
            "Waiting for the customer", Xunit.TestContext.Current.CancellationToken);
        held.Succeeded.Should().BeTrue(held.Message);

        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(10), TimeSpan.FromSeconds(5));
        cut.FindAll("[data-testid='empty-state']").Should().BeEmpty();
        cut.Instance.LastQuery.Should().BeEquivalentTo(new { Page = 1, PageSize = 10 }, "page 2 is the last page there is now");
        navigation.Uri.Should().Contain("page=2");
    }

    [Fact]
    public async Task A_stale_bookmark_prerendered_shows_the_last_page_and_the_interactive_render_takes_it_over()
    {
        for (var i = 1; i <= 12; i++)
        {
            await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i:00}")).Build());
        }
        SignIn(Actors.Viewer);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/onboardings?page=5&size=10&sort=Customer");
        _ = Popovers;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        var prerendered = RenderMud<OnboardingList>();
        prerendered.WaitForAssertion(() => Customers(prerendered).Should().Equal("Customer 11", "Customer 12"));
        prerendered.FindAll("[data-testid='empty-state']").Should().BeEmpty();
        State.TriggerOnPersisting();
        Reads.Clear();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        var interactive = RenderMud<OnboardingList>();

        interactive.WaitForAssertion(() => Customers(interactive).Should().Equal("Customer 11", "Customer 12"));
        navigation.Uri.Should().Contain("page=2", "the interactive render puts the page shown in the address");
        ReadTheList.Should().BeFalse("the interactive render takes over the page the prerender settled on");
    }
}
