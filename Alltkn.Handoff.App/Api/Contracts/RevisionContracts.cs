using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.App.Api.Contracts;

/// <summary>One entry of the append-only revision log: who changed what, when, from what to what.</summary>
public sealed record RevisionResponse(
    Guid Id, DateTime AtUtc, Guid? OnboardingId, Guid? ItemId, string ActorId, string ActorName, RevisionKind Kind,
    string Subject, string? Before, string? After, string? Reason)
{
    public static RevisionResponse From(RevisionEntry r) =>
        new(r.Id, r.AtUtc, r.OnboardingId, r.ItemId, r.ActorId, r.ActorName, r.Kind, r.Subject, r.Before, r.After, r.Reason);
}

/// <summary>A page of the log, newest first; pass <see cref="Next"/> as <c>before</c> for the next (older) page.</summary>
public sealed record RevisionPageResponse(IReadOnlyList<RevisionResponse> Items, string? Next);
