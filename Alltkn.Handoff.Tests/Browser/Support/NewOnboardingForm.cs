using System.Text.RegularExpressions;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>The new-onboarding form, as a person fills it in: an enterprise trial for a customer, then its page.</summary>
public static partial class NewOnboardingForm
{
    [GeneratedRegex(@"/onboardings/([0-9a-f-]{36})$")]
    private static partial Regex DetailAddress();

    /// <summary>Creates an enterprise trial for <paramref name="customer"/> through the form and waits for its page; returns its id.</summary>
    public static async Task<Guid> CreateTrialAsync(IPage page, string customer)
    {
        await page.GotoBlazorAsync("/onboardings/new");
        await FillTrialAsync(page, customer);
        await page.ClickAsync("[data-testid='create-onboarding']");
        await Expect(page).ToHaveURLAsync(DetailAddress());
        await page.WaitForBlazorAsync();
        return Guid.Parse(DetailAddress().Match(page.Url).Groups[1].Value);
    }

    /// <summary>
    /// Fills the open form with an enterprise trial for <paramref name="customer"/> (its procurement entity
    /// "<paramref name="customer"/> Co., Ltd.") and waits until the server has each field, so Create can be clicked.
    /// </summary>
    public static async Task FillTrialAsync(IPage page, string customer)
    {
        await page.Locator("[data-testid='input-Customer']").FillAndWaitForServerAsync(customer);
        await page.Locator("[data-testid='input-ProcurementEntity']").FillAndWaitForServerAsync($"{customer} Co., Ltd.");
        await page.Locator("[data-testid='scenario-EnterpriseTrial'] input[type='radio']").CheckAndWaitForServerAsync();
    }
}
