using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>The guard scans a normalized view of the text and reports and masks what it finds at the original positions.</summary>
public sealed class SensitiveDataGuardUnicodeTests
{
    public static TheoryData<string, SensitiveKind, string> Secrets => UnicodeSecretCorpus.Cases;

    public static TheoryData<string> NearMisses => UnicodeNearMissCorpus.Cases;

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Scan_finds_a_secret_hidden_by_Unicode_at_its_original_span(string text, SensitiveKind kind, string secret)
    {
        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Kind.Should().Be(kind);
        text.Substring(finding.Start, finding.Length).Should().Be(secret);
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_leaves_ordinary_Unicode_text_unflagged(string text)
    {
        SensitiveDataGuard.Scan(text).Should().BeEmpty();
        SensitiveDataGuard.Redact(text).Should().BeSameAs(text);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void The_masked_text_passes_the_guard_and_keeps_everything_around_the_secret(string text, SensitiveKind kind, string secret)
    {
        _ = kind;
        var redacted = SensitiveDataGuard.Redact(text);

        SensitiveDataGuard.Scan(redacted).Should().BeEmpty();
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        redacted.Should().StartWith(text[..at]).And.EndWith(text[(at + secret.Length)..]);
        redacted.Should().NotContainAny("\u200B", "\u200C", "\u200D", "\u00AD", "\u2060", "\uFEFF", "\u202E", "\u2066");
    }

    [Fact]
    public void A_full_width_key_is_masked_in_New_API_form_in_place_of_the_full_width_characters()
    {
        var key = new FakeSecrets(31).RelayKey();
        var text = $"密钥是{UnicodeSecretCorpus.FullWidth(key)}请勿外传";

        SensitiveDataGuard.Redact(text).Should().Be($"密钥是sk-{key[3..7]}**********{key[^4..]}请勿外传");
    }

    [Fact]
    public void A_key_with_zero_width_spaces_is_reported_from_its_first_to_its_last_character_and_masked_without_them()
    {
        var key = new FakeSecrets(32).RelayKey();
        var hidden = UnicodeSecretCorpus.Sprinkle(key, "\u200B", 10);
        var text = $"见 {hidden}。";

        var finding = SensitiveDataGuard.Scan(text).Single();

        finding.Start.Should().Be(2);
        finding.Length.Should().Be(hidden.Length);
        finding.Masked.Should().Be($"sk-{key[3..7]}**********{key[^4..]}");
        SensitiveDataGuard.Redact(text).Should().Be($"见 sk-{key[3..7]}**********{key[^4..]}。");
    }

    [Fact]
    public void A_label_keeps_the_way_it_was_written_in_the_mask()
    {
        SensitiveDataGuard.Scan("密码：Hunter2024!").Single().Masked.Should().Be("密码：Hu**********4!");
        SensitiveDataGuard.Scan("ｐａｓｓｗｏｒｄ＝Hunter2024!").Single().Masked.Should().Be("ｐａｓｓｗｏｒｄ＝Hu**********4!");
    }

    [Fact]
    public void An_upper_case_key_keeps_its_upper_case_prefix_in_the_mask()
    {
        var key = "SK-" + new FakeSecrets(33).RelayKey()[3..];

        SensitiveDataGuard.Scan(key).Single().Masked.Should().Be($"SK-{key[3..7]}**********{key[^4..]}");
    }

    [Fact]
    public void A_key_broken_over_two_lines_is_masked_as_one_key()
    {
        var key = new FakeSecrets(34).RelayKey();
        var text = $"密钥：\n{key[..30]}\n{key[30..]}\n请勿外传";

        SensitiveDataGuard.Redact(text).Should().Be($"密钥：\nsk-{key[3..7]}**********{key[^4..]}\n请勿外传");
    }

    [Fact]
    public void A_bidi_override_is_its_own_finding_and_the_offered_text_drops_it()
    {
        const string text = "ORD-\u202Egnp.exe";

        var finding = SensitiveDataGuard.Scan(text).Single();

        finding.Should().Be(new SensitiveFinding(SensitiveKind.BidiControl, 4, 1, ""));
        SensitiveDataGuard.Redact(text).Should().Be("ORD-gnp.exe");
    }

    [Fact]
    public void Every_bidi_control_is_found_and_removed()
    {
        var controls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";
        foreach (var control in controls)
        {
            var text = $"联系人{control}王芳";

            SensitiveDataGuard.Scan(text).Should().ContainSingle().Which.Kind.Should().Be(SensitiveKind.BidiControl);
            SensitiveDataGuard.Redact(text).Should().Be("联系人王芳");
        }
    }

    [Fact]
    public void A_bidi_control_inside_a_key_goes_with_the_key_mask()
    {
        var key = new FakeSecrets(35).RelayKey();
        var text = $"key {key[..20]}\u202E{key[20..]} end";

        var finding = SensitiveDataGuard.Scan(text).Single();

        finding.Kind.Should().Be(SensitiveKind.RelayApiKey);
        SensitiveDataGuard.Redact(text).Should().Be($"key sk-{key[3..7]}**********{key[^4..]} end");
    }

    [Fact]
    public void Findings_after_folded_characters_keep_their_original_positions()
    {
        var key = new FakeSecrets(36).RelayKey();
        var text = $"说明\u200B：％20 全角（括号）… {key}";

        var finding = SensitiveDataGuard.Scan(text).Single();

        finding.Start.Should().Be(text.IndexOf(key, StringComparison.Ordinal));
        finding.Length.Should().Be(key.Length);
    }
}
