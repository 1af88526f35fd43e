using System.Net;
using System.Text.Json;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// An account that must change its temporary password, or must set up two-factor sign-in because the workspace requires
/// it, is not in good standing: besides the pages (which lead it to /account), it may not create an API token, its
/// tokens (made before) are refused by the API, and the export downloads refuse it — until it has done what it must.
/// </summary>
public sealed class GoodStandingTests
{
    private const string Email = "mei@alltkn.test";
    private const string Password = "amber lantern orchard tide";
    private const string Temporary = "harbour violet engine moss";
    private const string Own = "silver comet under willow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Condition
    {
        TemporaryPassword,
        TwoFactorRequired,
    }

    [Theory]
    [InlineData(Condition.TwoFactorRequired)]
    [InlineData(Condition.TemporaryPassword)]
    public async Task Creating_a_token_is_refused_saying_what_to_do_first(Condition condition)
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        await ApplyAsync(app, condition, id);

        await using var scope = await app.ActingAsAsync(Email);
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var refused = await tokens.CreateAsync("Nightly sync", DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadWrite, Ct);

        refused.Succeeded.Should().BeFalse();
        refused.Code.Should().Be(condition == Condition.TwoFactorRequired ? ApiTokens.TwoFactorRequired : ApiTokens.MustChangePassword);
        refused.Message.Should().Be(AccountStanding.WhatToDo(IssueOf(condition))).And.Contain("account page");
        (await tokens.ListMineAsync(Ct)).Should().BeEmpty("nothing was created");
    }

    [Theory]
    [InlineData(Condition.TwoFactorRequired)]
    [InlineData(Condition.TemporaryPassword)]
    public async Task A_token_made_before_is_refused_by_the_api_with_403_saying_what_its_person_must_do(Condition condition)
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        var token = await CreateTokenAsync(app);
        using var client = app.CreateApiClient(token);
        (await client.GetAsync("/api/v1/onboardings", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the account is in good standing");

        await ApplyAsync(app, condition, id);
        using var refused = await client.GetAsync("/api/v1/onboardings", Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("code").GetString().Should()
            .Be(condition == Condition.TwoFactorRequired ? "account.two-factor-required" : "account.must-change-password");
        problem.RootElement.GetProperty("detail").GetString().Should().Be(AccountStanding.WhatToDo(IssueOf(condition)));
    }

    [Fact]
    public async Task A_token_works_again_once_its_person_has_changed_the_temporary_password()
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        var token = await CreateTokenAsync(app);
        await ApplyAsync(app, Condition.TemporaryPassword, id);
        using var api = app.CreateApiClient(token);
        (await api.GetAsync("/api/v1/onboardings", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var browser = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(browser, Email, Temporary)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await IdentityTestApp.PostFormAsync(browser, "/account", new Dictionary<string, string>
        {
            ["Password.Current"] = Temporary, ["Password.New"] = Own, ["Password.Confirm"] = Own,
        })).StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await api.GetAsync("/api/v1/onboardings", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Condition.TwoFactorRequired, "checklist.csv")]
    [InlineData(Condition.TwoFactorRequired, "technical.md")]
    [InlineData(Condition.TemporaryPassword, "business.json")]
    [InlineData(Condition.TemporaryPassword, "checklist.csv")]
    public async Task The_export_downloads_refuse_a_sign_in_not_in_good_standing(Condition condition, string file)
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        var onboarding = await OpenOnboardingAsync(app);
        var path = $"/onboardings/{onboarding}/export/{file}";
        using var browser = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(browser, Email, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await browser.GetAsync(path, Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the account is in good standing");

        await ApplyAsync(app, condition, id);
        if (condition == Condition.TemporaryPassword)
        {
            // The reset ended the sign-in; the person signs in with the temporary password, as the test of the pages does.
            (await IdentityTestApp.SignInAsync(browser, Email, Temporary)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }
        using var refused = await browser.GetAsync(path, Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Be(AccountStanding.WhatToDo(IssueOf(condition)));
        using var page = await browser.GetAsync($"/onboardings/{onboarding}", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect, "the pages still lead to /account");
    }

    /// <summary>
    /// Token creation, an API call and an export download refuse the same account with the same sentence of what to do
    /// first: one wording per issue (<see cref="AccountStanding"/>), which the three places cannot drift apart from.
    /// </summary>
    [Theory]
    [InlineData(Condition.TemporaryPassword)]
    [InlineData(Condition.TwoFactorRequired)]
    public async Task Token_creation_the_api_and_the_export_downloads_say_the_same_thing_to_do_first(Condition condition)
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        var onboarding = await OpenOnboardingAsync(app);
        var token = await CreateTokenAsync(app);
        using var browser = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(browser, Email, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        await ApplyAsync(app, condition, id);
        if (condition == Condition.TemporaryPassword)
        {
            (await IdentityTestApp.SignInAsync(browser, Email, Temporary)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        }

        string creation;
        await using (var scope = await app.ActingAsAsync(Email))
        {
            var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
                .CreateAsync("Another sync", DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadOnly, Ct);
            refused.Succeeded.Should().BeFalse();
            creation = refused.Message!;
        }
        using var api = app.CreateApiClient(token);
        using var call = await api.GetAsync("/api/v1/onboardings", Ct);
        call.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var problem = JsonDocument.Parse(await call.Content.ReadAsStringAsync(Ct));
        using var download = await browser.GetAsync($"/onboardings/{onboarding}/export/checklist.csv", Ct);
        download.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        creation.Should().Be(AccountStanding.WhatToDo(IssueOf(condition)));
        problem.RootElement.GetProperty("detail").GetString().Should().Be(creation, "the API says what the token creation says");
        (await download.Content.ReadAsStringAsync(Ct)).Should().Be(creation, "the export download says what the token creation says");
    }

    private static StandingIssue IssueOf(Condition condition) =>
        condition == Condition.TwoFactorRequired ? StandingIssue.TwoFactorRequired : StandingIssue.MustChangePassword;

    private static async Task ApplyAsync(IdentityTestApp app, Condition condition, string userId)
    {
        await using var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var administration = admin.ServiceProvider.GetRequiredService<UserAdministration>();
        var done = condition == Condition.TwoFactorRequired
            ? await administration.SetRequireTwoFactorAsync(true, Ct)
            : await administration.ResetPasswordAsync(userId, Temporary, Ct);
        done.Succeeded.Should().BeTrue(done.Message);
    }

    private static async Task<string> CreateTokenAsync(IdentityTestApp app)
    {
        await using var scope = await app.ActingAsAsync(Email);
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync("Nightly sync", DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadWrite, Ct);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value!.Token;
    }

    private static async Task<Guid> OpenOnboardingAsync(IdentityTestApp app)
    {
        await using var scope = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var created = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
            .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("Standing Customer").Build(), Ct);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value;
    }
}
