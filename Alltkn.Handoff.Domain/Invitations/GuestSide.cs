using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Domain.Invitations;

/// <summary>Which of the customer's contacts a guest is (issue 11, point 1): the technical contact or the business contact.</summary>
public enum GuestSide
{
    /// <summary>The customer's technical contact: the Technical package's shared items (trial tests, models, go-live).</summary>
    Technical,

    /// <summary>The customer's business contact: the Business package's shared items (entity, needs, invoice, contract).</summary>
    Business,
}

public static class GuestSides
{
    /// <summary>Whether an item shared with <paramref name="shared"/> is shared with the contact of <paramref name="side"/>.</summary>
    public static bool Covers(this GuestSide side, CustomerSide shared) => shared switch
    {
        CustomerSide.Both => true,
        CustomerSide.Technical => side == GuestSide.Technical,
        CustomerSide.Business => side == GuestSide.Business,
        _ => false,
    };

    /// <summary>The handoff package of the side: the Technical package the technical contact's, the Business package the business contact's.</summary>
    public static HandoffPackage Package(this GuestSide side) => side == GuestSide.Technical ? HandoffPackage.Technical : HandoffPackage.Business;
}
