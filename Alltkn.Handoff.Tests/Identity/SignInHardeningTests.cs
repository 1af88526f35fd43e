using System.Net;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// What an attacker at the sign-in form meets: a client is throttled before it can lock an account, a team admin
/// unlocks a locked account, a disabled account does not reveal itself to a wrong password, and tries with unknown
/// addresses do not fill the revision log, and the answers do not tell an address with an account from one without.
/// </summary>
public sealed partial class SignInHardeningTests
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

    [Fact]
    public async Task An_address_without_an_account_gets_the_same_answers_as_an_account_lockout_included()
    {
        await using var app = new IdentityTestApp(settings: SignInTests.LenientThrottle);
        await app.CreateUserAsync(Email, Password, Role.TechLead);
        const string nobody = "nobody@alltkn.test";
        using var client = app.CreateBrowserClient();

        var known = await AnswersAsync(client, Tries(Email, Password));
        var revisions = (await app.RevisionsAsync()).Count;
        var unknown = await AnswersAsync(client, Tries(nobody, "copper kettle river song"));

        // The lockout message names its length ("5 minutes"), not a clock time, so the answers compare as they are.
        known.Should().Equal(
            Enumerable.Repeat("The e-mail or password is not right. After 5 failed tries in a row the account is locked for 5 minutes.", 4)
                .Concat(Enumerable.Repeat("Too many failed tries: this account is locked for 5 minutes. Try again later, or ask a team admin.", 3)),
            "the fifth failure locks the account, and while it is locked even the right password (the sixth try) is refused");
        unknown.Should().Equal(known, "an outsider must not learn from the answers which addresses have an account");
        (await app.RevisionsAsync()).Should().HaveCount(revisions, "an address without an account writes nothing to the revision log");
        (await app.FindUserAsync(nobody)).Should().BeNull();
    }

    [Fact]
    public async Task A_disabled_account_is_locked_by_wrong_passwords_like_any_other_account()
    {
        await using var app = new IdentityTestApp(settings: SignInTests.LenientThrottle);
        await app.CreateUserAsync(Email, Password, Role.TechLead);
        const string disabledEmail = "zhao@alltkn.test";
        const string disabledPassword = "violet harbour engine moss";
        await IdentityTestApp.DisableAsync(app.Services, await app.CreateUserAsync(disabledEmail, disabledPassword, Role.Viewer));
        using var client = app.CreateBrowserClient();

        var enabled = await AnswersAsync(client, Tries(Email, Password));
        var disabled = await AnswersAsync(client, Tries(disabledEmail, disabledPassword));
        var unknown = await AnswersAsync(client, Tries("nobody@alltkn.test", disabledPassword));

        disabled.Should().Equal(enabled, "a disabled account must not stand out from the others (nor say so before the right password)");
        unknown.Should().Equal(enabled);
        (await app.RevisionsAsync()).Should().Contain(r => r.Kind == RevisionKind.LockedOut && r.Subject == disabledEmail
            && r.Reason!.StartsWith("Locked until"), "the lockout of a disabled account is recorded as any account's");
    }

    /// <summary>
    /// Five wrong passwords (every second one with the address in capitals, which names the same account), then
    /// <paramref name="sixthPassword"/>, then a seventh wrong one.
    /// </summary>
    private static IEnumerable<(string Email, string Password)> Tries(string email, string sixthPassword) =>
        Enumerable.Range(1, 5).Select(i => (i % 2 == 0 ? email.ToUpperInvariant() : email, $"wrong password number {i}"))
            .Append((email, sixthPassword))
            .Append((email, "wrong password number 7"));

    /// <summary>The sign-in form's message after each try, in order.</summary>
    private static async Task<List<string>> AnswersAsync(HttpClient client, IEnumerable<(string Email, string Password)> tries)
    {
        var answers = new List<string>();
        foreach (var (email, password) in tries)
        {
            using var response = await IdentityTestApp.SignInAsync(client, email, password);
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"{email} is not signed in");
            var match = AlertMessage().Match(await response.Content.ReadAsStringAsync(Ct));
            match.Success.Should().BeTrue("the sign-in form shows a message");
            answers.Add(IdentityTestApp.TextOf(match.Groups[1].Value).Trim());
        }
        return answers;
    }

    [GeneratedRegex("class=\"mud-alert-message[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex AlertMessage();

    private static string Message(string text)
    {
        var start = text.IndexOf("The e-mail or password", StringComparison.Ordinal);
        return text[start..text.IndexOf('.', start)];
    }
}
