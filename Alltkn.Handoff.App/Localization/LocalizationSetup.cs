using System.Globalization;
using Alltkn.Handoff.App.Identity;
using Microsoft.AspNetCore.Localization;

namespace Alltkn.Handoff.App.Localization;

/// <summary>Chinese (zh-CN) and English; the browser's language decides until the person chooses.</summary>
public static class LocalizationSetup
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("zh-CN")];

    /// <summary>The supported culture of that name ("zh-cn" finds zh-CN), null when it is not one.</summary>
    public static CultureInfo? Supported(string culture) =>
        SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));

    /// <summary>Remembers the language in the culture cookie (a year): every page after this one is in it.</summary>
    public static void RememberCulture(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    public static IServiceCollection AddHandoffLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        return services;
    }

    /// <summary>
    /// <c>GET /culture/set?culture=zh-CN&amp;redirectUri=/onboardings</c>: remembers the person's language in a
    /// cookie (a year), and on a signed-in person's account and goes back to the page. Only supported cultures are accepted; an address that is not on
    /// this site (<see cref="LocalAddress"/>) leads to the home page.
    /// </summary>
    public static IEndpointRouteBuilder MapHandoffLocalization(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/set", async (HttpContext context, AccountPreferences preferences, string? culture, string? redirectUri) =>
        {
            if (culture is not null && Supported(culture) is { } chosen)
            {
                RememberCulture(context.Response, chosen.Name);
                // A signed-in person's choice here is their stored language too (it follows them to another browser).
                await preferences.RememberLanguageAsync(context.User, chosen.Name, context.RequestAborted);
            }
            // A bad address (another site, a tab or backslash that a browser would turn into one) leads home.
            return Results.LocalRedirect(LocalAddress.OrHome(redirectUri));
        }).AllowAnonymous();
        return endpoints;
    }

    public static IApplicationBuilder UseHandoffLocalization(this IApplicationBuilder app) =>
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The person's own choice (a cookie) wins over the browser's Accept-Language.
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
}
