using System.Text;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// The folded view is kept small and cheap (issue 13 point 3): a run of dot folds (<c>……</c>) gives at most three
/// dots, a longer fold with no ASCII in it (<c>ﷺ</c>, <c>㍿</c>) gives its first character alone, and no position map
/// is written — positions are mapped back from checkpoints, for the findings only. None of it may change what is
/// found, where, or how it is masked.
/// </summary>
public sealed class SensitiveDataGuardCompactFoldTests
{
    [Theory]
    [InlineData("…")]
    [InlineData("……")]
    [InlineData("‥‥")]
    [InlineData("……………………")]
    public void A_value_with_an_ellipsis_inside_is_a_placeholder_as_with_three_dots(string ellipsis)
    {
        SensitiveDataGuard.Scan($"password=abcd{ellipsis}wxyz").Should().BeEquivalentTo(SensitiveDataGuard.Scan("password=abcd...wxyz"));
        SensitiveDataGuard.Scan($"password=abcd{ellipsis}wxyz").Should().BeEmpty();
        SensitiveDataGuard.Scan($"Authorization: Bearer sk-AbCd{ellipsis}WxYz").Should().BeEmpty();
        SensitiveDataGuard.Scan($"密码：Abc1{ellipsis}5678").Should().BeEmpty();
    }

    [Fact]
    public void A_password_ending_in_an_ellipsis_is_found_without_it_as_with_dots()
    {
        var password = new FakeSecrets(5101).Password(16);
        var text = $"密码：{password}……";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        text.Substring(finding.Start, finding.Length).Should().Be($"密码：{password}");
        SensitiveDataGuard.Redact(text).Should().Be($"密码：{password[..4]}**********{password[^4..]}……");
    }

    [Theory]
    [InlineData("\u247D")] // (10): the view is four times the text, its buffer grows
    [InlineData("…a")] // a dot fold between plain letters
    [InlineData("\u200B…\uFB01")] // dropped, dots, a two-character fold
    public void Keys_after_a_long_run_that_makes_the_view_grow_are_found_and_masked_at_their_places(string unit)
    {
        var fake = new FakeSecrets(5103);
        var run = string.Concat(Enumerable.Repeat(unit, 200_000 / unit.Length));
        var first = fake.RelayKey();
        var second = fake.HandoffToken();
        var text = $"{run} {first} {run}{run} {second} {run}";

        var findings = SensitiveDataGuard.Scan(text);

        findings.Select(f => text.Substring(f.Start, f.Length)).Should().Equal(first, second);
        findings[0].Start.Should().Be(run.Length + 1);
        SensitiveDataGuard.Redact(text).Should().Be(
            $"{run} {first[..7]}**********{first[^4..]} {run}{run} {second[..15]}**********{second[^4..]} {run}");
    }

    [Theory]
    [InlineData("\uFDFA")] // eighteen characters: four Arabic words
    [InlineData("\u337F")] // 株式会社
    [InlineData("\u3250")] // PTE: ASCII, keeps its length
    [InlineData("\u247D")] // (10)
    [InlineData("\uFB01")] // fi
    public void Keys_between_runs_of_a_longer_fold_are_found_at_their_original_places(string fold)
    {
        var fake = new FakeSecrets(5102);
        var text = new StringBuilder();
        var expected = new List<(int Start, string Secret)>();
        for (var i = 0; i < 6; i++)
        {
            text.Append(string.Concat(Enumerable.Repeat(fold, 1 + (i * 29)))).Append(' ');
            var key = i % 2 == 0 ? fake.RelayKey() : fake.HandoffToken();
            expected.Add((text.Length, key));
            text.Append(key).Append(' ');
        }

        var original = text.Append(fold).ToString();

        SensitiveDataGuard.Scan(original).Select(f => (f.Start, original.Substring(f.Start, f.Length))).Should().Equal(expected);
        SensitiveDataGuard.Redact(original).Should().EndWith(fold).And.NotContain(expected[0].Secret[^10..]);
    }

    [Fact]
    public void A_fold_whose_characters_a_detector_reads_keeps_them()
    {
        // ㋿ folds to 令和: after 口 that is 口令和, not the label 口令 followed by a separator.
        SensitiveDataGuard.Scan("口\u32FF：abcd1234").Should().BeEmpty();
        SensitiveDataGuard.Scan("口令和：abcd1234").Should().BeEmpty();
        SensitiveDataGuard.Scan("口令：abcd1234").Should().ContainSingle();
    }

    [Fact]
    public void Thousands_of_findings_among_length_changing_folds_are_each_mapped_to_their_original_span()
    {
        var fake = new FakeSecrets(5103);
        string[] folds = ["\u200B", "…", "\uFB01", "%20", "\U0001D400", "……", "\u202E", "ｓｋ"];
        var text = new StringBuilder();
        var expected = new List<(int Start, string Secret)>();
        for (var i = 0; i < 3000; i++)
        {
            text.Append(string.Concat(Enumerable.Repeat(folds[i % folds.Length], i % 97))).Append(' ');
            var secret = (i % 3) switch
            {
                0 => fake.RelayKey(),
                1 => "Authorization: Bearer " + fake.Jwt(),
                _ => UnicodeSecretCorpus.Sprinkle(fake.AwsKey(), "\u200B", 5),
            };
            expected.Add((text.Length, secret));
            text.Append(secret).Append(' ');
        }

        var original = text.ToString();
        var findings = SensitiveDataGuard.Scan(original).Where(f => f.Kind != SensitiveKind.BidiControl).ToList();

        findings.Select(f => (f.Start, original.Substring(f.Start, f.Length))).Should().Equal(expected);
        SensitiveDataGuard.ContainsSecrets(SensitiveDataGuard.Redact(original)).Should().BeFalse();
    }

    [Fact]
    public void A_percent_sign_that_encodes_nothing_among_one_for_one_folds_stays_as_it_is()
    {
        var key = new FakeSecrets(5104).RelayKey();
        var text = $"（完成度 100%，%zz）：{key}";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Start.Should().Be(text.IndexOf(key, StringComparison.Ordinal));
        SensitiveDataGuard.Redact(text).Should().Be($"（完成度 100%，%zz）：sk-{key[3..7]}**********{key[^4..]}");
    }

    [Fact]
    public void A_key_after_a_megabyte_of_zero_width_spaces_between_letters_is_found_at_its_original_place()
    {
        var key = new FakeSecrets(5105).RelayKey();
        var laden = new StringBuilder();
        while (laden.Length < 1 << 20)
        {
            laden.Append("说明 text\u200B");
        }

        var text = $"{laden} {key}";

        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Start.Should().Be(laden.Length + 1);
        finding.Length.Should().Be(key.Length);
    }
}
