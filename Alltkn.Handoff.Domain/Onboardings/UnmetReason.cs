using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Domain.Onboardings;

public enum UnmetReasonCode
{
    /// <summary>The move does not exist from the current stage.</summary>
    NotFromThisStage,

    /// <summary>The acting person does not hold a role that owns this move.</summary>
    MissingRole,

    /// <summary>A required item of the current stage is not Done or NotApplicable.</summary>
    ItemNotDone,

    /// <summary>The move needs a reason in words.</summary>
    ReasonMissing,

    /// <summary>Go-live needs a named person for every support responsibility: the support matrix item, by what it lacks.</summary>
    SupportMatrixIncomplete,

    /// <summary>Go-live needs the structured go-live window: the window item, by what it lacks.</summary>
    GoLiveWindowMissing,

    /// <summary>Go-live needs the rollback conditions written: the rollback conditions item, by what it lacks.</summary>
    RollbackConditionsMissing,

    /// <summary>The onboarding needs an invoice, a contract or corporate payment (or needs none).</summary>
    WrongBranch,

    /// <summary>The go-live window set has already ended (its end is at or before now): the sign-off needs a new window.</summary>
    GoLiveWindowPassed,
}

/// <summary>
/// One reason a move is refused, in words (<see cref="Message"/>, English) and as data the UI localizes:
/// the item's title, key and owner role (every reason about the checklist links to its item), or the missing role(s);
/// for the support matrix, every responsibility no one is named for (<see cref="Responsibilities"/>; the first in <see cref="Responsibility"/>);
/// for a go-live window that has ended, that window (<see cref="Window"/>), so the UI can say when it ended.
/// </summary>
public sealed record UnmetReason(
    UnmetReasonCode Code,
    string Message,
    string? ItemTitle = null,
    string? ItemKey = null,
    Role? OwnerRole = null,
    IReadOnlyList<Role>? RequiredRoles = null,
    SupportResponsibility? Responsibility = null,
    IReadOnlyList<SupportResponsibility>? Responsibilities = null,
    GoLiveWindow? Window = null);

/// <summary>The answer to "may this person make this move now?" with every unmet reason.</summary>
public sealed record MoveCheck(Move Move, Stage From, Stage? To, IReadOnlyList<UnmetReason> Reasons)
{
    public bool Allowed => Reasons.Count == 0;
}
