using System.Security.Claims;
using System.Text.Encodings.Web;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Api.Tokens;

/// <summary>
/// The <see cref="ApiTokenDefaults.Scheme"/> scheme: <c>Authorization: Bearer alltkn_pat_…</c>. The token is hashed
/// (SHA-256) and looked up; an unknown, revoked or expired token fails, and so does one whose person is disabled or gone
/// (read from the database on every call, with the roles stored now). The last use is written at most once a minute per
/// token. A refusal is 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c> and a problem-details body.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>How often the last use of one token is written at most.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var value = header[BearerPrefix.Length..].Trim();
        if (!ApiToken.IsWellFormed(value))
        {
            return AuthenticateResult.Fail("The bearer token is not an Alltkn Handoff API token.");
        }

        var hash = ApiToken.HashOf(value);
        var now = clock.GetUtcNow().UtcDateTime;
        ApiToken? token;
        await using (var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted))
        {
            token = await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        }
        switch (token?.StatusAt(now))
        {
            case null:
                return AuthenticateResult.Fail("The API token is not valid.");
            case ApiTokenStatus.Revoked:
                Logger.LogInformation("Revoked API token {TokenId} refused", token.Id);
                return AuthenticateResult.Fail("The API token is not valid.");
            case ApiTokenStatus.Expired:
                return AuthenticateResult.Fail("The API token has expired.");
        }

        // The request's read of the person (RequestPerson): a call that only reads reads them once, for the endpoint and its services too.
        var actor = await Context.RequestServices.GetRequiredService<RequestPerson>().ActorAsync(token.UserId, Context.RequestAborted);
        if (actor is null)
        {
            Logger.LogInformation("API token {TokenId} refused: its person is disabled or gone", token.Id);
            return AuthenticateResult.Fail("The API token is not valid.");
        }

        await RecordUseAsync(token, now);

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.UserId),
            new(ClaimTypes.Name, actor.DisplayName),
            new(ApiTokenDefaults.TokenIdClaim, token.Id.ToString()),
            new(ApiTokenDefaults.AccessClaim, token.Access.ToString()),
        };
        claims.AddRange(actor.Roles.Order().Select(role => new Claim(ClaimTypes.Role, role.ToString())));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750: a request without credentials gets the scheme only; one with a bad token gets invalid_token.
        var detail = result.Failure?.Message;
        Response.Headers.WWWAuthenticate = detail is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";
        await WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            detail ?? "Send a personal API token as Authorization: Bearer alltkn_pat_… (create one on your account page).");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This token, or its person, may not do this.");
    }

    /// <summary>Writes an RFC 9457 problem-details body.</summary>
    internal static Task WriteProblemAsync(HttpContext context, int status, string title, string detail) =>
        context.Response.WriteAsJsonAsync(
            new ProblemDetails { Title = title, Status = status, Detail = detail },
            options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);

    /// <summary>Writes the last use unless it was written less than <see cref="LastUseResolution"/> ago; a busy database does not refuse the call.</summary>
    private async Task RecordUseAsync(ApiToken token, DateTime now)
    {
        if (token.LastUsedAtUtc is { } last && now - last < LastUseResolution)
        {
            return;
        }
        var since = now - LastUseResolution;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
            using var turn = (await WriteGate.Save(db, Context.RequestAborted)).Here();
            await db.Set<ApiToken>()
                .Where(t => t.Id == token.Id && (t.LastUsedAtUtc == null || t.LastUsedAtUtc < since))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), Context.RequestAborted);
        }
        catch (Exception failure) when (StorageFailure.Is(failure))
        {
            Logger.LogWarning(failure, "Could not record the last use of API token {TokenId}", token.Id);
        }
    }
}
