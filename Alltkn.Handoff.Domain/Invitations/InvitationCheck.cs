namespace Alltkn.Handoff.Domain.Invitations;

public enum InvitationUnmetCode
{
    /// <summary>The acting person may not invite the contact of this side.</summary>
    NotPermitted,

    /// <summary>A team member revoked the invitation.</summary>
    Revoked,

    /// <summary>The link was used already (each link signs in once).</summary>
    Used,

    /// <summary>The link's seven days are over.</summary>
    Expired,

    /// <summary>The onboarding was cancelled: nobody is invited into it any more.</summary>
    OnboardingClosed,
}

/// <summary>One reason an invitation's intent is refused, in words (English) and as a code the UI localizes.</summary>
public sealed record InvitationUnmet(InvitationUnmetCode Code, string Message);

/// <summary>The answer to "may this be done with the invitation now?" with every unmet reason.</summary>
public sealed record InvitationCheck(IReadOnlyList<InvitationUnmet> Reasons)
{
    public bool Allowed => Reasons.Count == 0;

    public string Message => string.Join(" ", Reasons.Select(r => r.Message));
}
