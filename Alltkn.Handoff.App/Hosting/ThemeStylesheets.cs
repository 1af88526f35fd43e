using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Alltkn.Handoff.App.Hosting;

/// <summary>
/// The workspace theme (<see cref="HandoffTheme"/>), light and dark, as MudBlazor's theme provider writes it, rendered
/// once per process and served as two cached style sheets (<see cref="LightUrl"/>, <see cref="DarkUrl"/>), which the
/// layouts link to instead of each open page holding its own copy of the theme's <c>&lt;style&gt;</c> text (which the
/// Content-Security-Policy would refuse: <see cref="SecurityHeaders"/> allows the site's own sheets only).
/// </summary>
public sealed partial class ThemeStylesheets(IServiceProvider services)
{
    /// <summary>
    /// Changes with every build of the app (where the theme is) and with MudBlazor's version (which writes it), so the
    /// sheets can be cached for good by the browser: a new version is a new address.
    /// </summary>
    private static readonly string Version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        typeof(HandoffTheme).Assembly.ManifestModule.ModuleVersionId.ToString("N")
        + typeof(MudThemeProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion)))[..12];

    public const string Path = "/theme/{mode:regex(^(light|dark)$)}.css";

    public static readonly string LightUrl = $"theme/light.css?v={Version}";

    public static readonly string DarkUrl = $"theme/dark.css?v={Version}";

    private readonly Lazy<Task<Rendered>> _rendered = new(() => RenderAsync(services));

    private sealed record Rendered(string Light, string Dark);

    /// <summary>The style sheet of the light (<paramref name="dark"/> false) or dark theme.</summary>
    public async Task<string> CssAsync(bool dark)
    {
        var rendered = await _rendered.Value;
        return dark ? rendered.Dark : rendered.Light;
    }

    /// <summary>Starts rendering in the background (the first request then finds it done, or nearly).</summary>
    public void Warm() => _ = _rendered.Value;

    private static async Task<Rendered> RenderAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var loggers = scope.ServiceProvider.GetRequiredService<ILoggerFactory>();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var sheets = new string[2];
        foreach (var dark in new[] { false, true })
        {
            var parameters = new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
                [nameof(MudThemeProvider.Theme)] = HandoffTheme.Create(),
            };
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(parameters))).ToHtmlString());
            var sheet = new StringBuilder();
            foreach (Match style in StyleElement().Matches(html))
            {
                sheet.Append(style.Groups[1].Value.Replace("\r\n", "\n", StringComparison.Ordinal)).Append('\n');
            }
            sheets[dark ? 1 : 0] = sheet.ToString();
        }
        return new Rendered(sheets[0], sheets[1]);
    }

    [GeneratedRegex("<style[^>]*>(.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();
}

public static class ThemeStylesheetsSetup
{
    public static IServiceCollection AddHandoffThemeStylesheets(this IServiceCollection services) =>
        services.AddSingleton<ThemeStylesheets>();

    /// <summary>
    /// <c>GET /theme/light.css</c> and <c>/theme/dark.css</c>, for everyone (the sign-in page uses them): cached for a year,
    /// as their addresses carry the version (<see cref="ThemeStylesheets.LightUrl"/>); the same for everyone, so the sign-in
    /// cookie's check reads nobody for them (<see cref="Identity.SameForEveryone"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapHandoffThemeStylesheets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ThemeStylesheets.Path, async (string mode, ThemeStylesheets sheets, HttpContext context) =>
        {
            var css = await sheets.CssAsync(mode == "dark");
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Text(css, "text/css", Encoding.UTF8);
        }).AllowAnonymous().WithMetadata(Identity.SameForEveryone.Instance).ExcludeFromDescription();
        return endpoints;
    }
}
