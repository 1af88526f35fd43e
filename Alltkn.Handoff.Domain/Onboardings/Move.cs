namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>The triggers of the onboarding workflow.</summary>
public enum Move
{
    /// <summary>Inquiry → Trial. Gate owner: team admin.</summary>
    StartTrial,

    /// <summary>Trial → Commercial confirmation. Gate owner: tech lead.</summary>
    ConfirmTrial,

    /// <summary>Commercial confirmation → Invoice &amp; contract, when an invoice, a contract or corporate payment is needed. Gate owner: finance.</summary>
    StartInvoiceAndContract,

    /// <summary>Commercial confirmation (nothing to invoice) or Invoice &amp; contract → Go-live. Gate owner: finance.</summary>
    StartGoLive,

    /// <summary>Go-live → Live. Gate owner: release owner.</summary>
    SignOffGoLive,

    /// <summary>Any active stage → On hold. Team admin; needs a reason.</summary>
    Hold,

    /// <summary>On hold → the stage it left. Team admin.</summary>
    Resume,

    /// <summary>Any stage before Live → Cancelled (final). Team admin; needs a reason.</summary>
    Cancel,

    /// <summary>Live → Go-live. Release owner; needs a reason.</summary>
    Rollback,
}

public static class Moves
{
    public static readonly IReadOnlyList<Move> All = Enum.GetValues<Move>();

    /// <summary>Moves that need a reason in words.</summary>
    public static bool NeedsReason(this Move move) => move is Move.Hold or Move.Cancel or Move.Rollback;

    /// <summary>Moves forward through a gate: the current stage's required items must be done.</summary>
    public static bool IsGated(this Move move) =>
        move is Move.StartTrial or Move.ConfirmTrial or Move.StartInvoiceAndContract or Move.StartGoLive or Move.SignOffGoLive;
}
