using Alltkn.Handoff.App.Components.Layout;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace Alltkn.Handoff.Tests.Components.Layout;

/// <summary>
/// An open page's circuit navigates without a new HTTP request, so the pages' check of good standing
/// (<see cref="IdentitySetup.UseHandoffIdentity"/>) would not run: the guard leads an account not in good standing to its
/// account path instead of any other page, and lets everyone else (and the exempt pages) through.
/// </summary>
public sealed class AccountStandingGuardTests : PageTestContext
{
    private static readonly Actor Person = Actors.Viewer;

    public AccountStandingGuardTests() => SignIn(Person);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private string Path => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    public enum Condition
    {
        Good,
        TemporaryPassword,
        TwoFactorRequired,
    }

    [Theory]
    [InlineData(Condition.TemporaryPassword, IdentitySetup.MustChangePasswordPath)]
    [InlineData(Condition.TwoFactorRequired, IdentitySetup.TwoFactorRequiredPath)]
    public async Task An_account_not_in_good_standing_is_led_to_its_account_path_instead_of_another_page(Condition condition, string expected)
    {
        await AddPersonAsync(condition);
        Navigation.NavigateTo("/account");
        var cut = RenderWithOwnProviders<AccountStandingGuard>();

        Navigation.NavigateTo("/onboardings");

        cut.WaitForAssertion(() => Path.Should().Be(expected));
    }

    [Fact]
    public async Task An_account_not_in_good_standing_may_still_open_the_account_page()
    {
        await AddPersonAsync(Condition.TemporaryPassword);
        Navigation.NavigateTo("/account?twoFactorRequired=true");
        var cut = RenderWithOwnProviders<AccountStandingGuard>();

        Navigation.NavigateTo("/account");

        cut.WaitForAssertion(() => Path.Should().Be("/account"));
    }

    /// <summary>
    /// The language switch is a link to an endpoint, not a page (<c>/culture/set</c>): the page request's check lets it
    /// through, so the guard does too — a person who must change a temporary password may first switch the language.
    /// </summary>
    [Theory]
    [InlineData(Condition.TemporaryPassword)]
    [InlineData(Condition.TwoFactorRequired)]
    public async Task An_account_not_in_good_standing_may_still_switch_the_language(Condition condition)
    {
        await AddPersonAsync(condition);
        Navigation.NavigateTo("/account");
        var cut = RenderWithOwnProviders<AccountStandingGuard>();
        var languageSwitch = "/culture/set?culture=zh-CN&redirectUri=" + Uri.EscapeDataString("/account");

        Navigation.NavigateTo(languageSwitch);

        cut.WaitForAssertion(() => Path.Should().Be(languageSwitch));
    }

    /// <summary>
    /// The guard knows a page from another address by the pages' routes, as the Router does: the rule applies to a page
    /// but the exempt ones, and not to an endpoint that is no page (the page request's check leaves those alone too).
    /// </summary>
    [Theory]
    [InlineData("onboardings", true)]
    [InlineData("/onboardings/new", true)]
    [InlineData("onboardings/3f2c1a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c?tab=items", true)]
    [InlineData("", true)]
    [InlineData("account", false)]
    [InlineData("account/?mustChange=true", false)]
    [InlineData("Account/Login?returnUrl=%2F", false)]
    [InlineData("account/login-two-factor", false)]
    [InlineData("culture/set?culture=zh-CN&redirectUri=%2Faccount", false)]
    [InlineData("account/logout", false)]
    [InlineData("onboardings/3f2c1a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c/export/checklist.csv", false)]
    public void The_rule_applies_to_every_page_but_the_exempt_ones_and_to_no_other_address(string address, bool applies) =>
        IdentitySetup.StandingAppliesTo(IdentitySetup.PageAt(address)).Should().Be(applies);

    [Fact]
    public async Task An_account_in_good_standing_navigates_normally()
    {
        await AddPersonAsync(Condition.Good);
        Navigation.NavigateTo("/account");
        var cut = RenderWithOwnProviders<AccountStandingGuard>();

        Navigation.NavigateTo("/onboardings");

        cut.WaitForAssertion(() => Path.Should().Be("/onboardings"));
    }

    [Fact]
    public async Task Once_the_temporary_password_is_changed_the_account_navigates_normally_again()
    {
        await AddPersonAsync(Condition.TemporaryPassword);
        var cut = RenderWithOwnProviders<AccountStandingGuard>();
        Navigation.NavigateTo("/onboardings");
        cut.WaitForAssertion(() => Path.Should().Be(IdentitySetup.MustChangePasswordPath));

        await using (var db = await Factory.CreateDbContextAsync(Ct))
        {
            var user = await db.Users.SingleAsync(u => u.Id == Person.UserId, Ct);
            user.MustChangePassword = false;
            await db.SaveChangesAsync(Ct);
        }
        Navigation.NavigateTo("/onboardings");

        cut.WaitForAssertion(() => Path.Should().Be("/onboardings"));
    }

    private IDbContextFactory<AppDbContext> Factory => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>The signed-in test person stored as an account in the given standing.</summary>
    private async Task AddPersonAsync(Condition condition)
    {
        await using var db = await Factory.CreateDbContextAsync(Ct);
        db.Users.Add(new HandoffUser
        {
            Id = Person.UserId,
            UserName = "mei@alltkn.test",
            Email = "mei@alltkn.test",
            DisplayName = Person.DisplayName,
            MustChangePassword = condition == Condition.TemporaryPassword,
        });
        if (condition == Condition.TwoFactorRequired)
        {
            var settings = await db.Set<WorkspaceSettings>().SingleOrDefaultAsync(Ct);
            if (settings is null)
            {
                settings = new WorkspaceSettings();
                db.Add(settings);
            }
            settings.SetRequireTwoFactor(true);
        }
        await db.SaveChangesAsync(Ct);
    }
}
