using System.Text;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
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
/// Issue 11 end to end in two browsers against the app on a real port: the tech lead invites the customer's technical
/// contact; the contact opens the link in a fresh browser, pastes a full key into the minimal-request item, is refused and
/// takes the masked text, completes the item and writes a shared comment; the tech lead sees both live.
/// </summary>
public sealed class GuestPortalBrowserTests(BrowserFixture browser, JourneyServer server)
    : BrowserTest(browser, server), IClassFixture<JourneyServer>
{
    private const string MinimalRequest = "trial.minimal-request";

    /// <summary>A made-up key in the shape New API issues (sk- and 48 letters and digits); not a real key.</summary>
    private const string FullKey = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

    [Fact]
    public async Task The_technical_contact_invited_by_the_tech_lead_completes_the_trial_item_and_comments()
    {
        Guid id;
        await using (var scope = await IdentityTestApp.ActingAsAsync(Server!.Services, TeamAdmin.Email))
        {
            var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
                .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("Acme Portal").Build(), TestContext.Current.CancellationToken);
            created.Succeeded.Should().BeTrue(created.Message);
            id = created.Value;
        }
        await Page.SignInAsync(TechLead.Email, TechLead.Password);
        var detail = await new OnboardingDetailPage(Page, id).OpenAsync();
        var panel = Page.GetByTestId("guest-invitations");
        await panel.GetByTestId("guest-invite-open").ClickAsync();
        // No counter; Invite is enabled only once the server has an address (the click waits for that), and a fill sends
        // the whole address in one input event.
        await panel.Locator("input[data-testid='guest-invite-email'], [data-testid='guest-invite-email'] input").First.FillAsync("ops@acme-portal.example");
        await panel.GetByTestId("guest-invite").ClickAsync();
        await Expect(panel.GetByTestId("guest-link")).ToContainTextAsync("/guest/");
        var link = (await panel.GetByTestId("guest-link").TextContentAsync())!.Trim();
        await Expect(panel.GetByTestId("guest-invitation")).ToHaveAttributeAsync("data-state", "Pending");
        await detail.UnfoldAsync(Stage.Trial);
        await detail.Item(MinimalRequest).GetByTestId("comments-toggle").ClickAsync();

        var guest = await NewPageAsync(Server.ServerAddress);
        await guest.GotoBlazorAsync(link);
        // Opening the link (as a mail scanner would) only shows what it is for; the button signs in.
        await Expect(guest.GetByTestId("guest-link-title")).ToHaveTextAsync("Sign in to Acme Portal as ops@acme-portal.example");
        await Expect(panel.GetByTestId("guest-invitation")).ToHaveAttributeAsync("data-state", "Pending");
        await guest.GetByTestId("guest-link-sign-in").ClickAsync();
        await guest.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/portal/onboardings/", StringComparison.Ordinal));
        await guest.WaitForBlazorAsync();
        await Expect(guest.GetByTestId("portal-customer")).ToHaveTextAsync("Acme Portal");
        await Expect(guest.GetByTestId("portal-export")).ToHaveAttributeAsync("data-package", "Technical");
        await Expect(guest.GetByTestId("portal-safety")).ToBeVisibleAsync();
        await Expect(guest.Locator("[data-testid='portal-item'][data-item-key='commercial.payment-method']")).ToHaveCountAsync(0);
        var item = guest.Locator($"[data-testid='portal-item'][data-item-key='{MinimalRequest}']");
        // The select shows Done, and the evidence's counter the typed length, once the circuit has them (a click sent
        // sooner can reach the server first, and the save would go without the status or the evidence).
        await item.GetByTestId("portal-item-status-select").ChooseAsync(guest.GetByTestId("portal-status-option-Done"));
        var evidence = item.Locator("textarea[data-testid='portal-item-evidence-input'], [data-testid='portal-item-evidence-input'] textarea").First;
        await evidence.FillAndWaitForServerAsync($"HTTP 200 with {FullKey}");
        await item.GetByTestId("portal-item-save").ClickAsync();

        await Expect(item.GetByTestId("outcome-alert")).ToHaveAttributeAsync("data-status", "SecretFound");
        await item.GetByTestId("use-masked-Evidence").ClickAsync();
        await Expect(evidence).Not.ToHaveValueAsync($"HTTP 200 with {FullKey}");
        await item.GetByTestId("portal-item-save").ClickAsync();
        await Expect(item.GetByTestId("portal-item-status")).ToHaveAttributeAsync("data-status", "Done");

        await item.GetByTestId("comments-toggle").ClickAsync();
        await Expect(item.GetByTestId("comment-guest-note")).ToBeVisibleAsync();
        await item.Locator("textarea[data-testid='comment-new-text'], [data-testid='comment-new-text'] textarea").First
            .FillAndWaitForServerAsync("Minimal request works from our office network");
        await item.GetByTestId("comment-post").ClickAsync();
        await Expect(item.GetByTestId("comment-text")).ToContainTextAsync(["Minimal request works from our office network"]);

        // The tech lead's open page, without a reload.
        await Expect(detail.Item(MinimalRequest)).ToHaveAttributeAsync("data-status", "Done");
        var seen = detail.Item(MinimalRequest).GetByTestId("comment").Filter(new() { HasText = "Minimal request works from our office network" });
        await Expect(seen).ToHaveCountAsync(1);
        await Expect(seen.GetByTestId("comment-by-customer")).ToBeVisibleAsync();
        await Expect(seen.GetByTestId("comment-visibility")).ToHaveTextAsync("Shared with customer");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task The_guests_pages_have_no_serious_or_critical_accessibility_violation(string language)
    {
        string link;
        await using (var scope = await IdentityTestApp.ActingAsAsync(Server!.Services, TeamAdmin.Email))
        {
            var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
                .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer($"Axe Portal {language}").Build(), TestContext.Current.CancellationToken);
            created.Succeeded.Should().BeTrue(created.Message);
            var invited = await scope.ServiceProvider.GetRequiredService<GuestInvitations>()
                .InviteAsync(created.Value, GuestSide.Technical, $"ops-{language.ToLowerInvariant()}@axe-portal.example", language, TestContext.Current.CancellationToken);
            invited.Succeeded.Should().BeTrue(invited.Message);
            link = invited.Value!.Path;
        }
        var guest = await NewPageAsync(Server.ServerAddress);
        var found = new StringBuilder();

        // The link's page (what a mail scanner sees too), then the guest's home and onboarding, signed in by the button.
        await guest.GotoBlazorAsync(link);
        await AxeSweep.AppendViolationsAsync(guest, "/guest/{token}", found);
        await guest.GetByTestId("guest-link-sign-in").ClickAsync();
        await guest.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/portal/onboardings/", StringComparison.Ordinal));
        await guest.WaitForBlazorAsync();
        await Expect(guest.Locator("[data-testid='portal-item']").First).ToBeVisibleAsync();
        await AxeSweep.AppendViolationsAsync(guest, "/portal/onboardings/{id}", found);
        var item = guest.Locator($"[data-testid='portal-item'][data-item-key='{MinimalRequest}']");
        await item.GetByTestId("comments-toggle").ClickAsync();
        await Expect(item.GetByTestId("comment-guest-note")).ToBeVisibleAsync();
        await AxeSweep.AppendViolationsAsync(guest, "/portal/onboardings/{id} with a comment thread open", found);
        await guest.GotoBlazorAsync("/portal");
        await Expect(guest.GetByTestId("portal-home")).ToBeVisibleAsync();
        await guest.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AxeSweep.AppendViolationsAsync(guest, "/portal", found);

        (await guest.Locator("html").GetAttributeAsync("lang")).Should().StartWith(language[..2], "the guest's pages open in the invitation's language");
        found.ToString().Should().BeEmpty($"axe-core ({language}, signed in as the customer's contact) found serious or critical violations");
    }
}
