using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Hosting;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;

namespace Alltkn.Handoff.App.Api;

/// <summary>
/// The REST API at <c>/api/v1</c>: minimal APIs over the same application services as the pages (one permission policy,
/// one secret guard, one revision log, the same concurrency rules), reached with a personal API token
/// (<c>Authorization: Bearer alltkn_pat_…</c>), rate-limited per token. Its OpenAPI document is at
/// <c>/openapi/v1.json</c> and a readable reference at <c>/api/reference</c>, both for signed-in people.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";

    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/api/reference";

    /// <summary>API calls: a person signed in with an API token.</summary>
    public const string TokenPolicy = "api-token";

    /// <summary>The document and the reference page: a person signed in with the cookie or a token.</summary>
    public const string ReaderPolicy = "api-document";

    public static IServiceCollection AddHandoffApi(this IServiceCollection services)
    {
        // Enums by name only: a number (99, or 2 for a name that exists) or a comma list of names ("Open, Done", read by the
        // framework as Open | Done) is refused, never passed on as a value that may not exist or that was not meant.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new EnumByNameConverter()));
        services.AddProblemDetails();
        // A parameter that cannot be read (an unknown enum name, a malformed date or JSON body) is a 400 problem, never an
        // exception page: thrown, so that UseHandoffApi can name the field and say what to send (ApiInput).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", ApiDocument.Configure);
        services.AddAuthorizationBuilder()
            .AddPolicy(TokenPolicy, policy => policy.AddAuthenticationSchemes(ApiTokenDefaults.Scheme).RequireAuthenticatedUser())
            .AddPolicy(ReaderPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokenDefaults.Scheme).RequireAuthenticatedUser()
                .RequireAssertion(context => !Portal.GuestAccess.IsGuest(context.User)));
        return services;
    }

    /// <summary>
    /// API responses stay API responses: no "not found" page re-executed for a 404, and an error answered with no body
    /// (a parameter that could not be read, a challenge) gets a problem-details body. Call after the status code pages.
    /// </summary>
    public static WebApplication UseHandoffApi(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments(Prefix))
            {
                try
                {
                    await next(http);
                }
                catch (BadHttpRequestException unread) when (!http.Response.HasStarted)
                {
                    // Outside the API, a parameter that cannot be read is its status and no body (the status code pages answer it).
                    http.Response.StatusCode = unread.StatusCode;
                }
                return;
            }
            if (http.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }
            try
            {
                await next(http);
            }
            catch (BadHttpRequestException unread) when (!http.Response.HasStarted)
            {
                http.Response.StatusCode = unread.StatusCode;
                if (unread.StatusCode == StatusCodes.Status400BadRequest && ApiInput.ErrorsOf(unread, http) is { } errors)
                {
                    await ApiProblems.Unreadable(errors).ExecuteAsync(http);
                    return;
                }
            }
            if (http.Response.StatusCode >= 400 && !http.Response.HasStarted && string.IsNullOrEmpty(http.Response.ContentType))
            {
                var detail = http.Response.StatusCode switch
                {
                    StatusCodes.Status400BadRequest => ApiProblems.UnreadableDetail,
                    StatusCodes.Status401Unauthorized => "Send a personal API token: Authorization: Bearer alltkn_pat_… (create one on your account page).",
                    StatusCodes.Status404NotFound => "There is no such address in the API; see the API reference.",
                    StatusCodes.Status405MethodNotAllowed => "This address does not take that method; see the API reference.",
                    _ => null,
                };
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = http.Response.StatusCode, Detail = detail },
                });
            }
        });
        return app;
    }

    public static WebApplication MapHandoffApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(ReaderPolicy);
        // The reference page's scripts carry this response's CSP nonce (SecurityHeaders), like the app's own; no fonts from Scalar's CDN.
        app.MapScalarApiReference(ReferencePath, (options, http) => options
                .WithTitle("Alltkn Handoff API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .AddPreferredSecuritySchemes(ApiDocument.BearerScheme)
                .DisableDefaultFonts()
                .WithNonce(SecurityHeaders.NonceOf(http)))
            .RequireAuthorization(ReaderPolicy);

        var api = app.MapGroup(Prefix)
            .RequireAuthorization(TokenPolicy)
            .RequireRateLimiting(ApiTokenDefaults.RateLimitPolicy)
            .DisableAntiforgery()
            .AddEndpointFilter(ActAsTheTokensPerson)
            .AddEndpointFilterFactory(RefuseEnumValuesByNumber)
            .WithTags("Alltkn Handoff");
        api.MapOnboardings();
        api.MapItems();
        api.MapMoves();
        api.MapRevisions();
        api.MapApiExports();
        // Any other address under the prefix: a 404 problem for a caller with a token, 401 without (never the sign-in page).
        api.MapFallback(() => ApiProblems.NotFound("There is no such address in the API; see the API reference at " + ReferencePath + "."))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The problem code of a call refused because the token's person must change a temporary password first.</summary>
    public const string MustChangePasswordCode = "account.must-change-password";

    /// <summary>The problem code of a call refused because the token's person must set up two-factor sign-in first.</summary>
    public const string TwoFactorRequiredCode = "account.two-factor-required";

    /// <summary>Metadata on endpoints that change something: a read-only token is refused (403) before the handler runs.</summary>
    public sealed class Writes;

    /// <summary>
    /// Every call: the token's person becomes the signed-in person the services read (roles as stored now), must hold a
    /// role that may read the workspace and be in good standing (<see cref="AccountStanding"/>); a call that changes
    /// something needs a read-write token.
    /// </summary>
    private static async ValueTask<object?> ActAsTheTokensPerson(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        RequestUser.Use(http);
        var actor = await http.RequestServices.GetRequiredService<ICurrentActor>().GetAsync(http.RequestAborted);
        if (actor is null || !HandoffPolicy.MayRead(actor))
        {
            return ApiProblems.From(Outcome.Forbidden("This token's person holds no role in the workspace (or is disabled); ask a team admin for a role."));
        }
        // The token's person must be in good standing, as a signed-in session must be for the pages: until they have done
        // what they must on their account page, none of their tokens works (each works again afterwards; none is revoked).
        if (await http.RequestServices.GetRequiredService<AccountStanding>().OfAsync(actor.UserId, http.RequestAborted) is { } issue)
        {
            return ApiProblems.From(new Outcome
            {
                Status = OutcomeStatus.Forbidden,
                Code = issue == StandingIssue.MustChangePassword ? MustChangePasswordCode : TwoFactorRequiredCode,
                Message = AccountStanding.WhatToDo(issue),
            });
        }
        if (http.GetEndpoint()?.Metadata.GetMetadata<Writes>() is not null
            && http.User.FindFirst(ApiTokenDefaults.AccessClaim)?.Value != nameof(ApiTokenAccess.ReadWrite))
        {
            return ApiProblems.From(Outcome.Forbidden("This token is read-only; create a read-write token on your account page to change things."));
        }
        return await next(context);
    }

    /// <summary>
    /// An enum route or query value that the binding took although it is not a name (<c>99</c>, <c>2</c>): 400 naming the
    /// field and its names, before the handler runs. Only on endpoints that read an enum from the route or the query.
    /// </summary>
    private static EndpointFilterDelegate RefuseEnumValuesByNumber(EndpointFilterFactoryContext context, EndpointFilterDelegate next) =>
        !ApiInput.ReadsEnums(context.MethodInfo)
            ? next
            : async invocation => ApiInput.UnknownEnumValues(invocation.HttpContext, context.MethodInfo) is { Count: > 0 } errors
                ? ApiProblems.Unreadable(errors)
                : await next(invocation);

    /// <summary>The problem details an endpoint may answer besides those of every call (401, 403, 429) and of its validation (400).</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }

    /// <summary>Marks an endpoint as one that changes something (needs a read-write token).</summary>
    public static RouteHandlerBuilder ChangesThings(this RouteHandlerBuilder builder) => builder.WithMetadata(new Writes());
}
