using System.Net;
using System.Text.RegularExpressions;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The sign-in and first-run pages (one layout, <c>AccountLayout</c>) wear the workspace's theme, not MudBlazor's default purple (issue 14 point 10), through the theme's cached light style sheet.</summary>
public sealed partial class AccountLayoutThemeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sign_in_page_uses_the_workspace_primary_colour()
    {
        const string path = "/account/login";
        await using var app = new IdentityTestApp();
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var sheet = ThemeSheet().Match(await response.Content.ReadAsStringAsync(Ct));
        sheet.Success.Should().BeTrue("the layout links the workspace theme's style sheet");
        using var css = await client.GetAsync(WebUtility.HtmlDecode(sheet.Groups[1].Value), Ct);
        css.StatusCode.Should().Be(HttpStatusCode.OK);
        var primary = PrimaryColour().Match(await css.Content.ReadAsStringAsync(Ct));
        primary.Success.Should().BeTrue("the sheet holds the palette");
        primary.Groups[1].Value.Should().Be("rgba(47,93,138,1)", "the workspace's primary #2f5d8a, not MudBlazor's default #594ae2");
    }

    [GeneratedRegex(@"<link rel=""stylesheet"" href=""/?(theme/light\.css\?v=[^""]+)""")]
    private static partial Regex ThemeSheet();

    [GeneratedRegex(@"--mud-palette-primary:\s*([^;]+);")]
    private static partial Regex PrimaryColour();
}
