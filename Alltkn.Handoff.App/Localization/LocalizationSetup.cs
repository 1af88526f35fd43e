using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Alltkn.Handoff.App.Localization;

/// <summary>Chinese (zh-CN) and English; the browser's language decides until the person chooses.</summary>
public static class LocalizationSetup
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("zh-CN")];

    public static IServiceCollection AddHandoffLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        return services;
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
