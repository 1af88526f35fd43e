using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alltkn.Handoff.App.Api;

/// <summary>Checklist items: read one, change its status, evidence, assignee or due date as of its version.</summary>
public static class ItemEndpoints
{
    public static RouteGroupBuilder MapItems(this RouteGroupBuilder api)
    {
        api.MapGet("/onboardings/{id:guid}/items/{itemId:guid}", GetAsync).WithName("GetItem").Problems(404)
            .WithSummary("Get a checklist item")
            .WithDescription("The item with its owner, evidence and status. The ETag is its version.");
        api.MapPatch("/onboardings/{id:guid}/items/{itemId:guid}", UpdateAsync).WithName("UpdateItem").Problems(404, 409, 412, 422, 428).ChangesThings()
            .WithSummary("Change a checklist item")
            .WithDescription("Changes the parts given (status, evidence, reason, assignee, due date) under the same rules as the page: "
                             + "only the item's owner role or a team admin; evidence passes the secret guard (422 names the kind and position). "
                             + "Needs If-Match with the item's version (428 without it); a stale version changes nothing (412).");
        return api;
    }

    private static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Guid itemId, HttpContext http, OnboardingService onboardings, CancellationToken cancellationToken)
    {
        var read = await onboardings.ReadAsync(id, cancellationToken);
        if (!read.Succeeded)
        {
            return ApiProblems.From(read);
        }
        if (read.Value!.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return ApiProblems.NotFound("This onboarding has no such item.");
        }
        http.Response.Headers.ETag = EntityTags.Of(item.Version);
        return TypedResults.Ok(ItemResponse.From(read.Value, item));
    }

    private static async Task<Results<Ok<ItemResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid itemId, UpdateItemRequest request, HttpContext http, OnboardingService onboardings, CancellationToken cancellationToken)
    {
        var ifMatch = EntityTags.Read(http.Request);
        switch (ifMatch.Kind)
        {
            case IfMatchKind.Absent:
                return ApiProblems.PreconditionRequired("item");
            case IfMatchKind.Malformed:
                return ApiProblems.Invalid("If-Match", "Give the item's version as an entity tag, e.g. If-Match: \"3\".");
        }
        var read = await onboardings.ReadAsync(id, cancellationToken);
        if (!read.Succeeded)
        {
            return ApiProblems.From(read);
        }
        if (read.Value!.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return ApiProblems.NotFound("This onboarding has no such item.");
        }
        var expected = ifMatch.Kind == IfMatchKind.Any ? item.Version : ifMatch.Version;
        if (expected != item.Version)
        {
            return ApiProblems.StaleVersion("item", item.Version);
        }
        var changed = await onboardings.UpdateItemAsync(id, itemId, expected, request.Over(item), cancellationToken);
        if (!changed.Succeeded)
        {
            return ApiProblems.From(changed);
        }
        return await GetAsync(id, itemId, http, onboardings, cancellationToken) switch
        {
            { Result: Ok<ItemResponse> ok } => ok,
            { Result: ProblemHttpResult problem } => problem,
            _ => ApiProblems.NotFound("This onboarding has no such item."),
        };
    }
}
