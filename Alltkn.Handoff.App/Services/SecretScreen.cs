using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// The public boundary, enforced on every free-text field and evidence value when saved, whoever calls the
/// service: input that carries a secret is refused with what was found, where, and the masked text.
/// </summary>
public static class SecretScreen
{
    public static IReadOnlyList<FieldSecret> Check(IEnumerable<(string Field, string? Text)> inputs) =>
        inputs
            .Select(input => (input.Field, input.Text, Findings: SensitiveDataGuard.Scan(input.Text)))
            .Where(x => x.Findings.Count > 0)
            .Select(x => new FieldSecret(x.Field, x.Findings, SensitiveDataGuard.Redact(x.Text)))
            .ToArray();

    public static IReadOnlyList<FieldSecret> Check(OnboardingDetails details) =>
        Check(FieldCatalog.FreeText.Select(f => (f.ToString(), FieldCatalog.Read(details, f))));

    public static IReadOnlyList<FieldSecret> Check(ItemUpdate update) =>
        Check([("Evidence", update.Evidence), ("StatusReason", update.StatusReason), ("Assignee", update.AssigneeName)]);
}
