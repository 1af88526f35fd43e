using System.Text;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// Where the folded view is not one character for one (dropped invisible characters, <c>%XX</c> decoded to one
/// character, <c>…</c> folded to three, a mathematical letter's surrogate pair folded to one), every finding must
/// still be reported, and masked, at exactly the original characters it came from: its first character's start and
/// its last character's end, invisible characters just outside it left out.
/// </summary>
public sealed class SensitiveDataGuardPositionMapTests
{
    /// <summary>Folds that change the length, each of which leaves the detectors' view of a secret beside it unchanged.</summary>
    public static TheoryData<string, string> LengthChangingFolds => new()
    {
        { "ellipsis, three view characters from one", "…" },
        { "zero-width space, dropped", "\u200B" },
        { "a run of invisible characters, dropped", "\u200B\u00AD\u2060\uFEFF" },
        { "percent-encoded space, one view character from three", "%20" },
        { "a mathematical bold letter, one view character from a surrogate pair", "\U0001D400" },
        { "the ligature ﬃ, three from one", "\uFB03" },
        { "a full-width colon, one for one", "：" },
    };

    [Theory]
    [MemberData(nameof(LengthChangingFolds))]
    public void Secrets_between_runs_of_a_length_changing_fold_are_found_at_their_original_places(string why, string fold)
    {
        _ = why;
        var fake = new FakeSecrets(4401);
        string[] secrets = [fake.RelayKey(), fake.GoogleKey(), fake.AwsKey(), fake.AnthropicKey()];
        var text = new StringBuilder();
        var expected = new List<(int Start, string Secret)>();
        for (var i = 0; i < secrets.Length; i++)
        {
            // A different number of folds before each secret, so that each is shifted by a different amount.
            text.Append(' ').Append(string.Concat(Enumerable.Repeat(fold, 1 + (i * 37)))).Append(' ');
            expected.Add((text.Length, secrets[i]));
            text.Append(secrets[i]);
        }

        text.Append(' ').Append(fold).Append(" end");
        var original = text.ToString();

        var findings = SensitiveDataGuard.Scan(original);

        findings.Select(f => (f.Start, original.Substring(f.Start, f.Length))).Should().Equal(expected);
        var redacted = SensitiveDataGuard.Redact(original);
        foreach (var secret in secrets)
        {
            redacted.Should().NotContain(secret[^12..]);
        }

        redacted.Should().EndWith($" {fold} end");
    }

    [Fact]
    public void A_key_with_invisible_characters_inside_and_around_it_spans_from_its_first_to_its_last_visible_character()
    {
        var key = new FakeSecrets(4402).RelayKey();
        var inside = UnicodeSecretCorpus.Sprinkle(key, "\u200B\u200D", 5);
        var text = $"…\u200B\u200B{inside}\u200B\u00AD 之后";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Start.Should().Be(3);
        text.Substring(finding.Start, finding.Length).Should().Be(inside);
        SensitiveDataGuard.Redact(text).Should().Be($"…\u200B\u200Bsk-{key[3..7]}**********{key[^4..]}\u200B\u00AD 之后");
    }

    [Fact]
    public void A_key_percent_encoded_to_its_last_character_ends_after_the_last_escape()
    {
        var key = new FakeSecrets(4403).RelayKey();
        var encoded = UnicodeSecretCorpus.PercentEncodeAll(key);
        var text = $"…… q={encoded}&x=1";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        text.Substring(finding.Start, finding.Length).Should().Be(encoded);
        SensitiveDataGuard.Redact(text).Should().Be($"…… q=sk-{key[3..7]}**********{key[^4..]}&x=1");
    }

    [Fact]
    public void A_key_of_mathematical_letters_is_masked_on_whole_surrogate_pairs()
    {
        var letters = new FakeSecrets(4404).RelayKey()[3..];
        var bold = string.Concat(letters.Select(c => char.ConvertFromUtf32(c switch
        {
            >= 'A' and <= 'Z' => 0x1D400 + (c - 'A'),
            >= 'a' and <= 'z' => 0x1D41A + (c - 'a'),
            _ => 0x1D7CE + (c - '0'),
        })));
        var text = $"…key sk-{bold} 完";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        text.Substring(finding.Start, finding.Length).Should().Be($"sk-{bold}");
        SensitiveDataGuard.Redact(text).Should().Be($"…key sk-{letters[..4]}**********{letters[^4..]} 完");
    }

    [Fact]
    public void A_label_keeps_its_original_characters_when_length_changing_folds_come_before_it()
    {
        var password = new FakeSecrets(4405).Password(16);
        var text = $"……%20说明：\u200B密码：{password}。";

        var redacted = SensitiveDataGuard.Redact(text);

        redacted.Should().Be($"……%20说明：\u200B密码：{password[..4]}**********{password[^4..]}。");
    }

    [Fact]
    public void A_megabyte_of_ellipses_with_a_key_at_the_end_reports_the_key_at_its_original_place()
    {
        var key = new FakeSecrets(4406).RelayKey();
        var ellipses = new string('…', 1 << 20);
        var text = $"{ellipses} {key}";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Start.Should().Be(ellipses.Length + 1);
        finding.Length.Should().Be(key.Length);
    }
}
