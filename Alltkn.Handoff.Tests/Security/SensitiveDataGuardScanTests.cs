using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

public sealed class SensitiveDataGuardScanTests
{
    public static TheoryData<string, SensitiveKind, string> Secrets => SecretCorpus.Cases;

    public static TheoryData<string> NearMisses => NearMissCorpus.Cases;

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Scan_finds_every_secret_in_the_corpus(string text, SensitiveKind kind, string secret)
    {
        var findings = SensitiveDataGuard.Scan(text);

        var finding = findings.Should().ContainSingle().Which;
        finding.Kind.Should().Be(kind);
        finding.Start.Should().Be(text.IndexOf(secret, StringComparison.Ordinal));
        finding.Length.Should().Be(secret.Length);
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_flags_no_near_miss(string text)
    {
        SensitiveDataGuard.Scan(text).Should().BeEmpty();
    }

    [Fact]
    public void The_corpora_cover_every_kind_with_at_least_sixty_cases_each()
    {
        var kinds = Secrets.Concat(UnicodeSecretCorpus.Cases).Select(row => row.Data.Item2).ToHashSet();

        kinds.Should().BeEquivalentTo(Enum.GetValues<SensitiveKind>());
        Secrets.Count().Should().BeGreaterThanOrEqualTo(60);
        NearMisses.Count().Should().BeGreaterThanOrEqualTo(60);
    }

    [Fact]
    public void Scan_returns_every_secret_of_a_long_text_in_order_without_overlaps()
    {
        var rows = Secrets.Select(row => (Text: row.Data.Item1, Kind: row.Data.Item2)).ToList();
        var text = string.Join("\n——\n", rows.Select(row => row.Text));

        var findings = SensitiveDataGuard.Scan(text);

        findings.Select(f => f.Kind).Should().Equal(rows.Select(row => row.Kind));
        findings.Zip(findings.Skip(1)).Should().OnlyContain(pair => pair.First.End <= pair.Second.Start);
    }

    [Fact]
    public void Scan_reports_a_secret_inside_a_header_or_password_once_as_the_header_or_password()
    {
        var key = new FakeSecrets(7).RelayKey();

        SensitiveDataGuard.Scan($"Authorization: Bearer {key}").Should().ContainSingle()
            .Which.Kind.Should().Be(SensitiveKind.AuthorizationHeader);
        SensitiveDataGuard.Scan($"password={key}").Should().ContainSingle()
            .Which.Kind.Should().Be(SensitiveKind.Password);
    }

    [Fact]
    public void Scan_takes_anything_in_the_exact_relay_key_shape_for_a_key_unless_it_is_a_typed_placeholder()
    {
        var unlikelyButKeyShaped = "sk-" + new string('a', 24) + new string('B', 24);

        SensitiveDataGuard.Scan(unlikelyButKeyShaped).Should().ContainSingle()
            .Which.Kind.Should().Be(SensitiveKind.RelayApiKey);
        SensitiveDataGuard.Scan("sk-" + new string('x', 48)).Should().BeEmpty();
        SensitiveDataGuard.Scan("sk-" + new string('a', 48)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("企业试用阶段先跑通最小请求、stream、余额不足和 429。")]
    public void Scan_finds_nothing_in_empty_or_clean_text(string? text)
    {
        SensitiveDataGuard.Scan(text).Should().BeEmpty();
        SensitiveDataGuard.ContainsSecrets(text).Should().BeFalse();
    }

    [Fact]
    public void ContainsSecrets_is_true_when_a_secret_is_anywhere_in_the_text()
    {
        var key = new FakeSecrets(11).RelayKey();

        SensitiveDataGuard.ContainsSecrets($"试用阶段记录：gpt-4o-mini 返回 429，密钥是{key}请勿外传").Should().BeTrue();
    }
}
