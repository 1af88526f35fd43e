using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Alltkn.Handoff.Tests.Browser.Support.JourneyPeople;
using static Microsoft.Playwright.Assertions;
using ChecklistKeys = Alltkn.Handoff.Domain.Templates.ChecklistTemplates.Keys;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// Issue 10's browser test: at Invoice &amp; contract the finance contact completes the last item the gate waited on and
/// starts Go-live; the release owner's bell, open in another browser on the onboarding, shows it without a reload.
/// </summary>
public sealed class NotificationBellBrowserTests(BrowserFixture browser, JourneyServer server)
    : BrowserTest(browser, server), IClassFixture<JourneyServer>
{
    [Fact]
    public async Task The_release_owner_s_bell_shows_go_live_starting_when_finance_completes_the_last_item_and_moves_on()
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Lanting Logistics")).NeedingInvoice().AtStage(Stage.InvoiceAndContract).Build()
            .CompleteRequiredItems(null, ChecklistKeys.InvoiceNeed);
        await using (var db = await Server!.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.Onboardings.Add(onboarding);
            db.Revisions.AddRange(onboarding.PendingRevisions);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var releaseOwner = Page;
        await releaseOwner.SignInAsync(ReleaseOwner.Email, ReleaseOwner.Password);
        await releaseOwner.GotoBlazorAsync($"/onboardings/{onboarding.Id}");
        var bell = releaseOwner.GetByTestId("notification-bell");
        await Expect(bell).ToHaveAttributeAsync("data-unread", "0");

        var financePage = await NewPageAsync(Server.ServerAddress);
        await financePage.SignInAsync(Finance.Email, Finance.Password);
        var finance = await new OnboardingDetailPage(financePage, onboarding.Id).OpenAsync();
        await finance.CompleteItemAsync(ChecklistKeys.InvoiceNeed, "Support ticket TK-20261128-0412 (VAT special invoice)");
        await finance.MoveAsync(Move.StartGoLive, Stage.GoLive);

        await Expect(bell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 20_000 });
        await bell.ClickAsync();
        await Expect(releaseOwner.GetByTestId("notification-link").First).ToContainTextAsync("Lanting Logistics is at Go-live: your items are current");
    }
}
