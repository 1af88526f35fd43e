using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Onboardings;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>The health chip and the detail page's health with its reasons, in both languages.</summary>
public sealed class HealthChipTests : MudTestContext
{
    [Theory]
    [InlineData(HealthLevel.OnTrack, "en", "On track")]
    [InlineData(HealthLevel.AtRisk, "en", "At risk")]
    [InlineData(HealthLevel.OffTrack, "en", "Off track")]
    [InlineData(HealthLevel.NotTracked, "en", "Not tracked")]
    [InlineData(HealthLevel.OnTrack, "zh-CN", "进展正常")]
    [InlineData(HealthLevel.AtRisk, "zh-CN", "有风险")]
    [InlineData(HealthLevel.OffTrack, "zh-CN", "已偏离")]
    public void The_chip_names_the_health_in_the_readers_language(HealthLevel level, string culture, string text)
    {
        UseCulture(culture);

        var cut = RenderMud<HealthChip>(p => p.Add(x => x.Level, level));

        var chip = cut.Find("[data-testid='health-chip']");
        chip.TextContent.Trim().Should().Be(text);
        chip.GetAttribute("data-health").Should().Be(level.ToString());
    }

    [Fact]
    public void The_worse_the_health_the_stronger_the_colour()
    {
        HealthChip.ColorOf(HealthLevel.OnTrack).Should().Be(Color.Success);
        HealthChip.ColorOf(HealthLevel.AtRisk).Should().Be(Color.Warning);
        HealthChip.ColorOf(HealthLevel.OffTrack).Should().Be(Color.Error);
    }

    [Fact]
    public void The_panel_gives_the_health_of_the_day_with_each_reason_in_words()
    {
        // Opened Friday 20 November; on Wednesday 25 every Inquiry item is overdue.
        var onboarding = new OnboardingBuilder().Build();

        var cut = RenderMud<HealthPanel>(p => p.Add(x => x.Onboarding, onboarding).Add(x => x.Today, new DateOnly(2026, 11, 25)));

        cut.Find("[data-testid='health-panel']").GetAttribute("data-health").Should().Be(nameof(HealthLevel.OffTrack));
        cut.FindAll("[data-testid='health-reason']").Select(r => r.TextContent.Trim())
            .Should().Equal("6 of 6 items due so far are overdue (100 %)", "3 working days in Inquiry; the template expects 3");
    }

    [Fact]
    public void The_panel_speaks_chinese_to_a_chinese_reader()
    {
        UseCulture("zh-CN");
        var onboarding = new OnboardingBuilder().Build();

        var cut = RenderMud<HealthPanel>(p => p.Add(x => x.Onboarding, onboarding).Add(x => x.Today, new DateOnly(2026, 11, 24)));

        cut.Find("[data-testid='health-chip']").TextContent.Trim().Should().Be("有风险");
        cut.FindAll("[data-testid='health-reason']")[0].TextContent.Trim().Should().Be("截至目前应完成的 6 项中有 2 项已逾期（33%）");
    }
}

/// <summary>The onboardings list shows each onboarding's stored health, sorts by it and filters by it from the address.</summary>
public sealed class OnboardingListHealthTests : PageTestContext
{
    public OnboardingListHealthTests() => SignIn(Actors.TeamAdmin);

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task SeedAsync()
    {
        // Fresh at the clock's day: on track. Opened eight days earlier and left alone: every Inquiry item overdue.
        await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Fresh Start")).Build());
        await Data.AddAsync(new OnboardingBuilder().At(TestClock.Now.AddDays(-8)).WithDetails(d => d.ForCustomer("Long Forgotten")).Build());
        Data.Clock.UtcNow = TestClock.Now;
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<App.Services.HealthRefresh>().RefreshStaleAsync(Xunit.TestContext.Current.CancellationToken);
    }

    private static string[] Customers(IRenderedComponent<OnboardingList> cut) =>
        cut.FindAll("[data-testid='onboarding-link']").Select(a => a.TextContent.Trim()).ToArray();

    [Fact]
    public async Task Each_row_shows_its_health_chip()
    {
        await SeedAsync();

        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(2));
        cut.FindAll("tr").Where(r => r.TextContent.Contains("Long Forgotten")).Single()
            .QuerySelector("[data-testid='health-chip']")!.GetAttribute("data-health").Should().Be(nameof(HealthLevel.OffTrack));
        cut.FindAll("tr").Where(r => r.TextContent.Contains("Fresh Start")).Single()
            .QuerySelector("[data-testid='health-chip']")!.GetAttribute("data-health").Should().Be(nameof(HealthLevel.OnTrack));
    }

    [Fact]
    public async Task Choosing_a_health_puts_it_in_the_address_and_lists_only_those()
    {
        await SeedAsync();
        var cut = RenderMud<OnboardingList>();
        cut.WaitForAssertion(() => Customers(cut).Should().HaveCount(2));

        await cut.InvokeAsync(() => cut.FindComponent<MudSelect<HealthLevel?>>().Instance.SelectOption((HealthLevel?)HealthLevel.OffTrack));

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Long Forgotten"));
        new Uri(Navigation.Uri).Query.Should().Be("?health=OffTrack");
        cut.Instance.LastQuery!.Health.Should().Be(HealthLevel.OffTrack);
    }

    [Fact]
    public async Task A_bookmarked_health_filter_opens_applied()
    {
        await SeedAsync();
        Navigation.NavigateTo("/onboardings?health=OnTrack");

        var cut = RenderMud<OnboardingList>();

        cut.WaitForAssertion(() => Customers(cut).Should().Equal("Fresh Start"));
        cut.FindComponent<MudSelect<HealthLevel?>>().Instance.GetState(x => x.Value).Should().Be(HealthLevel.OnTrack);
    }

    [Fact]
    public async Task Sorting_by_health_puts_the_worst_first_when_descending()
    {
        await SeedAsync();
        var queries = Services.CreateScope().ServiceProvider.GetRequiredService<App.Services.OnboardingQueries>();

        var worstFirst = await queries.ListAsync(new App.Services.OnboardingListQuery { Sort = App.Services.OnboardingSort.Health, Descending = true },
            Xunit.TestContext.Current.CancellationToken);

        worstFirst.Items.Select(o => o.Customer).Should().Equal("Long Forgotten", "Fresh Start");
        worstFirst.Items.Select(o => o.Health).Should().Equal(HealthLevel.OffTrack, HealthLevel.OnTrack);
    }
}
