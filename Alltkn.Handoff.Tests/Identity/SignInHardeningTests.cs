using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// What an attacker at the sign-in form meets: a client is throttled before it can lock an account, a team admin
/// unlocks a locked account, a disabled account does not reveal itself to a wrong password, and tries with unknown
/// addresses do not fill the revision log.
/// </summary>
public sealed class SignInHardeningTests
{
    private const string Email = "lin@alltkn.test";
    private const string Password = "copper kettle river song";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_with_four_failed_sign_ins_waits_before_it_can_lock_the_account()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.TechLead);
        using var attacker = app.CreateBrowserClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await IdentityTestApp.SignInAsync(attacker, Email, $"wrong password number {attempt}")).Dispose();
        }

        using var fifth = await IdentityTestApp.SignInAsync(attacker, Email, "wrong password number 5");
        using var withTheRightPassword = await IdentityTestApp.SignInAsync(attacker, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword);

        var text = IdentityTestApp.TextOf(await fifth.Content.ReadAsStringAsync(Ct));
        text.Should().Contain("Too many failed sign-ins from this network. Wait 5 minutes and try again");
        (await fifth.Content.ReadAsStringAsync(Ct)).Should().Contain($"value=\"{Email}\"", "the e-mail typed stays in the form");
        withTheRightPassword.StatusCode.Should().Be(HttpStatusCode.OK, "the throttled client is refused before any password is checked");
        var user = await app.FindUserAsync(Email);
        user!.LockoutEnd.Should().BeNull("the throttle stopped the client before the fifth failure that locks the account");
        user.AccessFailedCount.Should().Be(4);
    }

    [Fact]
    public async Task A_throttled_client_may_try_again_after_the_refill_time()
    {
        await using var app = new IdentityTestApp(settings: new Dictionary<string, string?>
        {
            ["Handoff:Identity:FailedSignInsPerClient"] = "1",
            ["Handoff:Identity:FailedSignInRefill"] = "00:00:05",
        });
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, "not the password at all")).Dispose();
        using var throttled = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword);
        throttled.StatusCode.Should().Be(HttpStatusCode.OK);

        await Task.Delay(TimeSpan.FromSeconds(6), Ct);
        using var later = await IdentityTestApp.SignInAsync(client, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword);

        later.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_team_admin_unlocks_a_locked_account_and_the_person_signs_in_at_once()
    {
        await using var app = new IdentityTestApp(settings: SignInTests.LenientThrottle);
        var id = await app.CreateUserAsync(Email, Password, Role.TechLead);
        await app.CreateUserAsync("mei@alltkn.test", Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await IdentityTestApp.SignInAsync(client, Email, $"wrong password number {attempt}")).Dispose();
        }
        (await app.FindUserAsync(Email))!.LockoutEnd.Should().BeAfter(DateTimeOffset.UtcNow);

        await using (var notAdmin = await app.ActingAsAsync("mei@alltkn.test"))
        {
            (await notAdmin.ServiceProvider.GetRequiredService<UserAdministration>().UnlockAsync(id, Ct)).Code.Should().Be("forbidden");
        }
        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            var administration = admin.ServiceProvider.GetRequiredService<UserAdministration>();
            (await administration.ListAsync(cancellationToken: Ct)).Value!.Items.Single(u => u.Id == id).LockedOutUntil.Should().NotBeNull();
            (await administration.UnlockAsync(id, Ct)).Succeeded.Should().BeTrue();
            (await administration.ListAsync(cancellationToken: Ct)).Value!.Items.Single(u => u.Id == id).LockedOutUntil.Should().BeNull();
        }

        using var signIn = await IdentityTestApp.SignInAsync(client, Email, Password);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.RevisionsAsync()).Should().Contain(r => r.Kind == RevisionKind.UserChanged && r.Subject == Email
            && r.Before != null && r.Before.StartsWith("Locked until") && r.After == "Unlocked" && r.ActorName == "Ada Admin");
    }

    [Fact]
    public async Task A_disabled_account_answers_a_wrong_password_like_any_other_account()
    {
        await using var app = new IdentityTestApp();
        var id = await app.CreateUserAsync(Email, Password, Role.Viewer);
        await IdentityTestApp.DisableAsync(app.Services, id);
        using var client = app.CreateBrowserClient();

        using var wrong = await IdentityTestApp.SignInAsync(client, Email, "a wrong password guess");
        using var unknown = await IdentityTestApp.SignInAsync(client, "nobody@alltkn.test", "a wrong password guess");

        var wrongText = IdentityTestApp.TextOf(await wrong.Content.ReadAsStringAsync(Ct));
        wrongText.Should().Contain("The e-mail or password is not right.").And.NotContain("This account is disabled");
        Message(wrongText).Should().Be(Message(IdentityTestApp.TextOf(await unknown.Content.ReadAsStringAsync(Ct))));
    }

    [Fact]
    public async Task Failed_sign_ins_with_unknown_addresses_write_no_revision_rows()
    {
        await using var app = new IdentityTestApp(settings: SignInTests.LenientThrottle);
        var before = (await app.RevisionsAsync()).Count;
        using var client = app.CreateBrowserClient();

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            using var response = await IdentityTestApp.SignInAsync(client, $"stranger{attempt}@example.test", "some password here");
            IdentityTestApp.TextOf(await response.Content.ReadAsStringAsync(Ct)).Should().Contain("The e-mail or password is not right.");
        }

        (await app.RevisionsAsync()).Should().HaveCount(before);
    }

    private static string Message(string text)
    {
        var start = text.IndexOf("The e-mail or password", StringComparison.Ordinal);
        return text[start..text.IndexOf('.', start)];
    }
}
