using System.Net;
using System.Text.RegularExpressions;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// A client like a browser without JavaScript: keeps its cookies, follows no redirects, and signs in through the real
/// sign-in form (its antiforgery token and form handler read from the login page). Reads nothing else of the markup.
/// </summary>
internal static partial class SignedInClient
{
    public const string LoginPath = "account/login";

    public static HttpClient Create(Uri address) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(5),
        };

    public static async Task<HttpClient> SignInAsync(Uri address, string email, string password)
    {
        var client = Create(address);
        using var page = await client.GetAsync(LoginPath);
        var html = await page.Content.ReadAsStringAsync();
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /{LoginPath} answered {(int)page.StatusCode}: cannot sign in as {email}.");
        }
        var form = new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Hidden(html, "__RequestVerificationToken"),
        };
        if (HiddenOrNull(html, "_handler") is { } handler)
        {
            form["_handler"] = handler;
        }
        using var posted = await client.PostAsync(LoginPath, new FormUrlEncodedContent(form));
        if (posted.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            || posted.Headers.Location?.OriginalString.Contains(LoginPath, StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new InvalidOperationException(
                $"Signing in as {email} failed (answer {(int)posted.StatusCode}{(posted.Headers.Location is { } to ? $" to {to}" : "")}): check --password and that the database was made by the generate command.");
        }
        return client;
    }

    private static string Hidden(string html, string name) =>
        HiddenOrNull(html, name) ?? throw new InvalidOperationException($"The login page carries no hidden field {name}.");

    private static string? HiddenOrNull(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*?value=\"([^\"]*)\"");
        if (!match.Success)
        {
            match = Regex.Match(html, $"value=\"([^\"]*)\"[^>]*?name=\"{Regex.Escape(name)}\"");
        }
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }
}
