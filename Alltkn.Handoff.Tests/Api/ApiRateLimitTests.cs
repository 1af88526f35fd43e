using System.Net;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>Requests to /api/v1 are limited per token: past the limit 429 with Retry-After, other tokens unaffected.</summary>
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private readonly ApiTestApp _api = new(new Dictionary<string, string?>
    {
        ["Handoff:Api:RateLimit:PermitLimit"] = "3",
        ["Handoff:Api:RateLimit:Window"] = "00:10:00",
    });

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _api.InitializeAsync();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Past_the_limit_a_token_gets_429_with_retry_after_and_other_tokens_go_on()
    {
        using var busy = _api.As(Role.Viewer);
        using var other = _api.As(Role.Finance);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await busy.GetAsync("/api/v1/onboardings", Cancel);
            statuses.Add(last.StatusCode);
        }
        var otherToken = await other.GetAsync("/api/v1/onboardings", Cancel);

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        last!.Headers.RetryAfter.Should().NotBeNull();
        last.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));
        last.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        otherToken.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
