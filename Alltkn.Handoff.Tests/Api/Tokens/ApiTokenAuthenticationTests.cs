using System.Net;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Api.Tokens;

/// <summary>The ApiToken scheme over real HTTP on a real SQLite file: who a token acts as, and every way one is refused.</summary>
public sealed class ApiTokenAuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_is_stored_as_its_SHA256_hash_and_a_masked_hint_never_as_its_value()
    {
        await using var app = new ApiTokenTestApp();
        var userId = await app.CreatePersonAsync(Role.Finance);

        var created = await app.CreateTokenAsync();

        created.Token.Should().MatchRegex("^alltkn_pat_[A-Za-z0-9_-]{43}$");
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT UserId, Hash, Hint, Access FROM ApiTokens";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        (await reader.ReadAsync(Ct)).Should().BeTrue("the token is stored");
        reader.GetString(0).Should().Be(userId);
        reader.GetString(1).Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(created.Token))));
        reader.GetString(2).Should().Be($"alltkn_pat_{created.Token[11..15]}**********{created.Token[^4..]}");
        reader.GetString(3).Should().Be("ReadWrite");
        (await reader.ReadAsync(Ct)).Should().BeFalse();
        await reader.DisposeAsync();
        await using var dump = connection.CreateCommand();
        dump.CommandText = "SELECT * FROM ApiTokens";
        await using var all = await dump.ExecuteReaderAsync(Ct);
        await all.ReadAsync(Ct);
        var secret = created.Token[11..];
        Enumerable.Range(0, all.FieldCount).Select(i => all.IsDBNull(i) ? "" : Convert.ToString(all.GetValue(i)))
            .Should().NotContain(v => v!.Contains(secret), "no column holds the secret part of the token");
    }

    [Fact]
    public async Task A_valid_token_acts_as_its_person_with_the_roles_stored_at_each_call()
    {
        await using var app = new ApiTokenTestApp();
        var userId = await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync(access: ApiTokenAccess.ReadWrite);
        using var client = app.CreateClient();

        var first = await app.WhoAmIAsync(client, token.Token);

        first.UserId.Should().Be(userId);
        first.Name.Should().Be("lin");
        first.Roles.Should().BeEquivalentTo(["Finance"]);
        first.TokenId.Should().Be(token.Id.ToString());
        first.Access.Should().Be("ReadWrite");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            (await users.RemoveFromRoleAsync(user, "Finance")).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(user, "Viewer")).Succeeded.Should().BeTrue();
        }
        var second = await app.WhoAmIAsync(client, token.Token);

        second.Roles.Should().BeEquivalentTo(["Viewer"], "the roles are read at each call, not when the token was made");
    }

    [Fact]
    public async Task A_read_only_token_carries_the_read_only_access_claim()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Viewer);
        var token = await app.CreateTokenAsync(access: ApiTokenAccess.ReadOnly);
        using var client = app.CreateClient();

        (await app.WhoAmIAsync(client, token.Token)).Access.Should().Be("ReadOnly");
    }

    [Fact]
    public async Task A_read_only_token_writing_is_403_with_a_problem_body_and_a_read_write_token_may_write()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.TechLead);
        var readOnly = await app.CreateTokenAsync(name: "Reader", access: ApiTokenAccess.ReadOnly);
        var readWrite = await app.CreateTokenAsync(name: "Writer", access: ApiTokenAccess.ReadWrite);
        using var client = app.CreateClient();

        using var refused = await app.WriteAsync(client, readOnly.Token);
        using var allowed = await app.WriteAsync(client, readWrite.Token);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("\"status\":403");
        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Without_a_token_the_call_is_401_with_a_bearer_challenge_and_a_problem_body()
    {
        await using var app = new ApiTokenTestApp();
        using var client = app.CreateClient();

        using var response = await app.CallAsync(client, token: null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("\"status\":401");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("alltkn_pat_short")]
    [InlineData("alltkn_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("sk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")]
    public async Task A_malformed_token_is_401_invalid_token(string token)
    {
        await using var app = new ApiTokenTestApp();
        using var client = app.CreateClient();

        using var response = await app.CallAsync(client, token);

        await ShouldBeInvalidTokenAsync(response);
    }

    [Fact]
    public async Task An_unknown_token_of_the_right_shape_is_401_invalid_token()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        var real = await app.CreateTokenAsync();
        using var client = app.CreateClient();
        var unknown = ApiToken.NewValue();

        using var response = await app.CallAsync(client, unknown);

        unknown.Should().NotBe(real.Token);
        await ShouldBeInvalidTokenAsync(response);
    }

    [Fact]
    public async Task An_expired_token_is_401_saying_it_expired()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync();
        using var client = app.CreateClient();
        (await app.CallAsync(client, token.Token)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using (var db = await app.DbAsync())
        {
            var past = DateTime.UtcNow.AddSeconds(-1);
            await db.Set<ApiToken>().Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAtUtc, past), Ct);
        }

        using var response = await app.CallAsync(client, token.Token);

        await ShouldBeInvalidTokenAsync(response);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("expired");
    }

    [Fact]
    public async Task A_revoked_token_is_refused_from_the_next_call()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync();
        using var client = app.CreateClient();
        (await app.CallAsync(client, token.Token)).StatusCode.Should().Be(HttpStatusCode.OK);

        await using (var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email))
        {
            var revoked = await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync(token.Id, Ct);
            revoked.Succeeded.Should().BeTrue(revoked.Message);
        }
        using var response = await app.CallAsync(client, token.Token);

        await ShouldBeInvalidTokenAsync(response);
    }

    [Fact]
    public async Task A_disabled_persons_token_is_refused_at_once()
    {
        await using var app = new ApiTokenTestApp();
        var userId = await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync();
        using var client = app.CreateClient();
        (await app.CallAsync(client, token.Token)).StatusCode.Should().Be(HttpStatusCode.OK);

        await IdentityTestApp.DisableAsync(app.Services, userId);
        using var response = await app.CallAsync(client, token.Token);

        await ShouldBeInvalidTokenAsync(response);
    }

    [Fact]
    public async Task A_call_records_the_last_use_once_and_not_again_within_a_minute()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync();
        using var client = app.CreateClient();
        (await LastUsedAsync(app, token.Id)).Should().BeNull("the token was not used yet");

        var before = DateTime.UtcNow.AddSeconds(-1);
        (await app.CallAsync(client, token.Token)).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = await LastUsedAsync(app, token.Id);
        (await app.CallAsync(client, token.Token)).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await LastUsedAsync(app, token.Id);

        first.Should().NotBeNull().And.BeOnOrAfter(before).And.BeOnOrBefore(DateTime.UtcNow);
        second.Should().Be(first, "the last use is written at most once a minute per token");
    }

    [Fact]
    public async Task A_call_a_minute_after_the_last_recorded_use_records_it_again()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync();
        using var client = app.CreateClient();
        var longAgo = DateTime.UtcNow.AddMinutes(-2);
        await using (var db = await app.DbAsync())
        {
            await db.Set<ApiToken>().Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, longAgo), Ct);
        }

        (await app.CallAsync(client, token.Token)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await LastUsedAsync(app, token.Id)).Should().BeAfter(longAgo.AddMinutes(1));
    }

    private static async Task<DateTime?> LastUsedAsync(ApiTokenTestApp app, Guid id)
    {
        await using var db = await app.DbAsync();
        return await db.Set<ApiToken>().AsNoTracking().Where(t => t.Id == id).Select(t => t.LastUsedAtUtc).SingleAsync(Ct);
    }

    private static async Task ShouldBeInvalidTokenAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer error=\"invalid_token\"");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.Should().Contain("\"status\":401").And.NotContain("alltkn_pat_", "the problem never echoes the token");
    }
}
