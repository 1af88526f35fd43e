using System.Globalization;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.AspNetCore.Components.Authorization;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// Downloads of the handoff packages, for a signed-in person who may read the onboarding:
/// <list type="bullet">
/// <item><c>GET /onboardings/{id}/export/technical.md</c> (or <c>business.md</c>): Markdown in the person's language.</item>
/// <item><c>GET /onboardings/{id}/export/technical.json</c> (or <c>business.json</c>).</item>
/// <item><c>GET /onboardings/{id}/export/checklist.csv</c>, optionally <c>?package=technical</c> or <c>business</c>:
/// UTF-8 with a byte order mark, so that Excel opens Chinese text correctly.</item>
/// </list>
/// Each answers with an attachment named for the package and the onboarding's reference, never stored in a cache.
/// </summary>
public static class ExportEndpoints
{
    public const string MarkdownType = "text/markdown; charset=utf-8";
    public const string JsonType = "application/json; charset=utf-8";
    public const string CsvType = "text/csv; charset=utf-8";

    public static IEndpointRouteBuilder MapHandoffExports(this IEndpointRouteBuilder endpoints)
    {
        var exports = endpoints.MapGroup("/onboardings/{id:guid}/export").RequireAuthorization();
        exports.MapGet("/{package}.md", MarkdownAsync).WithName("ExportMarkdown");
        exports.MapGet("/{package}.json", JsonAsync).WithName("ExportJson");
        exports.MapGet("/checklist.csv", ChecklistAsync).WithName("ExportChecklistCsv");
        return endpoints;
    }

    /// <summary>The address of a package download, for links (<paramref name="extension"/>: md or json).</summary>
    public static string PackageUrl(Guid onboardingId, HandoffPackage package, string extension) =>
        $"/onboardings/{onboardingId}/export/{HandoffPackageExporter.Slug(package)}.{extension}";

    /// <summary>The address of the checklist CSV, of one package's items or of all.</summary>
    public static string ChecklistUrl(Guid onboardingId, HandoffPackage? package = null) =>
        package is { } p
            ? $"/onboardings/{onboardingId}/export/checklist.csv?package={HandoffPackageExporter.Slug(p)}"
            : $"/onboardings/{onboardingId}/export/checklist.csv";

    private static Task<IResult> MarkdownAsync(Guid id, string package, HttpContext http, HandoffPackageExporter exporter) =>
        ExportAsync(id, package, http, exporter, (onboarding, chosen) => Results.File(
            HandoffPackageExporter.Utf8.GetBytes(exporter.ToMarkdown(onboarding, chosen, CultureInfo.CurrentUICulture)),
            MarkdownType, HandoffPackageExporter.FileName(id, chosen, "md")));

    private static Task<IResult> JsonAsync(Guid id, string package, HttpContext http, HandoffPackageExporter exporter) =>
        ExportAsync(id, package, http, exporter, (onboarding, chosen) => Results.File(
            HandoffPackageExporter.Utf8.GetBytes(exporter.ToJson(onboarding, chosen)),
            JsonType, HandoffPackageExporter.FileName(id, chosen, "json")));

    private static Task<IResult> ChecklistAsync(Guid id, string? package, HttpContext http, HandoffPackageExporter exporter) =>
        package is null
            ? ExportAsync(id, null, http, exporter, (onboarding, _) => Csv(exporter, onboarding, null))
            : ExportAsync(id, package, http, exporter, (onboarding, chosen) => Csv(exporter, onboarding, chosen));

    private static IResult Csv(HandoffPackageExporter exporter, Onboarding onboarding, HandoffPackage? package) =>
        Results.File(exporter.ChecklistCsv(onboarding, package), CsvType, HandoffPackageExporter.ChecklistFileName(onboarding.Id, package));

    private static async Task<IResult> ExportAsync(Guid id, string? package, HttpContext http, HandoffPackageExporter exporter,
        Func<Onboarding, HandoffPackage, IResult> write)
    {
        var chosen = HandoffPackage.Technical;
        if (package is not null && !TryParsePackage(package, out chosen))
        {
            return Results.Text($"There is no '{package}' package. Use technical or business.", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status400BadRequest);
        }
        UseRequestUser(http);
        var loaded = await exporter.LoadAsync(id, http.RequestAborted);
        if (!loaded.Succeeded)
        {
            var status = loaded.Status switch
            {
                OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
                OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status400BadRequest,
            };
            return Results.Text(loaded.Message, "text/plain; charset=utf-8", statusCode: status);
        }
        http.Response.Headers.CacheControl = "no-store";
        return write(loaded.Value!, chosen);
    }

    /// <summary>Accepts a package by name only (technical, business; any case), never by number.</summary>
    internal static bool TryParsePackage(string value, out HandoffPackage package)
    {
        foreach (var candidate in Enum.GetValues<HandoffPackage>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                package = candidate;
                return true;
            }
        }
        package = default;
        return false;
    }

    /// <summary>
    /// The signed-in person (<see cref="ICurrentActor"/>) is read from the authentication state, which Blazor sets
    /// for its pages but nothing sets for a plain endpoint: hand it this request's user.
    /// </summary>
    private static void UseRequestUser(HttpContext http)
    {
        if (http.RequestServices.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        }
    }
}
