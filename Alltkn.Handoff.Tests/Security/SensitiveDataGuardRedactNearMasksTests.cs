using System.Text;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// <see cref="SensitiveDataGuard.Redact"/> scans the text once, masks every finding, and then looks again only
/// around the masks (a mask can make a new finding with its neighbours). These tests hold it to the plain way —
/// scan the whole masked text again and again until nothing is found — on every corpus and on generated text where
/// secrets, labels, long values, masks and folds meet: the same result, and nothing left that a scan would find.
/// </summary>
public sealed class SensitiveDataGuardRedactNearMasksTests
{
    /// <summary>Redact the plain way: the whole text scanned again after every round of masks.</summary>
    private static string RedactByWholeScans(string text)
    {
        for (var round = 1; SensitiveDataGuard.Scan(text) is { Count: > 0 } findings; round++)
        {
            var result = new StringBuilder();
            var copied = 0;
            foreach (var finding in findings)
            {
                result.Append(text, copied, finding.Start - copied)
                    .Append(round > 8 && finding.Masked.Length > 0 ? "**********" : finding.Masked);
                copied = finding.End;
            }

            text = result.Append(text, copied, text.Length - copied).ToString();
        }

        return text;
    }

    public static TheoryData<string> Corpora()
    {
        var texts = new TheoryData<string>();
        foreach (var row in SecretCorpus.Cases.Concat(UnicodeSecretCorpus.Cases))
        {
            texts.Add(row.Data.Item1);
        }

        foreach (var row in NearMissCorpus.Cases.Concat(UnicodeNearMissCorpus.Cases))
        {
            texts.Add(row.Data);
        }

        texts.Add("密码=Bearer abcDEF123ASIApasswd: ASIAbA2bf6aFD");
        texts.Add("口令：Bearer 9f8e7d6c5b4a3928 pwd=Hunter22");
        return texts;
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Every_corpus_text_is_redacted_as_by_whole_scans_and_nothing_is_left(string text)
    {
        var redacted = SensitiveDataGuard.Redact(text);

        redacted.Should().Be(RedactByWholeScans(text));
        SensitiveDataGuard.Scan(redacted).Should().BeEmpty();
    }

    [Fact]
    public void Generated_text_where_secrets_labels_long_values_and_folds_meet_is_redacted_as_by_whole_scans()
    {
        var failures = new List<string>();
        for (var seed = 0; seed < 400; seed++)
        {
            var text = Generated(seed);
            var redacted = SensitiveDataGuard.Redact(text);
            if (redacted != RedactByWholeScans(text) || SensitiveDataGuard.Scan(redacted).Count > 0)
            {
                failures.Add($"seed {seed}: {text}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void A_secret_far_from_any_mask_is_still_masked()
    {
        var fake = new FakeSecrets(4501);
        var first = fake.RelayKey();
        var far = fake.GoogleKey();
        var text = $"{first} {new string('x', 5000)} 说明{new string('。', 3000)} {far}";

        var redacted = SensitiveDataGuard.Redact(text);

        redacted.Should().NotContain(first).And.NotContain(far);
        SensitiveDataGuard.Scan(redacted).Should().BeEmpty();
    }

    [Fact]
    public void A_label_whose_value_runs_far_past_a_mask_is_masked_as_by_whole_scans()
    {
        var fake = new FakeSecrets(4502);
        var text = $"password={new string('a', 700)}{fake.RelayKey()}{new string('b', 700)} Authorization: Bearer {fake.Jwt()}{new string('c', 300)}";

        SensitiveDataGuard.Redact(text).Should().Be(RedactByWholeScans(text));
    }

    /// <summary>A few pieces, joined at random: secrets, labels, long runs of value characters, masks, digits and folds.</summary>
    private static string Generated(int seed)
    {
        var random = new Random(seed);
        var fake = new FakeSecrets(seed + 9000);
        Func<string>[] pieces =
        [
            fake.RelayKey, fake.Jwt, () => fake.AwsKey(), fake.GoogleKey, () => fake.Password(), () => fake.PemPrivateKey(),
            () => fake.CardNumber("4", 16), () => FakeSecrets.Group(fake.CardNumber("5", 16), ' '), () => fake.ResidentId(),
            () => "password=", () => "密码：", () => "Authorization: Bearer ", () => "x-api-key: ", () => "pwd=", () => "口令=",
            () => "sk-", () => "Bearer ", () => "-----BEGIN RSA PRIVATE KEY-----\n", () => "-----END RSA PRIVATE KEY-----",
            () => fake.Chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", random.Next(1, 400)),
            () => new string('1', random.Next(1, 30)), () => "sk-AbCd**********WxYz", () => "**********",
            () => " ", () => "\n", () => "，", () => "…", () => "\u200B", () => "%2D", () => "ｓｋ－", () => "：", () => "\u202E",
            () => "订单 ORD-20261128-000123 ", () => "4111 ",
        ];
        var text = new StringBuilder();
        var count = random.Next(2, 14);
        for (var i = 0; i < count; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]());
        }

        return text.ToString();
    }
}
