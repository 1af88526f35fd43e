using System.Security.Claims;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Api.Tokens;

/// <summary>Creating, listing and revoking one's own API tokens through <see cref="ApiTokens"/>, on a real SQLite file.</summary>
public sealed class ApiTokensTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A made-up relay key in the shape New API issues (sk- and 48 letters and digits); not a real key.</summary>
    private static string RelayKey => "sk-" + new string(Enumerable.Range(0, 48).Select(i => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[i * 7 % 62]).ToArray());

    [Fact]
    public async Task An_expiry_more_than_a_year_away_is_refused_saying_so()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        await using var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync("Nightly sync", DateTime.UtcNow.AddDays(366), ApiTokenAccess.ReadOnly, Ct);

        refused.Status.Should().Be(OutcomeStatus.Refused);
        refused.Code.Should().Be(ApiTokens.ExpiryTooFar);
        refused.Message.Should().Be("A token may live at most 365 days; choose an earlier expiry date.");
        (await CountAsync(app)).Should().Be(0);
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        await using var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync("Nightly sync", DateTime.UtcNow.AddMinutes(-1), ApiTokenAccess.ReadOnly, Ct);

        refused.Code.Should().Be(ApiTokens.ExpiryPassed);
        (await CountAsync(app)).Should().Be(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_name_is_refused_saying_a_name_is_needed(string name)
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        await using var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync(name, DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadOnly, Ct);

        refused.Status.Should().Be(OutcomeStatus.Refused);
        refused.Code.Should().Be(ApiTokens.NameRequired);
        refused.Message.Should().Contain("Give the token a name");
        (await CountAsync(app)).Should().Be(0);
    }

    [Fact]
    public async Task A_name_over_100_characters_is_refused()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        await using var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync(new string('n', 101), DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadOnly, Ct);

        refused.Code.Should().Be(ApiTokens.NameTooLong);
        refused.Arguments.Should().Equal(101, 100);
    }

    [Fact]
    public async Task A_name_holding_a_key_is_refused_by_the_secret_guard()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        await using var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email);

        var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync($"relay {RelayKey}", DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadOnly, Ct);

        refused.Status.Should().Be(OutcomeStatus.SecretFound);
        refused.Secrets.Should().ContainSingle().Which.Field.Should().Be("Name");
        (await CountAsync(app)).Should().Be(0);
    }

    [Fact]
    public async Task Nobody_signed_in_cannot_create_a_token()
    {
        await using var app = new ApiTokenTestApp();
        await using var scope = app.Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));

        var refused = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
            .CreateAsync("Nightly sync", DateTime.UtcNow.AddDays(30), ApiTokenAccess.ReadOnly, Ct);

        refused.Status.Should().Be(OutcomeStatus.Forbidden);
    }

    [Fact]
    public async Task Creating_and_revoking_are_in_the_revision_log_without_the_token()
    {
        await using var app = new ApiTokenTestApp();
        var userId = await app.CreatePersonAsync(Role.Finance);
        var token = await app.CreateTokenAsync(name: "Nightly sync", access: ApiTokenAccess.ReadOnly);
        await using (var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email))
        {
            (await scope.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync(token.Id, Ct)).Succeeded.Should().BeTrue();
        }

        await using var db = await app.DbAsync();
        var entries = await db.Revisions.AsNoTracking().Where(r => r.Subject == ApiTokens.RevisionSubject).ToListAsync(Ct);

        entries.Should().HaveCount(2).And.OnlyContain(r => r.ActorId == userId && r.Kind == RevisionKind.UserChanged);
        var hint = $"alltkn_pat_{token.Token[11..15]}**********{token.Token[^4..]}";
        entries.Should().ContainSingle(r => r.Before == null && r.After!.StartsWith($"Created “Nightly sync” ({hint}): read-only, expires "));
        entries.Should().ContainSingle(r => r.Before == $"“Nightly sync” ({hint}): read-only" && r.After == "Revoked");
        var secret = token.Token[11..];
        entries.SelectMany(r => new[] { r.Subject, r.Before, r.After, r.Reason })
            .Should().NotContain(text => text != null && text.Contains(secret), "the token's secret is never logged");
    }

    [Fact]
    public async Task The_list_shows_ones_own_tokens_masked_with_their_status_and_last_use()
    {
        await using var app = new ApiTokenTestApp();
        await app.CreatePersonAsync(Role.Finance);
        await IdentityTestApp.CreateUserAsync(app.Services, "other@alltkn.test", ApiTokenTestApp.Password, Role.Finance);
        var kept = await app.CreateTokenAsync(name: "Kept");
        var revoked = await app.CreateTokenAsync(name: "Revoked", access: ApiTokenAccess.ReadOnly);
        var others = await app.CreateTokenAsync(name: "Someone else's", email: "other@alltkn.test");
        using var client = app.CreateClient();
        (await app.CallAsync(client, kept.Token)).Dispose();
        await using var scope = await IdentityTestApp.ActingAsAsync(app.Services, ApiTokenTestApp.Email);
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        (await tokens.RevokeAsync(revoked.Id, Ct)).Succeeded.Should().BeTrue();

        var rows = await tokens.ListMineAsync(Ct);

        rows.Select(r => r.Name).Should().Equal("Revoked", "Kept");
        rows[0].Status.Should().Be(ApiTokenStatus.Revoked);
        rows[0].Access.Should().Be(ApiTokenAccess.ReadOnly);
        rows[0].RevokedAtUtc.Should().NotBeNull();
        rows[1].Status.Should().Be(ApiTokenStatus.Active);
        rows[1].LastUsedAtUtc.Should().NotBeNull();
        rows[1].Hint.Should().Be($"alltkn_pat_{kept.Token[11..15]}**********{kept.Token[^4..]}");
        (await tokens.RevokeAsync(others.Id, Ct)).Status.Should().Be(OutcomeStatus.NotFound, "another person's token is not one's own to revoke");
        (await tokens.RevokeAsync(revoked.Id, Ct)).Code.Should().Be(ApiTokens.AlreadyRevoked);
    }

    private static async Task<int> CountAsync(ApiTokenTestApp app)
    {
        await using var db = await app.DbAsync();
        return await db.Set<ApiToken>().CountAsync(Ct);
    }
}
