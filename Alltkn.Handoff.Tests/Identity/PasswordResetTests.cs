using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>A team admin gives a person a temporary password, which the person must change before anything else.</summary>
public sealed class PasswordResetTests
{
    private const string Email = "mei@alltkn.test";
    private const string Password = "amber lantern orchard tide";
    private const string Temporary = "harbour violet engine moss";
    private const string Own = "silver comet under willow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_reset_the_old_sign_ins_end_and_the_temporary_password_leads_only_to_changing_it()
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        using var before = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(before, Email, Password)).Dispose();

        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            var reset = await admin.ServiceProvider.GetRequiredService<UserAdministration>().ResetPasswordAsync(id, Temporary, Ct);
            reset.Succeeded.Should().BeTrue(reset.Message);
        }

        (await before.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the sign-ins from before the reset end");
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).StatusCode.Should().Be(HttpStatusCode.OK, "the old password no longer works");
        (await IdentityTestApp.SignInAsync(client, Email, Temporary)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var home = await client.GetAsync("/onboardings", Ct);
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().Should().Be(IdentitySetup.MustChangePasswordPath);
        using var account = await client.GetAsync(IdentitySetup.MustChangePasswordPath, Ct);
        IdentityTestApp.TextOf(await account.Content.ReadAsStringAsync(Ct)).Should().Contain("A team admin gave you a temporary password.");

        using var changed = await IdentityTestApp.PostFormAsync(client, "/account", new Dictionary<string, string>
        {
            ["Password.Current"] = Temporary, ["Password.New"] = Own, ["Password.Confirm"] = Own,
        });

        changed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync("/onboardings", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "with a password of their own the workspace opens");
        (await app.FindUserAsync(Email))!.MustChangePassword.Should().BeFalse();
        (await app.RevisionsAsync()).Should().Contain(r => r.Kind == RevisionKind.UserChanged && r.Subject == Email && r.ActorName == "Ada Admin"
            && r.After == "Temporary password set by a team admin; to be changed at the next sign-in");
    }

    [Fact]
    public async Task Only_a_team_admin_resets_and_a_temporary_password_must_follow_the_rules()
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Finance);
        await app.CreateUserAsync("lin@alltkn.test", Password, Role.TechLead);

        await using (var other = await app.ActingAsAsync("lin@alltkn.test"))
        {
            (await other.ServiceProvider.GetRequiredService<UserAdministration>().ResetPasswordAsync(id, Temporary, Ct)).Code.Should().Be("forbidden");
        }
        await using var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var weak = await admin.ServiceProvider.GetRequiredService<UserAdministration>().ResetPasswordAsync(id, "password1234", Ct);

        weak.Succeeded.Should().BeFalse();
        weak.ProblemWith(AccountField.Password).Should().Contain("commonly used passwords");
        (await app.FindUserAsync(Email))!.MustChangePassword.Should().BeFalse("nothing changed");
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }
}
