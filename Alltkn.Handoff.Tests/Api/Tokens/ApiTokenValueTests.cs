using Alltkn.Handoff.App.Api.Tokens;

namespace Alltkn.Handoff.Tests.Api.Tokens;

/// <summary>A token's value, shape, hash and masked form.</summary>
public sealed class ApiTokenValueTests
{
    [Fact]
    public void A_new_token_is_the_prefix_and_43_Base64Url_characters_and_differs_every_time()
    {
        var values = Enumerable.Range(0, 50).Select(_ => ApiToken.NewValue()).ToList();

        values.Should().OnlyContain(v => ApiToken.IsWellFormed(v));
        values.Should().AllSatisfy(v => v.Should().MatchRegex("^alltkn_pat_[A-Za-z0-9_-]{43}$"));
        values.Distinct().Should().HaveCount(50);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alltkn_pat_")]
    [InlineData("ALLTKN_PAT_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("alltkn_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("alltkn_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("alltkn_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void Anything_else_is_not_well_formed(string? value) => ApiToken.IsWellFormed(value).Should().BeFalse();

    [Fact]
    public void The_hint_keeps_the_prefix_the_first_and_last_four_characters_with_ten_asterisks_between()
    {
        const string token = "alltkn_pat_AbCdEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmWxYw";

        ApiToken.IsWellFormed(token).Should().BeTrue();
        ApiToken.HintOf(token).Should().Be("alltkn_pat_AbCd**********WxYw");
        ApiToken.HashOf(token).Should().MatchRegex("^[0-9a-f]{64}$").And.Be(ApiToken.HashOf(token)).And.NotBe(ApiToken.HashOf(token + "x"));
    }
}
