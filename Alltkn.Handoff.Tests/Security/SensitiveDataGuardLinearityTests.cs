using System.Diagnostics;
using System.Text;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// Crafted input cannot make the guard slow: a megabyte of one trigger repeated is scanned and redacted like any other
/// megabyte. Before the detectors were made linear, 1 MB of <c>password=</c> took 87 s to scan. The bound here is a
/// generous sanity check (a Debug build on a busy shared machine; the benchmark measures, docs/benchmarks.md has the
/// numbers), so it cannot flake and still fails on quadratic work, which takes minutes.
/// </summary>
public sealed class SensitiveDataGuardLinearityTests
{
    private const int Megabyte = 1024 * 1024;

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Units =>
    [
        "password=", "password: ", "pwd=", "Authorization: ", "Authorization:", "Bearer ", "x-api-key:", "api-key: ",
        "sk-", "SK-", "sk-AbCd AbCd ", "1", "4111 ", "1234-", "eyJ", "eyJhbGciOiJIUzI1NiJ9.", "-----BEGIN RSA PRIVATE KEY-----\n",
        "-----BEGIN ", "密码：", "密码=a", "口令：", "\u200B", "%2D", "ｓｋ－", "…", "a\u202E",
        "\uFB01", "\uFDFA", "\u247D", "a\u200B", "…a", "‥", "\U0001D400", "sk-\u200B", "sk-…", "ａｌｌｔｋｎ＿ｐａｔ＿", "alltkn_pat_",
        "-sk-", "sk-proj-", "_sk-proj-", "eyJ-", "eyJhbGciOiJIUzI1NiJ9.P1-", "_alltkn_pat_", "x-sk-AbCd-",
    ];

    [Theory]
    [MemberData(nameof(Units))]
    public void A_megabyte_of_one_trigger_repeated_is_scanned_and_redacted_within_the_bound(string unit)
    {
        var text = Repeat(unit, Megabyte);

        var watch = Stopwatch.StartNew();
        var findings = SensitiveDataGuard.Scan(text);
        var redacted = SensitiveDataGuard.Redact(text);
        watch.Stop();

        watch.Elapsed.Should().BeLessThan(Generous);
        findings.Zip(findings.Skip(1)).Where(pair => pair.First.End > pair.Second.Start).Should().BeEmpty();
        SensitiveDataGuard.ContainsSecrets(redacted).Should().BeFalse();
    }

    [Fact]
    public void Label_values_that_are_examined_and_rejected_are_bounded_too()
    {
        // Each run holds labels whose values are examined in full and turn out to be placeholders ("masked").
        var run = Repeat("password=", 120) + "masked ";
        var text = Repeat(run, Megabyte);

        var watch = Stopwatch.StartNew();
        SensitiveDataGuard.Redact(text);
        watch.Stop();

        watch.Elapsed.Should().BeLessThan(Generous);
    }

    [Fact]
    public void A_label_followed_by_a_very_long_value_is_masked_without_examining_all_of_it()
    {
        var value = new FakeSecrets(41).Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 5000);
        var text = $"password={value} done";

        var finding = SensitiveDataGuard.Scan(text).Single();

        finding.Kind.Should().Be(SensitiveKind.Password);
        finding.Length.Should().Be("password=".Length + value.Length);
        SensitiveDataGuard.Redact(text).Should().Be($"password={value[..4]}**********{value[^4..]} done");
    }

    [Fact]
    public void Overlapping_headers_in_a_chain_are_chosen_among_in_order_without_quadratic_work()
    {
        // Every header's value is the next header's label: all overlap one another in one long chain.
        var text = Repeat("Authorization: Xy7kQ2mWp9 ", Megabyte);

        var watch = Stopwatch.StartNew();
        var findings = SensitiveDataGuard.Scan(text);
        watch.Stop();

        watch.Elapsed.Should().BeLessThan(Generous);
        findings.Should().NotBeEmpty();
        findings.Zip(findings.Skip(1)).Where(pair => pair.First.End > pair.Second.Start).Should().BeEmpty();
    }

    private static string Repeat(string unit, int length)
    {
        var text = new StringBuilder(length + unit.Length);
        while (text.Length < length)
        {
            text.Append(unit);
        }

        text.Length = length;
        return text.ToString();
    }
}
