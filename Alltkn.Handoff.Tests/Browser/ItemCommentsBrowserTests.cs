using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Alltkn.Handoff.Tests.Browser.Support.JourneyPeople;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>
/// Issue 11, point 4 in two browsers against the app on a real port: the tech lead posts a shared comment on an item,
/// and the team admin, with the same onboarding open, sees it appear in the item's thread without reloading.
/// </summary>
public sealed class ItemCommentsBrowserTests(BrowserFixture browser, JourneyServer server)
    : BrowserTest(browser, server), IClassFixture<JourneyServer>
{
    private const string UseCase = "inquiry.use-case";

    [Fact]
    public async Task A_comment_posted_by_one_person_shows_live_on_the_others_open_page()
    {
        Guid id;
        await using (var scope = await IdentityTestApp.ActingAsAsync(Server!.Services, TeamAdmin.Email))
        {
            var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
                .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().Build(), TestContext.Current.CancellationToken);
            created.Succeeded.Should().BeTrue(created.Message);
            id = created.Value;
        }
        var admin = Page;
        await admin.SignInAsync(TeamAdmin.Email, TeamAdmin.Password);
        var adminDetail = await new OnboardingDetailPage(admin, id).OpenAsync();
        var techLeadPage = await NewPageAsync(Server.ServerAddress);
        await techLeadPage.SignInAsync(TechLead.Email, TechLead.Password);
        var techLead = await new OnboardingDetailPage(techLeadPage, id).OpenAsync();

        await adminDetail.Item(UseCase).GetByTestId("comments-toggle").ClickAsync();
        await Expect(adminDetail.Item(UseCase).GetByTestId("comments-empty")).ToBeVisibleAsync();
        await Expect(adminDetail.Item(UseCase).GetByTestId("item-customer-chip")).ToHaveTextAsync("Customer: business · completes");

        var thread = techLead.Item(UseCase);
        await thread.GetByTestId("comments-toggle").ClickAsync();
        await Expect(thread.GetByTestId("comment-composer")).ToBeVisibleAsync();
        await thread.Locator("textarea[data-testid='comment-new-text'], [data-testid='comment-new-text'] textarea").First.FillAndWaitForServerAsync("Customer confirmed gpt-4o-mini for the first month");
        await thread.GetByText("Shared with customer").ClickAsync();
        // The counter showed the text once the server had it; the choice of visibility has to be there too before posting.
        await thread.GetByTestId("comment-visibility-shared").ExpectCheckedByServerAsync();
        await thread.GetByTestId("comment-post").ClickAsync();
        await Expect(thread.GetByTestId("comment-text")).ToHaveTextAsync("Customer confirmed gpt-4o-mini for the first month");

        var seen = adminDetail.Item(UseCase).GetByTestId("comment");
        await Expect(seen).ToHaveCountAsync(1);
        await Expect(seen.GetByTestId("comment-text")).ToHaveTextAsync("Customer confirmed gpt-4o-mini for the first month");
        await Expect(seen.GetByTestId("comment-author")).ToHaveTextAsync(TechLead.DisplayName);
        await Expect(seen.GetByTestId("comment-visibility")).ToHaveTextAsync("Shared with customer");
        await Expect(seen.GetByTestId("comment-edit")).ToHaveCountAsync(0);
        await Expect(adminDetail.Item(UseCase).GetByTestId("comments-toggle")).ToContainTextAsync("Comments (1)");
    }
}
