using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>
/// The whole app on a real SQLite file (<see cref="IdentityTestApp"/>), with one person per role, each holding a
/// read-write API token made through <see cref="ApiTokens"/> as that person would on their account page, and a
/// read-only token of a team admin. Shared by the tests of a class (<c>IClassFixture&lt;ApiTestApp&gt;</c>).
/// </summary>
public sealed class ApiTestApp : IAsyncLifetime
{
    public const string Password = "Keeper-Long-Passphrase-91!";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<Role, string> _tokens = [];
    private readonly Dictionary<Role, string> _userIds = [];

    public ApiTestApp()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>With more configuration (e.g. a small rate limit), for tests that build their own.</summary>
    internal ApiTestApp(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // The tests of a class share these tokens: a limit they never reach (RateLimitTests set their own).
            ["Handoff:Api:RateLimit:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        App = new IdentityTestApp(settings: all);
    }

    public IdentityTestApp App { get; }

    /// <summary>A read-only token of a team admin.</summary>
    public string ReadOnlyToken { get; private set; } = "";

    public string TokenOf(Role role) => _tokens[role];

    public string UserIdOf(Role role) => _userIds[role];

    public static string EmailOf(Role role) => $"{role.ToString().ToLowerInvariant()}@api.test";

    public async ValueTask InitializeAsync()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            _userIds[role] = await App.CreateUserAsync(EmailOf(role), Password, role);
            _tokens[role] = await CreateTokenAsync(EmailOf(role), ApiTokenAccess.ReadWrite);
        }
        ReadOnlyToken = await CreateTokenAsync(EmailOf(Role.TeamAdmin), ApiTokenAccess.ReadOnly);
    }

    /// <summary>A token made by this person through the token service, as on their account page.</summary>
    public async Task<string> CreateTokenAsync(string email, ApiTokenAccess access, TimeSpan? validFor = null, string name = "tests")
    {
        await using var scope = await App.ActingAsAsync(email);
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var expires = DateTime.UtcNow + (validFor ?? TimeSpan.FromDays(30));
        var created = await tokens.CreateAsync(name, expires, access, TestContext.Current.CancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        return created.Value!.Token;
    }

    /// <summary>A client sending <paramref name="token"/> as a bearer token (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public HttpClient As(Role role) => Client(TokenOf(role));

    /// <summary>Opens an onboarding through the API as the team admin.</summary>
    public async Task<OnboardingResponse> OpenAsync(string customer = "Contoso AI", Scenario scenario = Scenario.EnterpriseTrial)
    {
        using var client = As(Role.TeamAdmin);
        var response = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario, fields = new { customer, procurementEntity = customer + " Ltd." } }, Json, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<OnboardingResponse>(Json, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Gives the person these roles (none: no role at all), as a team admin does on the people page.</summary>
    public async Task SetRolesAsync(string userId, params Role[] roles)
    {
        await using var scope = await App.ActingAsAsync(HandoffAppFactory.AdminEmail);
        var changed = await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetRolesAsync(userId, roles, TestContext.Current.CancellationToken);
        changed.Succeeded.Should().BeTrue(changed.Message);
    }

    /// <summary>Takes every role from the person in the database (the people page always keeps one).</summary>
    public async Task TakeEveryRoleAsync(string userId)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Revokes the person's token of this name through the token service.</summary>
    public async Task RevokeAsync(string email, string name)
    {
        await using var scope = await App.ActingAsAsync(email);
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var mine = await tokens.ListMineAsync(TestContext.Current.CancellationToken);
        var revoked = await tokens.RevokeAsync(mine.Single(t => t.Name == name).Id, TestContext.Current.CancellationToken);
        revoked.Succeeded.Should().BeTrue(revoked.Message);
    }

    /// <summary>Lets a token run out: its expiry set to a minute ago in the database (no token service changes an expiry).</summary>
    public async Task ExpireAsync(string token)
    {
        var hash = ApiToken.HashOf(token);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var past = DateTime.UtcNow.AddMinutes(-1);
        var changed = await db.Set<ApiToken>().Where(t => t.Hash == hash)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ExpiresAtUtc, past), TestContext.Current.CancellationToken);
        changed.Should().Be(1, "the token is stored by the hash of its text");
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
