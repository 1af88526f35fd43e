using System.Net;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.Tests.Identity;

namespace Alltkn.Handoff.Tests.Hosting;

/// <summary>
/// The workspace theme as two cached style sheets, linked by the pages instead of a <c>&lt;style&gt;</c> element that every
/// open page's circuit would keep: the sheets hold MudBlazor's theme variables for the workspace palettes, are served to
/// anyone (the sign-in page uses them), and are cached for good under a versioned address.
/// </summary>
public sealed partial class ThemeStylesheetsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_light_and_dark_sheets_hold_the_workspace_palettes_and_are_cached_under_a_versioned_address()
    {
        await using var app = new IdentityTestApp();
        using var anonymous = app.CreateBrowserClient();

        using var light = await anonymous.GetAsync("/" + ThemeStylesheets.LightUrl, Ct);
        using var dark = await anonymous.GetAsync("/" + ThemeStylesheets.DarkUrl, Ct);

        light.StatusCode.Should().Be(HttpStatusCode.OK);
        dark.StatusCode.Should().Be(HttpStatusCode.OK);
        light.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        light.Headers.CacheControl!.ToString().Should().Contain("immutable");
        ThemeStylesheets.LightUrl.Should().MatchRegex(@"\?v=[0-9a-f]{12}$");
        (await light.Content.ReadAsStringAsync(Ct)).Should().Contain("--mud-palette-appbar-background: rgba(36,64,95,1)")
            .And.NotContain("<style");
        (await dark.Content.ReadAsStringAsync(Ct)).Should().Contain("--mud-palette-appbar-background: rgba(26,35,48,1)")
            .And.Contain("--mud-native-html-color-scheme: dark");
    }

    [Fact]
    public async Task The_sign_in_page_and_the_workspace_link_the_sheets_and_write_no_style_element()
    {
        await using var app = new IdentityTestApp();
        using var anonymous = app.CreateBrowserClient();
        using var signedIn = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(signedIn, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).Dispose();

        var signIn = await anonymous.GetStringAsync("/account/login", Ct);
        var dashboard = await signedIn.GetStringAsync("/", Ct);

        signIn.Should().Contain(ThemeStylesheets.LightUrl).And.NotMatchRegex(StyleElement());
        dashboard.Should().Contain(ThemeStylesheets.LightUrl).And.Contain(ThemeStylesheets.DarkUrl).And.NotMatchRegex(StyleElement());
    }

    [GeneratedRegex("<style[\\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();
}
