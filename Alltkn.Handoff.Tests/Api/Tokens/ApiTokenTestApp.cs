using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alltkn.Handoff.Tests.Api.Tokens;

/// <summary>What <see cref="ApiTokenTestApp.WhoAmIPath"/> answers: the principal the token scheme made.</summary>
public sealed record WhoAmI(string? UserId, string? Name, string[] Roles, string? TokenId, string? Access);

/// <summary>
/// The whole app in memory on a real SQLite file (<see cref="IdentityTestApp"/>), plus one test-only endpoint that stands
/// in for the REST API until it exists: <c>GET /test-api/whoami</c>, authorized with the <see cref="ApiTokenDefaults.Scheme"/>
/// scheme and the <see cref="ApiTokenDefaults.RateLimitPolicy"/> policy, and <c>POST /test-api/write</c>, which asks for a read-write token, in the order the app uses (authentication,
/// authorization, then the rate limiter). The app ships no such endpoint.
/// </summary>
public sealed class ApiTokenTestApp : IAsyncDisposable
{
    public const string WhoAmIPath = "/test-api/whoami";
    public const string WritePath = "/test-api/write";
    public const string Email = "lin@alltkn.test";
    public const string Password = "amber lantern orchard tide";

    private readonly IdentityTestApp _identity;
    private readonly WebApplicationFactory<Program> _app;

    public ApiTokenTestApp(IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        _identity = new IdentityTestApp(settings: settings);
        _app = _identity.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
            services.AddSingleton<IStartupFilter, WhoAmIEndpoint>();
        }));
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The SQLite file the app uses.</summary>
    public string DatabasePath => _identity.Database.DatabasePath;

    public HttpClient CreateClient() => _app.CreateClient();

    /// <summary>Creates <see cref="Email"/> with these roles; returns the id.</summary>
    public Task<string> CreatePersonAsync(params Role[] roles) => IdentityTestApp.CreateUserAsync(Services, Email, Password, roles);

    /// <summary>Creates a token as <paramref name="email"/> through <see cref="ApiTokens"/>, as the account page does.</summary>
    public async Task<CreatedApiToken> CreateTokenAsync(string name = "CI export", ApiTokenAccess access = ApiTokenAccess.ReadWrite,
        TimeSpan? lifetime = null, string email = Email)
    {
        await using var scope = await IdentityTestApp.ActingAsAsync(Services, email);
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync(name, clock.GetUtcNow().UtcDateTime + (lifetime ?? TimeSpan.FromDays(30)), access, TestContext.Current.CancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value!;
    }

    /// <summary><c>POST /test-api/write</c> with <c>Authorization: Bearer {token}</c>.</summary>
    public async Task<HttpResponseMessage> WriteAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WritePath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary><c>GET /test-api/whoami</c> with <c>Authorization: Bearer {token}</c> (no header when null).</summary>
    public async Task<HttpResponseMessage> CallAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WhoAmIPath);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<WhoAmI> WhoAmIAsync(HttpClient client, string token)
    {
        using var response = await CallAsync(client, token);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<WhoAmI>(TestContext.Current.CancellationToken))!;
    }

    public async Task<AppDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private sealed class WhoAmIEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/test-api", api =>
            {
                api.UseRouting();
                api.UseAuthentication();
                api.UseAuthorization();
                api.UseRateLimiter();
                api.UseEndpoints(endpoints =>
                {
                    endpoints
                        .MapGet("/whoami", (ClaimsPrincipal user) => new WhoAmI(
                            user.FindFirstValue(ClaimTypes.NameIdentifier),
                            user.Identity?.Name,
                            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)],
                            user.FindFirstValue(ApiTokenDefaults.TokenIdClaim),
                            user.FindFirstValue(ApiTokenDefaults.AccessClaim)))
                        .RequireAuthorization(new AuthorizationPolicyBuilder(ApiTokenDefaults.Scheme).RequireAuthenticatedUser().Build())
                        .RequireRateLimiting(ApiTokenDefaults.RateLimitPolicy);
                    // A write, as the API guards one: only a read-write token may.
                    endpoints
                        .MapPost("/write", () => Results.NoContent())
                        .RequireAuthorization(new AuthorizationPolicyBuilder(ApiTokenDefaults.Scheme)
                            .RequireClaim(ApiTokenDefaults.AccessClaim, nameof(ApiTokenAccess.ReadWrite)).Build())
                        .RequireRateLimiting(ApiTokenDefaults.RateLimitPolicy);
                });
            });
            next(app);
        };
    }
}
