using System.Net;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// Two-factor sign-in over real HTTP: set up on <c>/account</c> with a code computed from the shown key (RFC 6238),
/// ten recovery codes shown once, then signing in asks for a code after the password, and a recovery code works once.
/// </summary>
public sealed partial class TwoFactorTests
{
    private const string Email = "mei@alltkn.test";
    private const string Password = "amber lantern orchard tide";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (eight digits); the last six are the six-digit code.</summary>
    [Fact]
    public void The_test_authenticator_matches_the_RFC_6238_test_vector() =>
        Totp.Code(ToBase32("12345678901234567890"u8.ToArray()), DateTimeOffset.FromUnixTimeSeconds(59)).Should().Be("287082");

    [Fact]
    public async Task A_person_turns_on_two_factor_sign_in_and_then_needs_a_code_or_a_recovery_code_after_the_password()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();

        var key = await StartAsync(client);
        using var wrong = await PostAsync(client, "enable-two-factor", new() { ["Enable.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) == "000000" ? "111111" : "000000" });
        IdentityTestApp.TextOf(await wrong.Content.ReadAsStringAsync(Ct)).Should().Contain("The code does not match.");
        (await app.FindUserAsync(Email))!.TwoFactorEnabled.Should().BeFalse();

        using var enabled = await PostAsync(client, "enable-two-factor", new() { ["Enable.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var enabledHtml = await enabled.Content.ReadAsStringAsync(Ct);
        var recoveryCodes = RecoveryCodes(enabledHtml);
        recoveryCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        (await app.FindUserAsync(Email))!.TwoFactorEnabled.Should().BeTrue();
        using (var again = await client.GetAsync("/account", Ct))
        {
            again.StatusCode.Should().Be(HttpStatusCode.OK, "this browser got a new cookie");
            var html = await again.Content.ReadAsStringAsync(Ct);
            html.Should().NotContain(recoveryCodes[0], "recovery codes are shown once");
            IdentityTestApp.TextOf(html).Should().Contain("Recovery codes left: 10.");
        }

        // Signing in again: the password leads to the code step, not into the workspace.
        using var other = app.CreateBrowserClient();
        using var password = await IdentityTestApp.SignInAsync(other, Email, Password);
        password.StatusCode.Should().Be(HttpStatusCode.Redirect);
        password.Headers.Location!.ToString().Should().Be("http://localhost/account/login-two-factor?returnUrl=%2F");
        (await other.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "the password alone does not sign in");
        using var badCode = await TwoFactorStepAsync(other, Totp.Code(key, DateTimeOffset.UtcNow) == "123456" ? "654321" : "123456");
        IdentityTestApp.TextOf(await badCode.Content.ReadAsStringAsync(Ct)).Should().Contain("The code is not right.");
        using var signedIn = await TwoFactorStepAsync(other, Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signedIn.Headers.Location!.ToString().Should().Be("http://localhost/");
        (await other.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A recovery code signs in once.
        using var third = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(third, Email, Password)).Dispose();
        (await TwoFactorStepAsync(third, recoveryCodes[3])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var fourth = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(fourth, Email, Password)).Dispose();
        (await TwoFactorStepAsync(fourth, recoveryCodes[3])).StatusCode.Should().Be(HttpStatusCode.OK, "a used recovery code does not work again");

        (await app.RevisionsAsync()).Should().Contain(r => r.Kind == RevisionKind.UserChanged && r.After == "Two-factor sign-in on")
            .And.Contain(r => r.Kind == RevisionKind.SignedIn && r.Reason != null && r.Reason.StartsWith("With a recovery code"));
    }

    [Fact]
    public async Task The_code_step_without_a_password_first_says_to_sign_in_again()
    {
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await TwoFactorStepAsync(client, "123456");

        IdentityTestApp.TextOf(await response.Content.ReadAsStringAsync(Ct)).Should().Contain("This sign-in step has expired.");
        (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    private static async Task<string> StartAsync(HttpClient client)
    {
        using var started = await PostAsync(client, "start-two-factor", []);
        started.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await started.Content.ReadAsStringAsync(Ct);
        html.Should().Contain("data:image/png;base64,", "the QR code is drawn");
        return SharedKey().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> TwoFactorStepAsync(HttpClient client, string code) =>
        IdentityTestApp.PostFormAsync(client, $"{IdentitySetup.TwoFactorPath}?returnUrl=%2F", new Dictionary<string, string> { ["Input.Code"] = code });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formName, Dictionary<string, string> fields)
    {
        using var page = await client.GetAsync("/account", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = IdentityTestApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct)),
            ["_handler"] = formName,
        };
        return await client.PostAsync("/account", new FormUrlEncodedContent(form), Ct);
    }

    private static List<string> RecoveryCodes(string html)
    {
        var block = RecoveryBlock().Match(html);
        block.Success.Should().BeTrue("the recovery codes are shown after turning two-factor sign-in on");
        return [.. CodeElement().Matches(block.Value).Select(m => m.Groups[1].Value)];
    }

    private static string ToBase32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(alphabet[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0)
        {
            text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }

    [GeneratedRegex("data-testid=\"shared-key\"[^>]*>([^<]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("data-testid=\"recovery-codes\".*?</div>\\s*</div>", RegexOptions.Singleline)]
    private static partial Regex RecoveryBlock();

    [GeneratedRegex("<code>([^<]+)</code>")]
    private static partial Regex CodeElement();
}
