using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Alltkn.Handoff.App.Api;

/// <summary>The list page's filters and sort, as query parameters.</summary>
public sealed record OnboardingListParameters
{
    /// <summary>Customer or procurement entity contains this.</summary>
    [FromQuery] public string? Search { get; init; }

    [FromQuery] public Stage? Stage { get; init; }

    [FromQuery] public Scenario? Scenario { get; init; }

    /// <summary>Only onboardings with an open required item owned by this role.</summary>
    [FromQuery] public Role? Owner { get; init; }

    [FromQuery] public bool? OverdueOnly { get; init; }

    [FromQuery] public bool? BlockedOnly { get; init; }

    [FromQuery] public HealthLevel? Health { get; init; }

    [FromQuery] public OnboardingSort? Sort { get; init; }

    [FromQuery] public bool? Descending { get; init; }

    /// <summary>From 0 to 2147483647 / pageSize (21474836 for 100).</summary>
    [FromQuery] public int? Page { get; init; }

    /// <summary>1 to 100 (20 when not given).</summary>
    [FromQuery] public int? PageSize { get; init; }
}

/// <summary>Onboardings: list, read, open, change fields, go-live window and support matrix.</summary>
public static class OnboardingEndpoints
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapOnboardings(this RouteGroupBuilder api)
    {
        api.MapGet("/onboardings", ListAsync).WithName("ListOnboardings")
            .WithSummary("List onboardings")
            .WithDescription("A page of onboardings with the list page's search, filters and sort, on the server.");
        api.MapGet("/onboardings/{id:guid}", GetAsync).WithName("GetOnboarding").Problems(404)
            .WithSummary("Get an onboarding")
            .WithDescription("The onboarding with its checklist items, go-live window, support matrix and health. The ETag is its version.");
        api.MapPost("/onboardings", CreateAsync).WithName("CreateOnboarding").Problems(409, 422).ChangesThings()
            .WithSummary("Open an onboarding")
            .WithDescription("Opens an onboarding (team admins). Send an Idempotency-Key header so that a retry never opens a second one: "
                             + "the same key and request answer 200 with the onboarding the first request opened.");
        api.MapPatch("/onboardings/{id:guid}", UpdateAsync).WithName("UpdateOnboarding").Problems(404, 409, 412, 422).ChangesThings()
            .WithSummary("Change an onboarding's fields")
            .WithDescription("Changes the fields given (others keep their values), as the page does: fields of a package only by that package's "
                             + "owners. With If-Match, nothing is saved when the onboarding changed since that version (412).");
        api.MapPut("/onboardings/{id:guid}/go-live-window", SetWindowAsync).WithName("SetGoLiveWindow").Problems(404, 409, 412).ChangesThings()
            .WithSummary("Set or clear the go-live window")
            .WithDescription("Start and end in the wall-clock time of the time zone; both null clear the window. "
                             + "With If-Match, nothing is saved when the onboarding changed since that version (412).");
        api.MapPut("/onboardings/{id:guid}/support-matrix/{responsibility}", AssignSupportAsync).WithName("AssignSupport").Problems(404, 409, 412, 422).ChangesThings()
            .WithSummary("Name the person for a support responsibility")
            .WithDescription("A blank or null name removes the name. "
                             + "With If-Match, nothing is saved when the onboarding changed since that version (412).");
        return api;
    }

    private static async Task<Results<Ok<PageResponse<OnboardingListItem>>, ValidationProblem>> ListAsync(
        [AsParameters] OnboardingListParameters parameters, OnboardingQueries queries, CancellationToken cancellationToken)
    {
        var pageSize = parameters.PageSize ?? 20;
        var page = parameters.Page ?? 0;
        var errors = new Dictionary<string, string[]>();
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Give a page size from 1 to {MaxPageSize}."];
        }
        if (page < 0)
        {
            errors["page"] = ["Pages are numbered from 0."];
        }
        else if (pageSize is >= 1 and <= MaxPageSize && page > OnboardingListQuery.LargestPage(pageSize))
        {
            errors["page"] = [$"Pages are numbered from 0 to {OnboardingListQuery.LargestPage(pageSize)} for a page size of {pageSize}."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var query = new OnboardingListQuery
        {
            Search = parameters.Search, Stage = parameters.Stage, Scenario = parameters.Scenario, Owner = parameters.Owner,
            OverdueOnly = parameters.OverdueOnly ?? false, BlockedOnly = parameters.BlockedOnly ?? false, Health = parameters.Health,
            Sort = parameters.Sort ?? OnboardingSort.Created, Descending = parameters.Descending ?? true, Page = page, PageSize = pageSize,
        };
        var found = await queries.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new PageResponse<OnboardingListItem>(
            found.Items.Select(OnboardingListItem.From).ToArray(), found.Total, found.TotalCapped, page, pageSize));
    }

    private static async Task<Results<Ok<OnboardingResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, OnboardingService onboardings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var read = await onboardings.ReadAsync(id, cancellationToken);
        if (!read.Succeeded)
        {
            return ApiProblems.From(read);
        }
        http.Response.Headers.ETag = EntityTags.Of(read.Value!.Version);
        return TypedResults.Ok(OnboardingResponse.From(read.Value, Today(clock)));
    }

    private static async Task<Results<Created<OnboardingResponse>, Ok<OnboardingResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateOnboardingRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http,
        OnboardingService onboardings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Scenario is null)
        {
            errors["scenario"] = [$"Give the scenario: one of {string.Join(", ", Enum.GetNames<Scenario>())}."];
        }
        if (string.IsNullOrWhiteSpace(request.Fields?.Customer))
        {
            errors["fields.customer"] = ["Give the customer's name."];
        }
        if (string.IsNullOrWhiteSpace(request.Fields?.ProcurementEntity))
        {
            errors["fields.procurementEntity"] = ["Give the procurement entity (the legal entity that buys)."];
        }
        if (idempotencyKey is { } given && (given.Length is 0 or > IdempotencyKey.MaxLength || given.Any(char.IsControl)))
        {
            errors["Idempotency-Key"] = [$"Give a key of 1 to {IdempotencyKey.MaxLength} printable characters, e.g. a UUID."];
        }
        else if (SensitiveDataGuard.ContainsSecrets(idempotencyKey))
        {
            // The key is stored: a secret pasted into it would be kept like any field's.
            errors["Idempotency-Key"] = ["This key holds a secret (an API key or a token); use a random UUID instead."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var key = idempotencyKey is null ? null : new CreateRequestKey(idempotencyKey, Fingerprint(request));
        var opened = await onboardings.CreateAsync(request.Scenario!.Value, request.Fields!.ToNew(), key, cancellationToken);
        if (!opened.Succeeded)
        {
            return ApiProblems.From(opened);
        }
        var read = await onboardings.ReadAsync(opened.Value, cancellationToken);
        if (!read.Succeeded)
        {
            return ApiProblems.From(read);
        }
        var body = OnboardingResponse.From(read.Value!, Today(clock));
        http.Response.Headers.ETag = EntityTags.Of(read.Value!.Version);
        if (opened.Code == OnboardingService.ReplayedCode)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(body);
        }
        return TypedResults.Created($"{ApiSetup.Prefix}/onboardings/{opened.Value}", body);
    }

    private static async Task<Results<Ok<OnboardingResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, OnboardingFields fields, HttpContext http, OnboardingService onboardings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (stored, invalid, problem) = await StoredAsOfIfMatchAsync(id, http, onboardings, cancellationToken);
        if (stored is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        var changed = await onboardings.UpdateDetailsAsync(id, stored.Details, fields.Over(stored.Details), cancellationToken);
        return changed.Succeeded ? await ReadBackAsync(id, http, onboardings, clock, cancellationToken) : ApiProblems.From(changed);
    }

    /// <summary>
    /// The onboarding as stored, to change as of it: with If-Match (optional, as on the pages' forms), only when that is its
    /// version (the ETag of its GET): a stale version is 412 and a tag that is not a version 400. The change is then saved
    /// as one from what was read here, so that a change by someone else meanwhile is a conflict too (412), never overwritten.
    /// </summary>
    private static async Task<(Onboarding? Stored, ValidationProblem? Invalid, ProblemHttpResult? Problem)> StoredAsOfIfMatchAsync(
        Guid id, HttpContext http, OnboardingService onboardings, CancellationToken cancellationToken)
    {
        var ifMatch = EntityTags.Read(http.Request);
        if (ifMatch.Kind == IfMatchKind.Malformed)
        {
            return (null, ApiProblems.Invalid("If-Match", "Give the version as an entity tag, e.g. If-Match: \"7\"."), null);
        }
        var read = await onboardings.ReadAsync(id, cancellationToken);
        if (!read.Succeeded)
        {
            return (null, null, ApiProblems.From(read));
        }
        var stored = read.Value!;
        return ifMatch.Kind == IfMatchKind.Version && ifMatch.Version != stored.Version
            ? (null, null, ApiProblems.StaleVersion("onboarding", stored.Version))
            : (stored, null, null);
    }

    private static async Task<Results<Ok<OnboardingResponse>, ValidationProblem, ProblemHttpResult>> SetWindowAsync(
        Guid id, GoLiveWindowRequest window, HttpContext http, OnboardingService onboardings, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!GoLiveWindowRequest.TryReadLocal(window.StartLocal, out var start) || !GoLiveWindowRequest.TryReadLocal(window.EndLocal, out var end))
        {
            return ApiProblems.Invalid("goLiveWindow", "Give start and end as wall-clock times without an offset, e.g. 2027-01-15T22:00, and the time zone apart.");
        }
        if ((start is null) != (end is null) || (start is not null && string.IsNullOrWhiteSpace(window.TimeZone)))
        {
            return ApiProblems.Invalid("goLiveWindow", "Give start, end and time zone to set the window, or start and end both null to clear it.");
        }
        var (stored, invalid, problem) = await StoredAsOfIfMatchAsync(id, http, onboardings, cancellationToken);
        if (stored is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        var changed = await onboardings.SetGoLiveWindowAsync(id, stored.GoLiveWindow, start, end, window.TimeZone, cancellationToken);
        return changed.Succeeded ? await ReadBackAsync(id, http, onboardings, clock, cancellationToken) : ApiProblems.From(changed);
    }

    private static async Task<Results<Ok<OnboardingResponse>, ValidationProblem, ProblemHttpResult>> AssignSupportAsync(
        Guid id, SupportResponsibility responsibility, SupportAssignmentRequest assignment, HttpContext http, OnboardingService onboardings,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (stored, invalid, problem) = await StoredAsOfIfMatchAsync(id, http, onboardings, cancellationToken);
        if (stored is null)
        {
            return invalid is not null ? invalid : problem!;
        }
        var original = stored.SupportMatrix.FirstOrDefault(a => a.Responsibility == responsibility)?.PersonName;
        var changed = await onboardings.AssignSupportAsync(id, responsibility, original, assignment.PersonName, cancellationToken);
        return changed.Succeeded ? await ReadBackAsync(id, http, onboardings, clock, cancellationToken) : ApiProblems.From(changed);
    }

    private static async Task<Results<Ok<OnboardingResponse>, ValidationProblem, ProblemHttpResult>> ReadBackAsync(
        Guid id, HttpContext http, OnboardingService onboardings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var read = await onboardings.ReadAsync(id, cancellationToken);
        if (!read.Succeeded)
        {
            return ApiProblems.From(read);
        }
        http.Response.Headers.ETag = EntityTags.Of(read.Value!.Version);
        return TypedResults.Ok(OnboardingResponse.From(read.Value, Today(clock)));
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>What a create asked for, as a hash: the same request again is a retry; anything else with the same key is not.</summary>
    private static string Fingerprint(CreateOnboardingRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}
