using Alltkn.Handoff.Domain.Common;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>A move was refused; <see cref="Check"/> holds every unmet reason. Nothing was changed.</summary>
public sealed class MoveRefusedException(MoveCheck check)
    : DomainException("move.refused",
        $"{check.Move} is not possible now: {string.Join(" ", check.Reasons.Select(r => r.Message))}", check.Move)
{
    public MoveCheck Check { get; } = check;
}
