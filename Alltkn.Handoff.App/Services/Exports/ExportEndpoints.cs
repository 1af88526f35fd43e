using System.Globalization;
using System.Security.Claims;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// Downloads of the handoff packages, for a signed-in person who may read the onboarding:
/// <list type="bullet">
/// <item><c>GET /onboardings/{id}/export/technical.md</c> (or <c>business.md</c>): Markdown in the person's language.</item>
/// <item><c>GET /onboardings/{id}/export/technical.json</c> (or <c>business.json</c>).</item>
/// <item><c>GET /onboardings/{id}/export/checklist.csv</c>, optionally <c>?package=technical</c> or <c>business</c>:
/// in the person's language, UTF-8 with a byte order mark, so that Excel opens Chinese text correctly.</item>
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
        var exports = endpoints.MapGroup("/onboardings/{id:guid}/export").RequireAuthorization().AddEndpointFilter(RefuseAccountsNotInGoodStanding);
        exports.MapExportRoutes("Export", PlainText);
        return endpoints;
    }

    /// <summary>
    /// The three downloads on a group of routes under an onboarding: for the pages' links (errors in plain text) and for
    /// the API (errors as problem details). The same load, permission check and writers serve both.
    /// </summary>
    public static RouteGroupBuilder MapExportRoutes(this RouteGroupBuilder exports, string namePrefix, Func<Outcome, IResult> failure)
    {
        exports.MapGet("/{package}.md", (Guid id, string package, HttpContext http, HandoffPackageExporter exporter) =>
                MarkdownAsync(id, package, http, exporter, failure))
            .WithName(namePrefix + "Markdown").Produces(StatusCodes.Status200OK, contentType: MarkdownType);
        exports.MapGet("/{package}.json", (Guid id, string package, HttpContext http, HandoffPackageExporter exporter) =>
                JsonAsync(id, package, http, exporter, failure))
            .WithName(namePrefix + "Json").Produces(StatusCodes.Status200OK, contentType: JsonType);
        exports.MapGet("/checklist.csv", (Guid id, string? package, HttpContext http, HandoffPackageExporter exporter) =>
                ChecklistAsync(id, package, http, exporter, failure))
            .WithName(namePrefix + "ChecklistCsv").Produces(StatusCodes.Status200OK, contentType: CsvType);
        return exports;
    }

    /// <summary>
    /// An account not in good standing (<see cref="AccountStanding"/>: a temporary password, or two-factor sign-in
    /// required and not set up) downloads nothing: 403 saying what to do first, as these links refuse what a person may not
    /// do (the pages lead such an account to <c>/account</c>). The API's exports are refused by the API's own check.
    /// </summary>
    private static async ValueTask<object?> RefuseAccountsNotInGoodStanding(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!Portal.GuestAccess.IsGuest(http.User) && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            if (await http.RequestServices.GetRequiredService<AccountStanding>().OfAsync(userId, http.RequestAborted) is { } issue)
            {
                return PlainText(Outcome.Forbidden(AccountStanding.WhatToDo(issue)));
            }
        }
        return await next(context);
    }

    private static IResult PlainText(Outcome failure) =>
        Results.Text(failure.Message, "text/plain; charset=utf-8", statusCode: failure.Status switch
        {
            OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
            OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        });

    /// <summary>The address of a package download, for links (<paramref name="extension"/>: md or json).</summary>
    public static string PackageUrl(Guid onboardingId, HandoffPackage package, string extension) =>
        $"/onboardings/{onboardingId}/export/{HandoffPackageExporter.Slug(package)}.{extension}";

    /// <summary>The address of the checklist CSV, of one package's items or of all.</summary>
    public static string ChecklistUrl(Guid onboardingId, HandoffPackage? package = null) =>
        package is { } p
            ? $"/onboardings/{onboardingId}/export/checklist.csv?package={HandoffPackageExporter.Slug(p)}"
            : $"/onboardings/{onboardingId}/export/checklist.csv";

    private static Task<IResult> MarkdownAsync(Guid id, string package, HttpContext http, HandoffPackageExporter exporter,
        Func<Outcome, IResult> failure) =>
        ExportAsync(id, package, http, exporter, failure, (onboarding, chosen) => Results.File(
            HandoffPackageExporter.Utf8.GetBytes(exporter.ToMarkdown(onboarding, chosen, CultureInfo.CurrentUICulture)),
            MarkdownType, HandoffPackageExporter.FileName(id, chosen, "md")));

    private static Task<IResult> JsonAsync(Guid id, string package, HttpContext http, HandoffPackageExporter exporter,
        Func<Outcome, IResult> failure) =>
        ExportAsync(id, package, http, exporter, failure, (onboarding, chosen) => Results.File(
            HandoffPackageExporter.Utf8.GetBytes(exporter.ToJson(onboarding, chosen)),
            JsonType, HandoffPackageExporter.FileName(id, chosen, "json")));

    private static Task<IResult> ChecklistAsync(Guid id, string? package, HttpContext http, HandoffPackageExporter exporter,
        Func<Outcome, IResult> failure) =>
        package is null
            ? ExportAsync(id, null, http, exporter, failure, (onboarding, _) => Csv(exporter, onboarding, null))
            : ExportAsync(id, package, http, exporter, failure, (onboarding, chosen) => Csv(exporter, onboarding, chosen));

    private static IResult Csv(HandoffPackageExporter exporter, Onboarding onboarding, HandoffPackage? package) =>
        Results.File(exporter.ChecklistCsv(onboarding, package, CultureInfo.CurrentUICulture), CsvType, HandoffPackageExporter.ChecklistFileName(onboarding.Id, package));

    private static async Task<IResult> ExportAsync(Guid id, string? package, HttpContext http, HandoffPackageExporter exporter,
        Func<Outcome, IResult> failure, Func<Onboarding, HandoffPackage, IResult> write)
    {
        var chosen = HandoffPackage.Technical;
        if (package is not null && !TryParsePackage(package, out chosen))
        {
            return failure(new Outcome
            {
                Status = OutcomeStatus.Refused, Code = "export.no-such-package",
                Message = $"There is no '{package}' package. Use technical or business.", Arguments = ["package"],
            });
        }
        RequestUser.Use(http);
        var loaded = await exporter.LoadAsync(id, http.RequestAborted);
        if (!loaded.Succeeded)
        {
            return failure(loaded);
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
}
