using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Tests.Security;
using Bunit;

namespace Alltkn.Handoff.Tests.Components.Onboardings;

/// <summary>
/// A secret refusal lists each finding. One masked as nothing — a bidi control, which the masked text simply leaves
/// out — says to remove it instead of "shown masked as" followed by nothing.
/// </summary>
public sealed class OutcomeAlertTests : MudTestContext
{
    private static readonly string Key = new FakeSecrets(1313).RelayKey();

    private static readonly string Text = $"ORD-\u202Egnp.exe and key {Key}";

    private static Outcome Refusal() => Outcome.SecretFound(
    [
        new FieldSecret("Reason", SensitiveDataGuard.Scan(Text), SensitiveDataGuard.Redact(Text)),
    ]);

    [Theory]
    [InlineData("en", "remove it", "shown masked as")]
    [InlineData("zh-CN", "请删除它", "脱敏后为")]
    public void A_bidi_control_is_to_be_removed_and_a_key_is_shown_masked(string culture, string remove, string maskedAs)
    {
        UseCulture(culture);
        SensitiveDataGuard.Scan(Text).Select(f => f.Kind).Should().Equal(SensitiveKind.BidiControl, SensitiveKind.RelayApiKey);

        var cut = RenderMud<OutcomeAlert>(p => p.Add(a => a.Outcome, Refusal()));

        var items = cut.FindAll("[data-testid='secret-Reason'] li").Select(li => li.TextContent.Trim()).ToList();
        items.Should().HaveCount(2);
        items[0].Should().EndWith(remove).And.NotContain(maskedAs);
        items[1].Should().Contain(maskedAs).And.EndWith($"sk-{Key[3..7]}**********{Key[^4..]}");
    }
}
