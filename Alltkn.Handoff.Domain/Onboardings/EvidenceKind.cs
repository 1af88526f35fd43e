namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>
/// What an item's evidence is. Evidence is always a reference, never the secret or the document itself.
/// <see cref="EvidenceRules"/> says what each kind needs before the item can be Done, and which package it belongs to.
/// </summary>
public enum EvidenceKind
{
    // Technical package
    /// <summary>A masked key identifier (sk-AbCd**********WxYz), with account email and group.</summary>
    MaskedKeyIdentifier,

    /// <summary>An observed status code with time and model (e.g. "429 at 2026-11-20 10:02 UTC, gpt-4o-mini").</summary>
    StatusCodeObservation,

    /// <summary>Model names verified or agreed.</summary>
    ModelList,

    /// <summary>Budget boundary, quota limits and alert rules.</summary>
    QuotaAndAlerts,

    /// <summary>A test, validation or ramp plan (or where it is kept).</summary>
    TestPlan,

    /// <summary>The onboarding's structured go-live window (start, end, time zone): setting it completes the item.</summary>
    GoLiveWindow,

    /// <summary>The onboarding's support responsibility matrix: naming a person for every responsibility completes the item.</summary>
    SupportMatrix,

    /// <summary>Technical notes: rollback conditions, logs and alerts, support fields, review.</summary>
    TechnicalNote,

    /// <summary>The onboarding's rollback conditions (a technical field): writing them completes the item.</summary>
    RollbackConditions,

    /// <summary>The release owner's sign-off, recorded by the Go-live ▶ Live move itself.</summary>
    SignOff,

    // Business package
    /// <summary>A declaration ticked by its owner; no text needed.</summary>
    Acknowledgement,

    /// <summary>Business notes: contact type, needs, procurement entity, scope, payment method.</summary>
    BusinessNote,

    /// <summary>An order number or order record reference.</summary>
    OrderRecord,

    /// <summary>A controlled support channel record (ticket number), never the invoice details themselves.</summary>
    SupportTicket,

    /// <summary>A corporate payment matched to its order record (payment reference and order number).</summary>
    PaymentReference,
}
