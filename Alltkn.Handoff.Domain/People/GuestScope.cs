using Alltkn.Handoff.Domain.Invitations;

namespace Alltkn.Handoff.Domain.People;

/// <summary>One onboarding a guest was invited to, and as which contact.</summary>
public sealed record GuestGrant(Guid OnboardingId, GuestSide Side);

/// <summary>
/// What a guest (a contact of the customer, signed in by an invitation link) may reach: the onboardings they were
/// invited to and, on each, their side. A guest holds no team role; <see cref="Permissions.HandoffPolicy"/> decides every
/// guest question from this scope, as stored now (a revoked invitation leaves it at once).
/// </summary>
public sealed class GuestScope
{
    public GuestScope(IEnumerable<GuestGrant> grants)
    {
        Grants = grants.Distinct().ToArray();
    }

    public IReadOnlyList<GuestGrant> Grants { get; }

    public bool Covers(Guid onboardingId) => Grants.Any(g => g.OnboardingId == onboardingId);

    /// <summary>The sides the guest has on this onboarding (none: not invited to it).</summary>
    public IEnumerable<GuestSide> SidesOn(Guid onboardingId) => Grants.Where(g => g.OnboardingId == onboardingId).Select(g => g.Side);

    public IEnumerable<Guid> OnboardingIds => Grants.Select(g => g.OnboardingId).Distinct();
}
