using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>A person's own language and time zone on <c>/account</c>, over real HTTP: stored, applied, refused when wrong.</summary>
public sealed class AccountPreferencesTests
{
    private const string Email = "mei@alltkn.test";
    private const string Password = "amber lantern orchard tide";
    private const string ChineseHeading = "语言和时区";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saving_Chinese_stores_it_on_the_account_and_the_next_page_is_in_Chinese()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();

        using var saved = await SavePreferencesAsync(client, "zh-CN", "Asia/Shanghai");

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().Should().Be("http://localhost/account?saved=true");
        using var next = await client.GetAsync("/account?saved=true", Ct);
        var text = IdentityTestApp.TextOf(await next.Content.ReadAsStringAsync(Ct));
        text.Should().Contain(ChineseHeading).And.Contain("你的语言和时区已保存。");
        var user = await app.FindUserAsync(Email);
        user!.PreferredLanguage.Should().Be("zh-CN");
        user.TimeZoneId.Should().Be("Asia/Shanghai");
        (await app.RevisionsAsync()).Should().ContainSingle(r => r.Kind == RevisionKind.UserChanged && r.After == "Language: zh-CN; time zone: Asia/Shanghai")
            .Which.ActorId.Should().Be(user.Id, "the person changed it themselves");
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_saying_so_and_the_language_chosen_stays_chosen()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();

        using var refused = await SavePreferencesAsync(client, "zh-CN", "Mars/Olympus_Mons");

        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        var text = IdentityTestApp.TextOf(html);
        text.Should().Contain("“Mars/Olympus_Mons” is not a time zone this server knows.")
            .And.Contain("Nothing was saved");
        html.Should().MatchRegex("<option value=\"zh-CN\"[^>]*selected", "the language chosen is still chosen");
        var user = await app.FindUserAsync(Email);
        user!.PreferredLanguage.Should().BeNull("nothing is stored when one choice is wrong");
        user.TimeZoneId.Should().BeNull();
        refused.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).Should().NotContain(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_in_another_browser_brings_the_stored_language_with_it()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using (var first = app.CreateBrowserClient())
        {
            (await IdentityTestApp.SignInAsync(first, Email, Password)).Dispose();
            (await SavePreferencesAsync(first, "zh-CN", "")).Dispose();
        }
        using var other = app.CreateBrowserClient();
        using var before = await other.GetAsync("/account/login", Ct);
        IdentityTestApp.TextOf(await before.Content.ReadAsStringAsync(Ct)).Should().NotContain("登录", "a new browser starts in English");

        (await IdentityTestApp.SignInAsync(other, Email, Password)).Dispose();

        using var page = await other.GetAsync("/account", Ct);
        IdentityTestApp.TextOf(await page.Content.ReadAsStringAsync(Ct)).Should().Contain(ChineseHeading);
    }

    [Fact]
    public async Task The_app_bar_language_switch_also_changes_a_signed_in_persons_stored_language()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();
        (await SavePreferencesAsync(client, "zh-CN", "")).Dispose();

        using var switched = await client.GetAsync("/culture/set?culture=en&redirectUri=/account", Ct);

        switched.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.FindUserAsync(Email))!.PreferredLanguage.Should().Be("en");
        using var page = await client.GetAsync("/account", Ct);
        IdentityTestApp.TextOf(await page.Content.ReadAsStringAsync(Ct)).Should().Contain("Language and time zone");
    }

    [Fact]
    public async Task Following_the_browser_again_clears_the_stored_choices()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        using var client = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(client, Email, Password)).Dispose();
        (await SavePreferencesAsync(client, "zh-CN", "Europe/Berlin")).Dispose();

        (await SavePreferencesAsync(client, "", "")).Dispose();

        var user = await app.FindUserAsync(Email);
        user!.PreferredLanguage.Should().BeNull();
        user.TimeZoneId.Should().BeNull();
        using var page = await client.GetAsync("/account", Ct);
        IdentityTestApp.TextOf(await page.Content.ReadAsStringAsync(Ct)).Should().Contain("Language and time zone", "the browser (no language header: English) decides again");
    }

    [Fact]
    public async Task The_viewers_time_zone_is_the_one_stored_on_their_account_before_the_browsers()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(Email, Password, Role.Finance);
        await using (var saving = await app.ActingAsAsync(Email))
        {
            var principal = await IdentityTestApp.PrincipalOfAsync(saving.ServiceProvider, Email);
            (await saving.ServiceProvider.GetRequiredService<AccountPreferences>().SaveAsync(principal, null, "Asia/Shanghai", Ct))
                .Succeeded.Should().BeTrue();
        }
        await using var scope = await app.ActingAsAsync(Email);

        // Outside a circuit the browser cannot be asked at all: the answer can only come from the account.
        var zone = await scope.ServiceProvider.GetRequiredService<ViewerBrowser>().TimeZoneAsync();

        zone.Should().NotBeNull();
        zone!.Id.Should().Be("Asia/Shanghai");
    }

    private static async Task<HttpResponseMessage> SavePreferencesAsync(HttpClient client, string language, string timeZone)
    {
        using var page = await client.GetAsync("/account", Ct);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync(Ct);
        html.Should().Contain("value=\"preferences\"", "the page has the preferences form");
        var form = new Dictionary<string, string>
        {
            ["Preferences.Language"] = language,
            ["Preferences.TimeZone"] = timeZone,
            ["__RequestVerificationToken"] = IdentityTestApp.AntiforgeryToken(html),
            ["_handler"] = "preferences",
        };
        return await client.PostAsync("/account", new FormUrlEncodedContent(form), Ct);
    }
}
