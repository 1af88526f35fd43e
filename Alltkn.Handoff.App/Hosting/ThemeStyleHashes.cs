using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Alltkn.Handoff.App.Hosting;

/// <summary>
/// The CSP hashes (<c>sha256-…</c>) of the <c>&lt;style&gt;</c> elements MudBlazor's theme provider writes: the
/// workspace theme light and dark (<see cref="HandoffTheme"/>), the only theme any page uses (the workspace, the
/// sign-in pages and the customer's portal alike); MudBlazor's default theme is not allowed.
/// Computed once, by rendering the theme provider as the pages do, so they follow any change to the themes or to
/// MudBlazor without a hash to update by hand.
/// </summary>
public sealed partial class ThemeStyleHashes(IServiceProvider services)
{
    private readonly Lazy<Task<IReadOnlyList<string>>> _hashes = new(() => ComputeAsync(services));

    public Task<IReadOnlyList<string>> GetAsync() => _hashes.Value;

    private static async Task<IReadOnlyList<string>> ComputeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var loggers = scope.ServiceProvider.GetRequiredService<ILoggerFactory>();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var hashes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dark in new[] { false, true })
        {
            var parameters = new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
                [nameof(MudThemeProvider.Theme)] = HandoffTheme.Create(),
            };
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(parameters))).ToHtmlString());
            foreach (Match style in StyleElement().Matches(html))
            {
                // The browser hashes the element's text as parsed, where line breaks are normalized to \n.
                var text = style.Groups[1].Value.Replace("\r\n", "\n", StringComparison.Ordinal);
                hashes.Add("sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
            }
        }
        return [.. hashes];
    }

    [GeneratedRegex("<style[^>]*>(.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();
}
