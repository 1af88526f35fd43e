using Alltkn.Handoff.App.Components.Pages.Onboardings;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>The new-onboarding form on a real SQLite file with the real service.</summary>
public sealed class NewOnboardingPageTests : PageTestContext
{
    private const string RelayKey = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

    public NewOnboardingPageTests() => SignIn(Actors.TeamAdmin);

    private async Task<IReadOnlyList<Onboarding>> StoredAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        return await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Xunit.TestContext.Current.CancellationToken);
    }

    private static Task ChooseScenario(IRenderedComponent<NewOnboarding> cut, Scenario scenario) =>
        cut.Find($"[data-testid='scenario-{scenario}'] input[type='radio']").ClickAsync(new());

    [Fact]
    public void Only_a_team_admin_may_open_an_onboarding_and_others_are_told_so()
    {
        SignIn(Actors.TechLead);

        var cut = RenderMud<NewOnboarding>();

        cut.Find("[data-testid='create-onboarding']").HasAttribute("disabled").Should().BeTrue();
        cut.Find("[data-testid='create-not-permitted']").TextContent.Should().Contain("Only a team admin may open an onboarding.");
    }

    [Fact]
    public async Task Missing_required_fields_and_a_past_date_are_said_before_anything_is_sent()
    {
        var cut = RenderMud<NewOnboarding>();
        cut.Find("[data-testid='input-ExpectedGoLiveDate']").Change("2020-01-15");

        await cut.Find("[data-testid='create-onboarding']").ClickAsync(new());

        var form = cut.Find("[data-testid='new-onboarding-form']").TextContent;
        form.Should().Contain("Customer is required.").And.Contain("Procurement entity is required.");
        form.Should().Contain("Choose the scenario of first contact.");
        form.Should().Contain("The expected go-live date cannot be in the past");
        (await StoredAsync()).Should().BeEmpty();
    }

    private void ReaderIn(string zone) => JSInterop.SetupModule("./js/workspace.js").Setup<string?>("timeZone").SetResult(zone);

    private async Task FillRequiredAsync(IRenderedComponent<NewOnboarding> cut)
    {
        cut.Find("[data-testid='input-Customer']").Input("Cathay Logistics");
        cut.Find("[data-testid='input-ProcurementEntity']").Input("Cathay Logistics Ltd.");
        await ChooseScenario(cut, Scenario.InvoiceInquiry);
    }

    [Fact]
    public async Task The_go_live_date_is_checked_against_the_readers_own_today_so_a_reader_east_of_utc_may_not_pick_their_yesterday()
    {
        // 17:00 UTC on 19 November: already 01:00 on 20 November in Shanghai, so the 19th is yesterday there.
        Data.Clock.UtcNow = new DateTime(2026, 11, 19, 17, 0, 0, DateTimeKind.Utc);
        ReaderIn("Asia/Shanghai");
        var cut = RenderMud<NewOnboarding>();
        await FillRequiredAsync(cut);
        cut.Find("[data-testid='input-ExpectedGoLiveDate']").Change("2026-11-19");

        await cut.Find("[data-testid='create-onboarding']").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("[data-testid='new-onboarding-form']").TextContent
            .Should().Contain("The expected go-live date cannot be in the past: choose 2026-11-20 or later."));
        (await StoredAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_go_live_date_is_checked_against_the_readers_own_today_so_a_reader_west_of_utc_may_pick_their_today()
    {
        // 03:00 UTC on 20 November: still 19:00 on 19 November in Los Angeles, so the 19th is today there.
        Data.Clock.UtcNow = new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc);
        ReaderIn("America/Los_Angeles");
        var cut = RenderMud<NewOnboarding>();
        await FillRequiredAsync(cut);
        cut.Find("[data-testid='input-ExpectedGoLiveDate']").Change("2026-11-19");

        await cut.Find("[data-testid='create-onboarding']").ClickAsync(new());

        cut.Find("[data-testid='new-onboarding-form']").TextContent.Should().NotContain("cannot be in the past");
        (await StoredAsync()).Should().ContainSingle().Which.Details.ExpectedGoLiveDate.Should().Be(new DateOnly(2026, 11, 19));
    }

    [Fact]
    public void Each_scenario_says_what_to_prepare_first_and_what_stays_private()
    {
        var cut = RenderMud<NewOnboarding>();

        cut.Find("[data-testid='scenario-InvoiceInquiry']").TextContent
            .Should().Contain("Invoice need, order records, contact, controlled submission fields")
            .And.Contain("Invoice details themselves: they go through support");
        UseCulture("zh-CN");
        var chinese = RenderMud<NewOnboarding>();
        chinese.Find("[data-testid='scenario-ContractOrCorporatePayment']").TextContent
            .Should().Contain("合同或对公").And.Contain("采购主体、合作范围、预算周期、上线窗口").And.Contain("合同文本和资质材料不放公开页面");
    }

    [Fact]
    public async Task Opening_an_onboarding_creates_its_scenarios_checklist_and_goes_to_its_page()
    {
        var cut = RenderMud<NewOnboarding>();
        cut.Find("[data-testid='input-Customer']").Input("Cathay Logistics");
        cut.Find("[data-testid='input-ProcurementEntity']").Input("Cathay Logistics Ltd.");
        await ChooseScenario(cut, Scenario.InvoiceInquiry);
        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>()[0].Instance.ValueChanged.InvokeAsync(true));

        await cut.Find("[data-testid='create-onboarding']").ClickAsync(new());

        var stored = (await StoredAsync()).Should().ContainSingle().Subject;
        stored.Details.Customer.Should().Be("Cathay Logistics");
        stored.Details.NeedsInvoice.Should().BeTrue();
        stored.Scenario.Should().Be(Scenario.InvoiceInquiry);
        stored.Items.Should().Contain(i => i.Key == "inquiry.prepare.invoice");
        Services.GetRequiredService<NavigationManager>().Uri.Should().EndWith($"/onboardings/{stored.Id}");
    }

    [Fact]
    public async Task A_secret_is_refused_with_the_masked_text_offered_and_everything_else_typed_stays()
    {
        var cut = RenderMud<NewOnboarding>();
        cut.Find("[data-testid='input-Customer']").Input("Acme Robotics");
        cut.Find("[data-testid='input-ProcurementEntity']").Input("Acme Robotics (Shenzhen) Co., Ltd.");
        cut.Find("[data-testid='input-UseCase']").Input($"Chat assistant; test key {RelayKey}");
        await ChooseScenario(cut, Scenario.EnterpriseTrial);

        await cut.Find("[data-testid='create-onboarding']").ClickAsync(new());

        cut.Find("[data-testid='outcome-alert']").GetAttribute("data-status").Should().Be("SecretFound");
        cut.Find("[data-testid='secret-UseCase']").TextContent.Should().Contain("Found in Use case:").And.Contain("sk-Q7fK**********kX8r");
        (await StoredAsync()).Should().BeEmpty();

        cut.Find("[data-testid='use-masked-UseCase']").Click();

        cut.Find("[data-testid='input-UseCase']").GetAttribute("value").Should().Be("Chat assistant; test key sk-Q7fK**********kX8r");
        cut.Find("[data-testid='input-Customer']").GetAttribute("value").Should().Be("Acme Robotics");
        cut.Find("[data-testid='input-ProcurementEntity']").GetAttribute("value").Should().Be("Acme Robotics (Shenzhen) Co., Ltd.");
        await cut.Find("[data-testid='create-onboarding']").ClickAsync(new());
        (await StoredAsync()).Should().ContainSingle().Which.Details.UseCase.Should().Be("Chat assistant; test key sk-Q7fK**********kX8r");
    }
}
