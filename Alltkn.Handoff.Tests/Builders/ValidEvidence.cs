using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Builders;

/// <summary>Evidence that satisfies each <see cref="EvidenceKind"/>: references, never secrets or documents.</summary>
public static class ValidEvidence
{
    /// <summary>A key's masked identifier as New API shows it: sk- + first 4 + 10 asterisks + last 4.</summary>
    public const string MaskedKey = "sk-AbCd**********WxYz";

    public const string StatusCode = "429 at 2026-11-20 10:02 UTC, gpt-4o-mini";

    /// <summary>Text evidence for kinds a person types; null for kinds checked on the onboarding itself (window, matrix, sign-off, acknowledgement).</summary>
    public static string? For(EvidenceKind kind) => kind switch
    {
        EvidenceKind.MaskedKeyIdentifier => MaskedKey,
        EvidenceKind.StatusCodeObservation => StatusCode,
        EvidenceKind.ModelList => "gpt-4o-mini, claude-sonnet-4 verified on the trial project",
        EvidenceKind.QuotaAndAlerts => "Budget boundary CNY 50,000 a month; alert at 80% to the on-call channel",
        EvidenceKind.TestPlan => "Test plan kept in the wiki page ONB-TEST-12",
        EvidenceKind.TechnicalNote => "Recorded in the runbook, section 4",
        EvidenceKind.BusinessNote => "Confirmed with the customer's procurement lead on 2026-11-18",
        EvidenceKind.OrderRecord => "Order ORD-20261120-0042",
        EvidenceKind.SupportTicket => "Support ticket SUP-1042",
        EvidenceKind.PaymentReference => "Payment PAY-0778 matched to order ORD-20261120-0042",
        EvidenceKind.GoLiveWindow or EvidenceKind.SupportMatrix or EvidenceKind.RollbackConditions or EvidenceKind.SignOff
            or EvidenceKind.Acknowledgement => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Rollback conditions as a release owner writes them.</summary>
    public const string RollbackConditions = "Error rate above 2% for 10 minutes, or 429 above 5%: switch traffic back to the previous provider";

    /// <summary>A valid go-live window: 2026-12-15 22:00–23:30 Asia/Shanghai.</summary>
    public static GoLiveWindow Window() =>
        GoLiveWindow.FromLocal(new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 30, 0), "Asia/Shanghai");

    /// <summary>A named person for a support responsibility.</summary>
    public static string PersonFor(SupportResponsibility responsibility) => responsibility switch
    {
        SupportResponsibility.CreatesApiKeys => "Tang Min",
        SupportResponsibility.ManagesQuota => "Li Wei",
        SupportResponsibility.ReadsLogs => "Sun Hao",
        SupportResponsibility.HandlesErrors401402429 => "Sun Hao",
        SupportResponsibility.ConfirmsInvoiceAndContract => "Zhou Fang",
        SupportResponsibility.OwnsNightReleaseWindow => "Chen Jie",
        _ => responsibility.ToString(),
    };
}
