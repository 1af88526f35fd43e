using System.Globalization;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;

namespace Alltkn.Handoff.App.Portal;

/// <summary>
/// <c>GET /portal/onboardings/{id}/export/{package}.md</c>: the customer's copy of their package (issue 11), for guests
/// only (the guest policy; the team's exports refuse guests). Markdown only — there is no customer CSV or JSON — in the
/// guest's language, decided and written by <see cref="GuestPortal.CustomerMarkdownAsync"/>; never cached.
/// </summary>
public static class GuestExports
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(GuestAccess.PortalPath + "/onboardings/{id:guid}/export/{package}.md",
                async (Guid id, string package, HttpContext http, GuestPortal portal) =>
                {
                    if (!ExportEndpoints.TryParsePackage(package, out var chosen))
                    {
                        return Results.Text($"There is no '{package}' package. Use technical or business.", "text/plain; charset=utf-8",
                            statusCode: StatusCodes.Status404NotFound);
                    }
                    RequestUser.Use(http);
                    var markdown = await portal.CustomerMarkdownAsync(id, chosen, CultureInfo.CurrentUICulture, http.RequestAborted);
                    http.Response.Headers.CacheControl = "no-store";
                    if (!markdown.Succeeded)
                    {
                        return Results.Text(markdown.Message, "text/plain; charset=utf-8", statusCode: markdown.Status == OutcomeStatus.NotFound
                            ? StatusCodes.Status404NotFound
                            : StatusCodes.Status403Forbidden);
                    }
                    return Results.File(HandoffPackageExporter.Utf8.GetBytes(markdown.Value!), ExportEndpoints.MarkdownType,
                        "customer-" + HandoffPackageExporter.FileName(id, chosen, "md"));
                })
            .RequireAuthorization(GuestAccess.GuestPolicy);
}
