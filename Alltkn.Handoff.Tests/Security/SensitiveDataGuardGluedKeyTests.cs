using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.Tests.Security;

/// <summary>
/// A key glued to what comes before it by <c>-</c> or <c>_</c> is still a key: an environment-style name
/// (<c>OPENAI_API_KEY_sk-…</c>), a label joined with a dash (<c>prod-sk-…</c>), or a second key joined to the first.
/// A key prefix inside a word (<c>tasksk-</c>, <c>AKIAsk-</c>) is not a key's start.
/// </summary>
public sealed class SensitiveDataGuardGluedKeyTests
{
    private static readonly FakeSecrets Secrets = new(20261202);

    public static TheoryData<string, SensitiveKind> GluedKeys()
    {
        var relay = Secrets.RelayKey();
        var project = Secrets.OpenAiProjectKey();
        var other = "sk-Q7vR2mXk9LpT4wZs8NbY3cHd6FgJ1aEu";
        var jwt = Secrets.Jwt();
        var token = Secrets.HandoffToken();
        return new TheoryData<string, SensitiveKind>
        {
            { "prod-" + relay, SensitiveKind.RelayApiKey },
            { "OPENAI_API_KEY_" + project, SensitiveKind.OpenAiKey },
            { "my-api-key-" + other, SensitiveKind.OtherApiKey },
            { "session-" + jwt, SensitiveKind.Jwt },
            { "PAT_" + token, SensitiveKind.HandoffApiToken },
        };
    }

    [Theory]
    [MemberData(nameof(GluedKeys))]
    public void A_key_glued_by_a_dash_or_underscore_is_found_and_masked(string text, SensitiveKind kind)
    {
        var finding = SensitiveDataGuard.Scan(text).Should().ContainSingle().Subject;

        finding.Kind.Should().Be(kind);
        finding.End.Should().Be(text.Length);
        SensitiveDataGuard.ContainsSecrets(SensitiveDataGuard.Redact(text)).Should().BeFalse();
    }

    [Fact]
    public void Two_keys_joined_by_a_dash_are_both_masked()
    {
        var first = "sk-Q7vR2mXk9LpT4wZs8NbY3cHd6FgJ1aEu";
        var second = Secrets.OpenAiProjectKey();
        var text = first + "-" + second;

        var redacted = SensitiveDataGuard.Redact(text);

        redacted.Should().NotContain(first[7..^4]).And.NotContain(second[12..^4]);
        redacted.Should().Be($"sk-Q7vR**********1aEu-sk-proj**********{second[^4..]}");
    }

    [Fact]
    public void A_short_value_before_a_glued_key_does_not_hide_the_key()
    {
        var key = "sk-Q7vR2mXk9LpT4wZs8NbY3cHd6FgJ1aEu";

        SensitiveDataGuard.Redact("sk-short-" + key).Should().Be("sk-short-sk-Q7vR**********1aEu");
    }

    [Theory]
    [InlineData("tasksk-Q7vR2mXk9LpT4wZs8NbY3cHd6FgJ1aEu")]
    [InlineData("risk-assessment-report-2024")]
    [InlineData("disk-0123456789")]
    [InlineData("task-sk-xxxx")]
    public void A_prefix_inside_a_word_or_before_no_key_is_left_alone(string text)
    {
        SensitiveDataGuard.Scan(text).Should().BeEmpty();
    }
}
