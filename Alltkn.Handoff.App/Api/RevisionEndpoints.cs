using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Alltkn.Handoff.App.Api;

/// <summary>The revision log's filters and keyset page, as query parameters.</summary>
public sealed record RevisionParameters
{
    [FromQuery] public Guid? OnboardingId { get; init; }

    /// <summary>The person's user id.</summary>
    [FromQuery] public string? ActorId { get; init; }

    [FromQuery] public RevisionKind? Kind { get; init; }

    /// <summary>From this time (UTC, inclusive).</summary>
    [FromQuery] public DateTime? From { get; init; }

    /// <summary>Up to this time (UTC, exclusive).</summary>
    [FromQuery] public DateTime? To { get; init; }

    /// <summary>The <c>next</c> of the previous page: entries older than it.</summary>
    [FromQuery] public string? Before { get; init; }

    /// <summary>1 to 200 (50 when not given).</summary>
    [FromQuery] public int? Limit { get; init; }
}

/// <summary>The append-only revision log, newest first, a page at a time by keyset (never counted).</summary>
public static class RevisionEndpoints
{
    public const int MaxLimit = 200;

    public static RouteGroupBuilder MapRevisions(this RouteGroupBuilder api)
    {
        api.MapGet("/revisions", QueryAsync).WithName("QueryRevisions")
            .WithSummary("Query the revision log")
            .WithDescription("Entries by onboarding, person, kind and time, newest first. Pass the page's next as before for older entries.");
        return api;
    }

    private static async Task<Results<Ok<RevisionPageResponse>, ValidationProblem>> QueryAsync(
        [AsParameters] RevisionParameters parameters, RevisionLog log, CancellationToken cancellationToken)
    {
        var limit = parameters.Limit ?? 50;
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Give a limit from 1 to {MaxLimit}."];
        }
        var before = RevisionCursor.Parse(parameters.Before);
        if (parameters.Before is not null && before is null)
        {
            errors["before"] = ["Pass back the next value of a page as it was given."];
        }
        if (parameters.From is { } from && parameters.To is { } to && to <= from)
        {
            errors["to"] = ["Give a time after from."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var query = new RevisionQuery
        {
            OnboardingId = parameters.OnboardingId, ActorId = parameters.ActorId, Kind = parameters.Kind,
            FromUtc = parameters.From?.ToUniversalTime(), ToUtc = parameters.To?.ToUniversalTime(), PageSize = limit,
        };
        var page = await log.PageAsync(query, before, cancellationToken: cancellationToken);
        return TypedResults.Ok(new RevisionPageResponse(
            page.Items.Select(RevisionResponse.From).ToArray(), page.HasOlder ? page.Oldest?.ToString() : null));
    }
}
