using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// The public boundary, enforced on every free-text field and evidence value when saved, whoever calls the
/// service: input longer than its field allows (<see cref="FieldLimits"/>) is refused before anything is scanned;
/// input that carries a secret, or a bidi control, is refused with what was found, where, and the masked text.
/// </summary>
public static class SecretScreen
{
    /// <summary>The refusal for <paramref name="inputs"/>, or null when every field may be saved.</summary>
    public static Outcome? Screen(IEnumerable<(string Field, string? Text)> inputs)
    {
        var all = inputs.ToArray();
        foreach (var (field, text) in all)
        {
            // Measured as the domain measures it: without the white space it trims.
            var length = text.AsSpan().Trim().Length;
            if (length > FieldLimits.For(field))
            {
                return TooLong(field, length, FieldLimits.For(field));
            }
        }

        return Check(all) is { Count: > 0 } secrets ? Outcome.SecretFound(secrets) : null;
    }

    public static Outcome? Screen(OnboardingDetails details) =>
        Screen(FieldCatalog.FreeText.Select(f => (f.ToString(), FieldCatalog.Read(details, f))));

    public static Outcome? Screen(ItemUpdate update) => Screen(Fields(update));

    /// <summary>
    /// The secrets in <paramref name="inputs"/>, field by field. Callers that save use <see cref="Screen(IEnumerable{ValueTuple{string, string}})"/>,
    /// which checks the lengths first.
    /// </summary>
    public static IReadOnlyList<FieldSecret> Check(IEnumerable<(string Field, string? Text)> inputs) =>
        inputs
            .Select(input => (input.Field, input.Text, Findings: SensitiveDataGuard.Scan(input.Text)))
            .Where(x => x.Findings.Count > 0)
            .Select(x => new FieldSecret(x.Field, x.Findings, SensitiveDataGuard.Redact(x.Text)))
            .ToArray();

    public static IReadOnlyList<FieldSecret> Check(OnboardingDetails details) =>
        Check(FieldCatalog.FreeText.Select(f => (f.ToString(), FieldCatalog.Read(details, f))));

    public static IReadOnlyList<FieldSecret> Check(ItemUpdate update) => Check(Fields(update));

    private static (string, string?)[] Fields(ItemUpdate update) =>
        [("Evidence", update.Evidence), ("StatusReason", update.StatusReason), ("Assignee", update.AssigneeName)];

    /// <summary>
    /// Refused as the domain refuses an over-long field (<c>field.too-long</c>: field, length, limit), so the page words it
    /// the same way; nothing was scanned or saved, and the page keeps what was typed.
    /// </summary>
    private static Outcome TooLong(string field, int length, int limit) => new()
    {
        Status = OutcomeStatus.Refused,
        Code = "field.too-long",
        Message = $"{field} is {length} characters long; at most {limit} are allowed. Nothing was saved: shorten it "
                  + "(what you typed is kept) and save again.",
        Arguments = [field, length, limit],
    };
}
