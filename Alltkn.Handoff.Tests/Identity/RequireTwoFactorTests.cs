using System.Net;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>Team admins require two-factor sign-in for everyone: people without it are sent to set it up first.</summary>
public sealed partial class RequireTwoFactorTests
{
    private const string Email = "mei@alltkn.test";
    private const string Password = "amber lantern orchard tide";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_required_a_person_without_two_factor_sign_in_is_sent_to_set_it_up_and_then_gets_in()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        await using (var other = await app.ActingAsAsync(Email))
        {
            (await other.ServiceProvider.GetRequiredService<UserAdministration>().SetRequireTwoFactorAsync(true, Ct)).Code.Should().Be("forbidden");
        }
        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            (await admin.ServiceProvider.GetRequiredService<UserAdministration>().SetRequireTwoFactorAsync(true, Ct)).Succeeded.Should().BeTrue();
        }
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        using var page = await client.GetAsync("/onboardings", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Be(IdentitySetup.TwoFactorRequiredPath);
        using var account = await client.GetAsync(IdentitySetup.TwoFactorRequiredPath, Ct);
        IdentityTestApp.TextOf(await account.Content.ReadAsStringAsync(Ct)).Should().Contain("Your team requires two-factor sign-in.");

        using var started = await PostAsync(client, "start-two-factor", []);
        var key = SharedKey().Match(await started.Content.ReadAsStringAsync(Ct)).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        (await PostAsync(client, "enable-two-factor", new() { ["Enable.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) })).Dispose();

        (await client.GetAsync("/onboardings", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.RevisionsAsync()).Should().Contain(r => r.Kind == RevisionKind.UserChanged && r.Subject == "Two-factor sign-in for everyone" && r.After == "Required");
    }

    [Fact]
    public async Task Not_required_by_default()
    {
        await using var app = new IdentityTestApp();
        await using var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail);

        (await admin.ServiceProvider.GetRequiredService<UserAdministration>().RequireTwoFactorAsync(Ct)).Should().BeFalse();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formName, Dictionary<string, string> fields)
    {
        using var page = await client.GetAsync("/account", Ct);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = IdentityTestApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct)),
            ["_handler"] = formName,
        };
        return await client.PostAsync("/account", new FormUrlEncodedContent(form), Ct);
    }

    [GeneratedRegex("data-testid=\"shared-key\"[^>]*>([^<]+)<")]
    private static partial Regex SharedKey();
}
