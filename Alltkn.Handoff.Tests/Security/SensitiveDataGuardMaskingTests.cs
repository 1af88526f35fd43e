using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

public sealed class SensitiveDataGuardMaskingTests
{
    private readonly FakeSecrets fake = new(seed: 42);

    public static TheoryData<string, SensitiveKind, string> Secrets => SecretCorpus.Cases;

    [Fact]
    public void A_relay_key_is_masked_as_New_API_shows_it()
    {
        var key = "sk-AbCd" + fake.Chars("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 40) + "WxYz";

        SensitiveDataGuard.Scan(key).Single().Masked.Should().Be("sk-AbCd**********WxYz");
    }

    [Fact]
    public void A_relay_key_keeps_its_channel_number_after_the_mask()
    {
        var key = fake.RelayKey();

        SensitiveDataGuard.Scan(key + "-3").Single().Masked.Should().Be($"sk-{key[3..7]}**********{key[^4..]}-3");
    }

    [Theory]
    [InlineData("proj")]
    [InlineData("ant-")]
    [InlineData("svca")]
    public void Every_sk_key_is_masked_with_its_first_4_after_sk_and_its_last_4(string firstFour)
    {
        var key = firstFour switch
        {
            "proj" => fake.OpenAiProjectKey(),
            "ant-" => fake.AnthropicKey(),
            _ => fake.OpenAiServiceAccountKey(),
        };

        SensitiveDataGuard.Scan(key).Single().Masked.Should().Be($"sk-{firstFour}**********{key[^4..]}");
    }

    [Fact]
    public void A_header_keeps_its_label_and_scheme_and_masks_the_token()
    {
        var jwt = fake.Jwt();

        SensitiveDataGuard.Scan($"Authorization: Bearer {jwt}").Single().Masked
            .Should().Be($"Authorization: Bearer eyJh**********{jwt[^4..]}");
    }

    [Fact]
    public void A_key_in_a_header_is_masked_in_New_API_form()
    {
        var key = fake.AnthropicKey();

        SensitiveDataGuard.Scan($"x-api-key: {key}").Single().Masked.Should().Be($"x-api-key: sk-ant-**********{key[^4..]}");
    }

    [Fact]
    public void A_password_keeps_its_label_and_masks_the_value()
    {
        SensitiveDataGuard.Scan("密码：Abc12345678!wxyz").Single().Masked.Should().Be("密码：Abc1**********wxyz");
        SensitiveDataGuard.Scan("password=Hunter22").Single().Masked.Should().Be("password=Hu**********22");
    }

    [Fact]
    public void A_short_value_keeps_fewer_characters_so_at_least_half_is_hidden()
    {
        SensitiveDataGuard.Scan("pwd=Ab1!9").Single().Masked.Should().Be("pwd=A**********9");
        SensitiveDataGuard.Scan("口令：123456").Single().Masked.Should().Be("口令：1**********6");
        SensitiveDataGuard.Scan("pwd=Ab1!").Single().Masked.Should().Be("pwd=A**********!");
    }

    [Fact]
    public void A_card_number_keeps_its_first_and_last_4_digits_whatever_its_grouping()
    {
        var card = fake.CardNumber("62", 19);

        SensitiveDataGuard.Scan(FakeSecrets.Group(card, ' ')).Single().Masked.Should().Be($"{card[..4]}**********{card[^4..]}");
        SensitiveDataGuard.Scan(FakeSecrets.Group(card, '-')).Single().Masked.Should().Be($"{card[..4]}**********{card[^4..]}");
    }

    [Fact]
    public void A_15_digit_card_keeps_3_digits_at_each_end()
    {
        var card = fake.CardNumber("37", 15);

        SensitiveDataGuard.Scan(card).Single().Masked.Should().Be($"{card[..3]}**********{card[^3..]}");
    }

    [Fact]
    public void An_identity_number_keeps_its_first_and_last_4_characters()
    {
        var id = fake.ResidentId(withX: true);

        SensitiveDataGuard.Scan(id).Single().Masked.Should().Be($"{id[..4]}**********{id[^4..]}");
    }

    [Fact]
    public void A_private_key_keeps_its_markers_and_masks_its_body()
    {
        var pem = fake.PemPrivateKey();
        var body = pem.Split('\n')[1..^1];
        var last4 = string.Concat(body)[^4..];

        SensitiveDataGuard.Scan(pem).Single().Masked
            .Should().Be($"-----BEGIN RSA PRIVATE KEY-----\nMIIE**********{last4}\n-----END RSA PRIVATE KEY-----");
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_mask_never_holds_more_than_8_characters_of_the_secret_value(string text, SensitiveKind kind, string secret)
    {
        var masked = SensitiveDataGuard.Scan(text).Single().Masked;

        masked.Should().Contain("**********");
        masked.Should().NotContain(secret);
        // Labels, "sk-", the "alltkn_pat_" of a personal API token and PEM markers stay readable; what is left of
        // the value on either side of the asterisks (up to a separator) is at most 4 + 4 characters.
        var around = masked.Split("**********");
        around.Should().HaveCount(2);
        var before = around[0].Split(Separators)[^1];
        if (kind == SensitiveKind.HandoffApiToken)
        {
            before.Should().StartWith("alltkn_pat_");
            before = before["alltkn_pat_".Length..];
        }

        var keptValue = before.Length + around[1].Split(Separators)[0].Length;
        keptValue.Should().BeLessThanOrEqualTo(4 + 4);
    }

    private static readonly char[] Separators = [' ', '\r', '\n', ':', '：', '=', '"', '\'', '-'];
}
