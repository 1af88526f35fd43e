using Alltkn.Handoff.App.Services.Exports;

namespace Alltkn.Handoff.App.Api;

/// <summary>The exports the pages offer (the two packages as Markdown or JSON, the checklist as CSV), with problem details for errors.</summary>
public static class ApiExportEndpoints
{
    public static RouteGroupBuilder MapApiExports(this RouteGroupBuilder api)
    {
        var exports = api.MapGroup("/onboardings/{id:guid}/exports");
        exports.MapExportRoutes("ApiExport", outcome => ApiProblems.From(outcome))
            .WithSummary("Export a handoff package or the checklist")
            .WithDescription("technical.md / business.md (Markdown in the Accept-Language's language, zh-CN or en), technical.json / "
                             + "business.json, checklist.csv (optionally ?package=technical or business): as the page's export menu offers them.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
