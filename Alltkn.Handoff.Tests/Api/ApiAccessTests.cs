using System.Net;
using System.Net.Http.Json;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>
/// Every endpoint of /api/v1 for every role, and for no token, a malformed, an expired and a revoked token, a disabled
/// person's token and a read-only token writing: the API applies the workspace's one permission policy
/// (<see cref="HandoffPolicy"/>, roles as stored at each call) and nothing else.
/// </summary>
public sealed class ApiAccessTests(ApiTestApp api) : IClassFixture<ApiTestApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Call(string Name, HttpMethod Method, string Path, Func<string, object>? Body, bool Writes, Func<Actor, HttpStatusCode> Expected);

    private static Actor ActorOf(Role role) => new("x", role.ToString(), [role]);

    private async Task<IReadOnlyList<Call>> CallsAsync()
    {
        var opened = await api.OpenAsync("Access Matrix " + Guid.NewGuid().ToString("N")[..6]);
        var financeItem = opened.Items.Single(i => i.Key == "inquiry.needs");
        var o = $"/api/v1/onboardings/{opened.Id}";
        return
        [
            new("list", HttpMethod.Get, "/api/v1/onboardings", null, false, _ => HttpStatusCode.OK),
            new("get", HttpMethod.Get, o, null, false, _ => HttpStatusCode.OK),
            new("get item", HttpMethod.Get, $"{o}/items/{financeItem.Id}", null, false, _ => HttpStatusCode.OK),
            new("revisions", HttpMethod.Get, $"/api/v1/revisions?onboardingId={opened.Id}", null, false, _ => HttpStatusCode.OK),
            new("export", HttpMethod.Get, $"{o}/exports/technical.md", null, false, _ => HttpStatusCode.OK),
            new("create", HttpMethod.Post, "/api/v1/onboardings",
                who => new { scenario = "EnterpriseTrial", fields = new { customer = "Matrix Opened by " + who, procurementEntity = "Matrix Ltd." } }, true,
                a => HandoffPolicy.MayCreateOnboarding(a) ? HttpStatusCode.Created : HttpStatusCode.Forbidden),
            new("update field", HttpMethod.Patch, o, who => new { useCase = "Matrix use case of " + who }, true,
                a => HandoffPolicy.MayEditField(a, OnboardingField.UseCase) ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
            new("update item", HttpMethod.Patch, $"{o}/items/{financeItem.Id}", who => new { evidence = "Invoice needed for the trial, says " + who }, true,
                a => HandoffPolicy.MayEditItem(a, Role.Finance) ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
            new("window", HttpMethod.Put, $"{o}/go-live-window",
                who => new { startLocal = $"2027-02-{1 + int.Parse(who.Split(" ")[1]) % 27:00}T22:00:00", endLocal = $"2027-02-{2 + int.Parse(who.Split(" ")[1]) % 27:00}T01:00:00", timeZone = "Asia/Shanghai" }, true,
                a => HandoffPolicy.MayEditField(a, OnboardingField.GoLiveWindow) ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
            new("move", HttpMethod.Post, $"{o}/moves", _ => new { move = "StartTrial" }, true,
                a => HandoffPolicy.MayFire(a, Move.StartTrial) ? HttpStatusCode.Conflict : HttpStatusCode.Forbidden),
        ];
    }

    private static int _sent;

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, Call call)
    {
        using var request = new HttpRequestMessage(call.Method, call.Path);
        if (call.Body is not null)
        {
            // Each call asks for a change of its own: the same change twice would be no change at all.
            request.Content = JsonContent.Create(call.Body("caller " + Interlocked.Increment(ref _sent)));
        }
        if (call.Method == HttpMethod.Patch)
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }
        using var response = await client.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_permission_policy_says()
    {
        var calls = await CallsAsync();
        var answers = new List<string>();
        var expected = new List<string>();

        foreach (var role in Enum.GetValues<Role>())
        {
            using var client = api.As(role);
            foreach (var call in calls)
            {
                answers.Add($"{role} {call.Name}: {await SendAsync(client, call)}");
                expected.Add($"{role} {call.Name}: {call.Expected(ActorOf(role))}");
            }
        }

        answers.Should().Equal(expected);
        expected.Should().Contain(e => e.EndsWith(": Forbidden", StringComparison.Ordinal), "the matrix has refusals to check");
    }

    [Fact]
    public async Task Without_a_valid_token_every_endpoint_is_401()
    {
        var calls = await CallsAsync();
        var expired = await api.CreateTokenAsync(ApiTestApp.EmailOf(Role.TeamAdmin), ApiTokenAccess.ReadWrite, name: "expired");
        await api.ExpireAsync(expired);
        var revoked = await api.CreateTokenAsync(ApiTestApp.EmailOf(Role.TeamAdmin), ApiTokenAccess.ReadWrite, name: "revoked");
        await api.RevokeAsync(ApiTestApp.EmailOf(Role.TeamAdmin), "revoked");
        var tokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["malformed"] = "not-a-token",
            ["unknown"] = ApiTokenDefaults.Prefix + new string('A', 43),
            ["expired"] = expired,
            ["revoked"] = revoked,
        };

        var answers = new List<string>();
        foreach (var (kind, token) in tokens)
        {
            using var client = api.Client(token);
            foreach (var call in calls)
            {
                answers.Add($"{kind} {call.Name}: {await SendAsync(client, call)}");
            }
        }

        answers.Should().OnlyContain(a => a.EndsWith(": Unauthorized", StringComparison.Ordinal));
        answers.Should().HaveCount(tokens.Count * calls.Count);
    }

    [Fact]
    public async Task A_read_only_token_reads_everything_and_writes_nothing()
    {
        var calls = await CallsAsync();
        using var client = api.Client(api.ReadOnlyToken);

        var answers = new List<(Call Call, HttpStatusCode Status)>();
        foreach (var call in calls)
        {
            answers.Add((call, await SendAsync(client, call)));
        }

        answers.Where(a => !a.Call.Writes).Should().OnlyContain(a => a.Status == HttpStatusCode.OK);
        answers.Where(a => a.Call.Writes).Should().OnlyContain(a => a.Status == HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_disabled_persons_token_stops_at_once_and_a_role_taken_counts_at_the_next_call()
    {
        var email = $"leaver-{Guid.NewGuid():N}@api.test";
        var userId = await api.App.CreateUserAsync(email, ApiTestApp.Password, Role.TeamAdmin);
        var token = await api.CreateTokenAsync(email, ApiTokenAccess.ReadWrite);
        using var client = api.Client(token);
        (await client.GetAsync("/api/v1/onboardings", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);

        await api.SetRolesAsync(userId, Role.Viewer);
        var demoted = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = "EnterpriseTrial", fields = new { customer = "Demoted", procurementEntity = "Demoted Ltd." } }, Cancel);
        await Identity.IdentityTestApp.DisableAsync(api.App.Services, userId);
        var disabled = await client.GetAsync("/api/v1/onboardings", Cancel);

        demoted.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        disabled.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_person_whose_roles_were_all_taken_reads_nothing()
    {
        var email = $"norole-{Guid.NewGuid():N}@api.test";
        var userId = await api.App.CreateUserAsync(email, ApiTestApp.Password, Role.Viewer);
        var token = await api.CreateTokenAsync(email, ApiTokenAccess.ReadWrite);
        await api.TakeEveryRoleAsync(userId);
        using var client = api.Client(token);

        var response = await client.GetAsync("/api/v1/onboardings", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
