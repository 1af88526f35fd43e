using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Components.Pages.Account;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace Alltkn.Handoff.Tests.Components.Account;

/// <summary>The API tokens section of /account on a real SQLite database: create (shown once), list masked, revoke after confirming.</summary>
public sealed class ApiTokensEditorTests : PageTestContext
{
    private static readonly Actor Person = Actors.TechLead;

    public ApiTokensEditorTests()
    {
        Services.AddScoped<ApiTokens>();
        SignIn(Person);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_token_is_shown_once_with_the_warning_and_then_listed_only_masked()
    {
        await AddPersonAsync();
        var cut = RenderMud<ApiTokensEditor>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='no-api-tokens']"));

        cut.Find("input[data-testid='api-token-name']").Input("Nightly export");
        cut.Find("[data-testid='api-token-preset-90']").Click();
        cut.Find("[data-testid='create-api-token']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='api-token-created']").TextContent
            .Should().Contain("copy it now, it will not be shown again"));
        var token = cut.Find("input[data-testid='new-api-token']").GetAttribute("value")!;
        token.Should().MatchRegex("^alltkn_pat_[A-Za-z0-9_-]{43}$");
        cut.Find("input[data-testid='new-api-token']").HasAttribute("readonly").Should().BeTrue();
        var row = cut.Find("[data-testid='api-token-row']");
        row.TextContent.Should().Contain("Nightly export").And.Contain($"alltkn_pat_{token[11..15]}**********{token[^4..]}")
            .And.Contain("Read-only").And.Contain("Never").And.Contain("Active")
            .And.Contain((TestClock.Now.AddDays(90)).ToString("yyyy-MM-dd HH:mm"));
        row.TextContent.Should().NotContain(token[11..]);

        cut.Find("[data-testid='dismiss-api-token']").Click();

        cut.Markup.Should().NotContain(token[11..], "the token is shown once only");
        var stored = await Services.GetRequiredService<ApiTokens>().ListMineAsync(Ct);
        stored.Should().ContainSingle().Which.ExpiresAtUtc.Should().Be(TestClock.Now.AddDays(90));
    }

    [Fact]
    public async Task Revoking_asks_first_and_then_shows_the_token_revoked()
    {
        await AddPersonAsync();
        var cut = RenderMud<ApiTokensEditor>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='no-api-tokens']"));
        cut.Find("input[data-testid='api-token-name']").Input("Old script");
        cut.Find("[data-testid='create-api-token']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='revoke-api-token']"));
        var dialogs = Dialogs;

        cut.Find("[data-testid='revoke-api-token']").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Revoke the token “Old script”?"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='api-token-status']").TextContent.Should().Be("Revoked"));
        cut.FindAll("[data-testid='revoke-api-token']").Should().BeEmpty();
        cut.FindAll("[data-testid='api-token-created']").Should().BeEmpty("a revoked token is not offered for copying any more");
        (await Services.GetRequiredService<ApiTokens>().ListMineAsync(Ct)).Single().Status.Should().Be(ApiTokenStatus.Revoked);
    }

    [Fact]
    public async Task Without_a_name_nothing_is_created_and_the_page_says_why_in_Chinese_too()
    {
        await AddPersonAsync();
        UseCulture("zh-CN");
        var cut = RenderMud<ApiTokensEditor>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='no-api-tokens']").TextContent.Should().Contain("你还没有 API 令牌"));

        cut.Find("[data-testid='create-api-token']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='api-token-error']").TextContent.Should().Contain("请为令牌起个名称"));
        cut.FindAll("[data-testid='api-token-created']").Should().BeEmpty();
        (await Services.GetRequiredService<ApiTokens>().ListMineAsync(Ct)).Should().BeEmpty();
    }

    /// <summary>Tokens belong to a stored person (a foreign key): the signed-in test person is stored as an account.</summary>
    private async Task AddPersonAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        db.Users.Add(new HandoffUser { Id = Person.UserId, UserName = "li.wei@alltkn.test", Email = "li.wei@alltkn.test", DisplayName = Person.DisplayName });
        await db.SaveChangesAsync(Ct);
    }
}
