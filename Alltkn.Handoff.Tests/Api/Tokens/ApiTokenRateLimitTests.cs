using System.Net;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Api.Tokens;

/// <summary>The <c>api-token</c> rate limiter policy with a small configured limit, over real HTTP.</summary>
public sealed class ApiTokenRateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_configured_number_of_requests_a_token_gets_429_with_Retry_After_and_another_token_does_not()
    {
        await using var app = new ApiTokenTestApp(new Dictionary<string, string?>
        {
            [$"{ApiRateLimitOptions.Section}:PermitLimit"] = "3",
            [$"{ApiRateLimitOptions.Section}:Window"] = "00:10:00",
        });
        await app.CreatePersonAsync(Role.Finance);
        var busy = await app.CreateTokenAsync(name: "Busy");
        var quiet = await app.CreateTokenAsync(name: "Quiet");
        using var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await app.CallAsync(client, busy.Token);
            allowed.StatusCode.Should().Be(HttpStatusCode.OK, $"request {i + 1} of 3 is within the limit");
        }
        using var refused = await app.CallAsync(client, busy.Token);
        using var other = await app.CallAsync(client, quiet.Token);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 600);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("\"status\":429").And.Contain("Too many requests");
        other.StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per token");
    }
}
