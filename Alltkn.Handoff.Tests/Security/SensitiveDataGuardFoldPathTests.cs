using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// The guard builds its folded view three ways: not at all (nothing to fold, or only the full-width comma and
/// semicolon, which no detector tells apart from <c>,</c> and <c>;</c>), by patching one-for-one folds in a copy,
/// and piece by piece with a position map (from the first fold that changes the length). All three find the same.
/// </summary>
public sealed class SensitiveDataGuardFoldPathTests
{
    /// <summary>Text with a secret of every kind and only ASCII around them (the identity view).</summary>
    private static string Plain()
    {
        var fake = new FakeSecrets(1301);
        return $"key {fake.RelayKey()} and Authorization: Bearer {fake.Jwt()}\n"
            + $"password={fake.Password()} card {FakeSecrets.Group(fake.CardNumber("4", 16), ' ')} id {fake.ResidentId()}\n"
            + $"{fake.PemPrivateKey()}\ngoogle {fake.GoogleKey()} aws {fake.AwsKey()} end";
    }

    public static TheoryData<string, string> Prefixes => new()
    {
        { "full-width brackets and colon: one-for-one patches in a copy", "全角（括号）：" },
        { "an en dash: one-for-one", "2026–11–28 " },
        { "a zero-width space: the view with a map", "\u200B" },
        { "an ellipsis: a longer fold, with a map", "见下…" },
        { "a one-for-one fold, then a longer one", "（）：… " },
        { "the full-width comma and semicolon: no copy", "说明，如下；" },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Every_way_of_building_the_view_finds_the_same_secrets_at_the_same_original_places(string why, string prefix)
    {
        _ = why;
        var plain = Plain();
        var expected = SensitiveDataGuard.Scan(plain);
        expected.Should().HaveCount(8);

        var text = prefix + plain;
        var findings = SensitiveDataGuard.Scan(text);

        findings.Should().BeEquivalentTo(
            expected.Select(f => f with { Start = f.Start + prefix.Length }),
            options => options.WithStrictOrdering());
        SensitiveDataGuard.Redact(text).Should().Be(prefix + SensitiveDataGuard.Redact(plain));
    }

    [Fact]
    public void A_full_width_key_after_ordinary_Chinese_punctuation_is_found_at_its_original_position()
    {
        var key = new FakeSecrets(1302).RelayKey();
        var fullWidth = UnicodeSecretCorpus.FullWidth(key);
        var text = $"试用记录，共三条；第一条（见附件）：密钥是{fullWidth}，请勿外传。";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Kind.Should().Be(SensitiveKind.RelayApiKey);
        text.Substring(finding.Start, finding.Length).Should().Be(fullWidth);
        SensitiveDataGuard.Redact(text).Should().Be($"试用记录，共三条；第一条（见附件）：密钥是sk-{key[3..7]}**********{key[^4..]}，请勿外传。");
    }

    [Fact]
    public void A_full_width_key_after_a_zero_width_space_after_full_width_punctuation_is_found_at_its_original_position()
    {
        var key = new FakeSecrets(1303).RelayKey();
        var fullWidth = UnicodeSecretCorpus.FullWidth(key);
        var text = $"（一）：\u200B密钥 {fullWidth}（二）";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        text.Substring(finding.Start, finding.Length).Should().Be(fullWidth);
    }

    [Theory]
    [InlineData(",", "，")]
    [InlineData(";", "；")]
    public void The_full_width_comma_and_semicolon_count_as_their_ASCII_forms(string ascii, string fullWidth)
    {
        var fake = new FakeSecrets(1304);
        var card = fake.CardNumber("4", 16);
        var password = fake.Password();
        // A card followed by a comma and a digit is a list of numbers (4111…1111,5), not a card on its own.
        var text = $"卡号 {card}{ascii}5 月到期{ascii}密码：{password}{ascii}已改";

        var withAscii = SensitiveDataGuard.Scan(text);
        var withFullWidth = SensitiveDataGuard.Scan(text.Replace(ascii, fullWidth, StringComparison.Ordinal));

        withFullWidth.Should().BeEquivalentTo(withAscii, options => options.WithStrictOrdering());
        withFullWidth.Select(f => f.Kind).Should().Equal(
            ascii == "," ? [SensitiveKind.Password] : [SensitiveKind.BankCardNumber, SensitiveKind.Password]);
    }
}
