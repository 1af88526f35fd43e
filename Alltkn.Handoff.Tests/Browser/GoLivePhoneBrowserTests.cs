using System.Globalization;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Browser.Support;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser;

/// <summary>A release owner signs off a night window from a phone (390×844): the go-live page and card work without sideways scrolling.</summary>
public sealed class GoLivePhoneBrowserTests(BrowserFixture browser, HandoffServer server)
    : BrowserTest(browser, server), IClassFixture<HandoffServer>
{
    private const string Password = "amber lantern harbour tide";
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    private IServiceProvider Services => Server!.Services;

    private async Task<Onboarding> AddAsync(Onboarding onboarding)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Onboardings.Add(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        onboarding.ClearPendingRevisions();
        return onboarding;
    }

    private async Task<Onboarding> LoadAsync(Guid id)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Onboardings.Include(o => o.Items).AsSplitQuery().SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
    }

    private static async Task ExpectNoSidewaysScrollingAsync(IPage phone, string when)
    {
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        innerWidth.Should().Be(PhoneWidth);
        scrollWidth.Should().BeLessThanOrEqualTo(innerWidth, $"nothing may scroll sideways on a phone ({when})");
    }

    /// <summary>The element lies fully inside the phone's width, so a thumb can reach it without scrolling sideways.</summary>
    private static async Task ExpectWithinWidthAsync(ILocator element, string what)
    {
        await element.ScrollIntoViewIfNeededAsync();
        var box = await element.BoundingBoxAsync();
        box.Should().NotBeNull($"{what} is shown");
        box!.X.Should().BeGreaterThanOrEqualTo(0, what);
        (box.X + box.Width).Should().BeLessThanOrEqualTo(PhoneWidth, $"{what} fits the phone's width");
    }

    [Fact]
    public async Task A_release_owner_on_a_phone_sets_the_window_in_place_and_signs_off_the_go_live()
    {
        var customer = $"Night Window Co {Guid.NewGuid().ToString("N")[..6]}";
        var built = new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).AtStage(Stage.GoLive).Build();
        built.CompleteRequiredItems(DateTime.UtcNow, ChecklistTemplates.Keys.GoLiveWindow);
        var onboarding = await AddAsync(built);
        var email = $"release-{Guid.NewGuid():N}@alltkn.test";
        await IdentityTestApp.CreateUserAsync(Services, email, Password, Role.ReleaseOwner);
        var phone = await NewPageAsync(Server!.ServerAddress, configure: o => o.ViewportSize = new() { Width = PhoneWidth, Height = PhoneHeight });
        await phone.SignInAsync(email, Password);

        await phone.GotoBlazorAsync("/go-live");
        var card = phone.Locator($"[data-testid='go-live-card'][data-onboarding-id='{onboarding.Id}']");
        await Expect(card.GetByTestId("go-live-open-checks")).ToContainTextAsync("1 checks open");
        await Expect(card.GetByTestId("go-live-check")).ToHaveAttributeAsync("data-code", nameof(UnmetReasonCode.GoLiveWindowMissing));
        await ExpectNoSidewaysScrollingAsync(phone, "the go-live page");
        await Expect(card.GetByTestId("sign-off")).ToBeDisabledAsync();

        await card.GetByTestId("go-live-window-edit").ClickAsync();
        // Two weeks ahead of the real clock the app runs on: a window that has ended cannot be signed off.
        var start = DateTime.UtcNow.Date.AddDays(14).AddHours(22);
        var end = start.AddMinutes(90);
        // A date field is always shrunk and has no counter: under each, the server writes the day it read from it.
        await card.Locator("input[data-testid='go-live-window-start']").FillAndWaitForHelperTextAsync(Typed(start), Spelled(start));
        await card.Locator("input[data-testid='go-live-window-end']").FillAndWaitForHelperTextAsync(Typed(end), Spelled(end));
        await ExpectNoSidewaysScrollingAsync(phone, "editing the window");
        await ExpectWithinWidthAsync(card.GetByTestId("go-live-window-save"), "the window's Save button");
        await card.GetByTestId("go-live-window-save").ClickAsync();

        await Expect(card.GetByTestId("window-in-zone")).ToContainTextAsync($"{start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} – 23:30");
        await Expect(card.Locator($"[data-testid='go-live-item-state'][data-item-key='{ChecklistTemplates.Keys.GoLiveWindow}']"))
            .ToHaveAttributeAsync("data-status", nameof(ItemStatus.Done));
        await Expect(card.GetByTestId("go-live-ready")).ToBeVisibleAsync();
        await ExpectNoSidewaysScrollingAsync(phone, "after saving the window");

        var signOff = card.GetByTestId("sign-off");
        await Expect(signOff).ToBeEnabledAsync();
        await ExpectWithinWidthAsync(signOff, "the sign-off button");
        await ExpectWithinWidthAsync(card.GetByTestId("send-back"), "the send-back button");
        await signOff.ClickAsync();
        var confirm = phone.Locator(".mud-dialog");
        await Expect(confirm).ToContainTextAsync($"Sign off the go-live of {customer}?");
        await ExpectNoSidewaysScrollingAsync(phone, "the sign-off confirmation");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Sign off go-live" }).ClickAsync();

        await Expect(card).ToHaveCountAsync(0);
        var stored = await LoadAsync(onboarding.Id);
        stored.Stage.Should().Be(Stage.Live);
        stored.GoLiveWindow!.StartLocal.Should().Be(start);
        stored.Items.Single(i => i.Key == ChecklistTemplates.Keys.SignOff).CompletedByName.Should().NotBeNullOrEmpty();
        await ExpectNoSidewaysScrollingAsync(phone, "after the sign-off");
    }

    /// <summary>A time as a <c>datetime-local</c> field takes it ("2026-12-20T22:00").</summary>
    private static string Typed(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A time as the card writes it under its field, in English ("Sunday 20 December 2026, 22:00").</summary>
    private static string Spelled(DateTime local) => local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-US"));
}
