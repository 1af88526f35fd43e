using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

public sealed class SensitiveDataGuardRedactTests
{
    private readonly FakeSecrets fake = new(seed: 2026);

    [Fact]
    public void Redact_replaces_a_key_in_a_Chinese_sentence_and_keeps_the_sentence()
    {
        var key = fake.RelayKey();

        SensitiveDataGuard.Redact($"密钥是{key}请勿外传")
            .Should().Be($"密钥是sk-{key[3..7]}**********{key[^4..]}请勿外传");
    }

    [Fact]
    public void Redact_keeps_every_character_around_each_secret()
    {
        var key = fake.OpenAiProjectKey();
        var card = fake.CardNumber("4", 16);
        var text = $"试用记录：gpt-4o-mini 在 2026-11-28T06:40:43Z 返回 429。\nkey={key}；卡号 {card}，工单 TK-884211。";

        SensitiveDataGuard.Redact(text).Should().Be(
            $"试用记录：gpt-4o-mini 在 2026-11-28T06:40:43Z 返回 429。\nkey=sk-proj**********{key[^4..]}；卡号 {card[..4]}**********{card[^4..]}，工单 TK-884211。");
    }

    [Fact]
    public void Redact_masks_headers_and_passwords_but_keeps_their_labels()
    {
        var token = fake.Jwt();
        var text = $"curl -H \"Authorization: Bearer {token}\" -d '{{\"password\": \"Hunter2024!\"}}'";

        SensitiveDataGuard.Redact(text).Should().Be(
            $"curl -H \"Authorization: Bearer eyJh**********{token[^4..]}\" -d '{{\"password\": \"Hu**********4!\"}}'");
    }

    [Fact]
    public void Redact_returns_text_without_secrets_unchanged()
    {
        const string text = "订单 ORD-20261128-000123，模型 claude-3-5-sonnet-20241022，状态码 401 / 402 / 429，掩码 sk-AbCd**********WxYz。";

        SensitiveDataGuard.Redact(text).Should().BeSameAs(text);
    }

    [Fact]
    public void Redact_keeps_the_larger_of_overlapping_secrets_and_leaves_no_digit_of_a_card_behind()
    {
        var card = fake.CardNumber("4", 16);
        var grouped = FakeSecrets.Group(card, ' ');

        SensitiveDataGuard.Redact($"password={grouped} 已提供")
            .Should().Be($"password={card[..4]}**********{card[^4..]} 已提供");
    }

    [Theory]
    [InlineData("密码=Bearer abcDEF123ASIApasswd: ASIAbA2bf6aFD")]
    [InlineData("口令：Bearer 9f8e7d6c5b4a3928 pwd=Hunter22")]
    public void Redacted_text_is_clean_even_where_masks_meet_labels(string text)
    {
        var redacted = SensitiveDataGuard.Redact(text);

        SensitiveDataGuard.Scan(redacted).Should().BeEmpty();
        redacted.Should().StartWith(text[..3]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Redact_of_nothing_is_the_empty_string(string? text)
    {
        SensitiveDataGuard.Redact(text).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(SensitiveDataGuardScanTests.Secrets), MemberType = typeof(SensitiveDataGuardScanTests))]
    public void Redacted_text_holds_no_secret_and_keeps_the_rest(string text, SensitiveKind kind, string secret)
    {
        _ = kind;
        var redacted = SensitiveDataGuard.Redact(text);

        SensitiveDataGuard.ContainsSecrets(redacted).Should().BeFalse();
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        redacted.Should().StartWith(text[..at]).And.EndWith(text[(at + secret.Length)..]);
    }
}
