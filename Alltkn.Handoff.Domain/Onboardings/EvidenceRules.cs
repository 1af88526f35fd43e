using System.Text.RegularExpressions;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>What each <see cref="EvidenceKind"/> asks for before its item can be Done.</summary>
public static partial class EvidenceRules
{
    public const int MaxEvidenceLength = 2000;

    public static HandoffPackage PackageOf(EvidenceKind kind) => kind switch
    {
        EvidenceKind.MaskedKeyIdentifier or EvidenceKind.StatusCodeObservation or EvidenceKind.ModelList
            or EvidenceKind.QuotaAndAlerts or EvidenceKind.TestPlan or EvidenceKind.GoLiveWindow
            or EvidenceKind.SupportMatrix or EvidenceKind.RollbackConditions or EvidenceKind.TechnicalNote or EvidenceKind.SignOff => HandoffPackage.Technical,
        EvidenceKind.Acknowledgement or EvidenceKind.BusinessNote or EvidenceKind.OrderRecord
            or EvidenceKind.SupportTicket or EvidenceKind.PaymentReference => HandoffPackage.Business,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Whether the person types evidence text for this kind (others are checked on the onboarding itself).</summary>
    public static bool NeedsText(EvidenceKind kind) =>
        kind is not (EvidenceKind.Acknowledgement or EvidenceKind.SignOff) && FieldOf(kind) is null;

    /// <summary>
    /// The onboarding field that IS the evidence of an item of this kind, or null when the person gives evidence on the item.
    /// Such an item follows its field: filling the field completes it, clearing the field reopens it; nobody ticks it.
    /// </summary>
    public static OnboardingField? FieldOf(EvidenceKind kind) => kind switch
    {
        EvidenceKind.GoLiveWindow => OnboardingField.GoLiveWindow,
        EvidenceKind.SupportMatrix => OnboardingField.SupportMatrix,
        EvidenceKind.RollbackConditions => OnboardingField.RollbackConditions,
        _ => null,
    };

    /// <summary>
    /// Why <paramref name="evidence"/> is not enough to complete an item of this kind, or null when it is.
    /// The code is a stable key the UI localizes; the text is English.
    /// </summary>
    public static (string Code, string Message)? Problem(EvidenceKind kind, string? evidence)
    {
        if (!NeedsText(kind))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(evidence))
        {
            return ("evidence.missing", "Evidence is needed to mark this item done: add a reference (order number, ticket number, masked key identifier, observed status code).");
        }
        return kind switch
        {
            EvidenceKind.MaskedKeyIdentifier when !MaskedKey().IsMatch(evidence) =>
                ("evidence.masked-key", "Give the key's masked identifier, as the console shows it (sk-AbCd**********WxYz), never the full key."),
            EvidenceKind.StatusCodeObservation when !StatusCode().IsMatch(evidence) =>
                ("evidence.status-code", "Give the observed status code (for example 429) with the time and the model."),
            _ => null,
        };
    }

    [GeneratedRegex(@"\*{4,}")]
    private static partial Regex MaskedKey();

    [GeneratedRegex(@"(?<!\d)[1-5]\d\d(?!\d)")]
    private static partial Regex StatusCode();
}
