using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// The workspace's own personal API tokens (<c>alltkn_pat_</c> + base64url of 32 random bytes) are refused like any
/// key, however they were pasted, and masked as keys are: the prefix, the first 4 and the last 4 of the body.
/// </summary>
public sealed class SensitiveDataGuardHandoffTokenTests
{
    private readonly FakeSecrets fake = new(seed: 20261202);

    [Fact]
    public void A_token_in_plain_text_is_found_at_its_span_and_masked_as_a_key()
    {
        var token = fake.HandoffToken();
        token.Should().HaveLength(11 + 43);
        var text = $"用这个令牌调用接口：{token}，谢谢";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Kind.Should().Be(SensitiveKind.HandoffApiToken);
        text.Substring(finding.Start, finding.Length).Should().Be(token);
        finding.Masked.Should().Be($"alltkn_pat_{token[11..15]}**********{token[^4..]}");
        SensitiveDataGuard.Redact(text).Should().Be($"用这个令牌调用接口：alltkn_pat_{token[11..15]}**********{token[^4..]}，谢谢");
    }

    [Fact]
    public void A_token_with_zero_width_characters_inside_is_found_from_its_first_to_its_last_visible_character()
    {
        var token = fake.HandoffToken();
        var sprinkled = UnicodeSecretCorpus.Sprinkle(token, "\u200B\u2060", 5);
        var text = $"token:\u200B {sprinkled}\u200B end";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Kind.Should().Be(SensitiveKind.HandoffApiToken);
        text.Substring(finding.Start, finding.Length).Should().Be(sprinkled);
        finding.Masked.Should().Be($"alltkn_pat_{token[11..15]}**********{token[^4..]}");
        SensitiveDataGuard.Redact(text).Should().NotContain(token[20..30]).And.EndWith("\u200B end");
    }

    [Fact]
    public void A_token_typed_in_full_width_is_found_and_masked_in_its_ASCII_form()
    {
        var token = fake.HandoffToken();
        var fullWidth = UnicodeSecretCorpus.FullWidth(token);
        var text = $"个人令牌：{fullWidth}。";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Kind.Should().Be(SensitiveKind.HandoffApiToken);
        text.Substring(finding.Start, finding.Length).Should().Be(fullWidth);
        SensitiveDataGuard.Redact(text).Should().Be($"个人令牌：alltkn_pat_{token[11..15]}**********{token[^4..]}。");
    }

    [Fact]
    public void A_token_with_an_upper_case_prefix_is_found_but_its_body_is_taken_as_written()
    {
        var token = fake.HandoffToken();
        var upperPrefix = "ALLTKN_PAT_" + token[11..];

        SensitiveDataGuard.Scan(upperPrefix).Should().ContainSingle()
            .Which.Masked.Should().Be($"ALLTKN_PAT_{token[11..15]}**********{token[^4..]}");
    }

    [Fact]
    public void A_token_as_a_header_or_password_value_is_masked_as_a_token_after_the_label()
    {
        var token = fake.HandoffToken();

        SensitiveDataGuard.Scan($"Authorization: Bearer {token}").Should().ContainSingle()
            .Which.Masked.Should().Be($"Authorization: Bearer alltkn_pat_{token[11..15]}**********{token[^4..]}");
        SensitiveDataGuard.Scan($"password={token}").Should().ContainSingle()
            .Which.Masked.Should().Be($"password=alltkn_pat_{token[11..15]}**********{token[^4..]}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(30)]
    [InlineData(42)]
    public void The_prefix_followed_by_too_few_characters_is_not_a_token(int bodyLength)
    {
        var body = fake.HandoffToken()[11..(11 + bodyLength)];

        SensitiveDataGuard.Scan($"token alltkn_pat_{body} ends here").Should().BeEmpty();
        SensitiveDataGuard.Scan($"全角 ａｌｌｔｋｎ＿ｐａｔ＿{UnicodeSecretCorpus.FullWidth(body)}。").Should().BeEmpty();
    }

    [Theory]
    [InlineData("Tokens start with alltkn_pat_ and are shown once on /account.")]
    [InlineData("Masked: alltkn_pat_AbCd**********WxYz")]
    [InlineData("alltkn_pat_<your-token>")]
    [InlineData("alltkn_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Descriptions_masks_and_placeholders_of_a_token_are_not_tokens(string text)
    {
        SensitiveDataGuard.Scan(text).Should().BeEmpty();
    }

    [Theory]
    [InlineData("token:")]
    [InlineData("ALLTKN_TOKEN=")]
    [InlineData("?token=")]
    [InlineData("\"")]
    public void A_token_right_after_a_separator_is_found_from_its_prefix(string before)
    {
        var token = fake.HandoffToken();
        var text = $"{before}{token}";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Start.Should().Be(before.Length);
        finding.Length.Should().Be(token.Length);
    }

    [Fact]
    public void The_prefix_inside_a_longer_run_of_token_characters_is_not_a_new_token()
    {
        // One run of base64url characters: measured once from its first prefix, not once per prefix.
        var text = string.Concat(Enumerable.Repeat("alltkn_pat_", 20));

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Start.Should().Be(0);
        finding.Length.Should().Be(text.Length);
    }
}
