using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Api.Tokens;

/// <summary>The rate limit per API token, from <c>Handoff:Api:RateLimit</c>: <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Handoff:Api:RateLimit";

    /// <summary>Requests one token may make per window (default 120).</summary>
    public int PermitLimit { get; set; } = 120;

    /// <summary>The window (default one minute).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class ApiTokenSetup
{
    /// <summary>
    /// Personal API tokens: the <see cref="ApiTokens"/> service for <c>/account</c>, the <see cref="ApiTokenDefaults.Scheme"/>
    /// authentication scheme, and the <see cref="ApiTokenDefaults.RateLimitPolicy"/> rate limiter policy (a fixed window per
    /// token, <see cref="ApiRateLimitOptions"/>; refused with 429, <c>Retry-After</c> and a problem-details body).
    /// Call after <c>AddHandoffIdentity</c>; the app calls <c>UseRateLimiter</c> after <c>UseHandoffIdentity</c>.
    /// </summary>
    public static IServiceCollection AddHandoffApiTokens(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(ApiRateLimitOptions.Section).Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions();
        if (limits.PermitLimit <= 0 || limits.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{ApiRateLimitOptions.Section} needs a PermitLimit above zero and a Window longer than zero, e.g. 120 and 00:01:00.");
        }
        services.Configure<ApiRateLimitOptions>(configuration.GetSection(ApiRateLimitOptions.Section));
        services.AddScoped<ApiTokens>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenDefaults.Scheme, displayName: "Personal API token", _ => { });
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ApiTokenDefaults.RateLimitPolicy, context =>
            {
                var window = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = window.PermitLimit,
                    Window = window.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Per token; a request without one (an endpoint that lets it through) is counted per client address.</summary>
    internal static string PartitionOf(HttpContext context) =>
        context.User.FindFirstValue(ApiTokenDefaults.TokenIdClaim) is { } tokenId
            ? "token:" + tokenId
            : "address:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : (int)Math.Ceiling(rejected.HttpContext.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.Window.TotalSeconds);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ApiTokenAuthenticationHandler.WriteProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This token made too many requests. Try again in {retryAfter} seconds.");
    }
}
