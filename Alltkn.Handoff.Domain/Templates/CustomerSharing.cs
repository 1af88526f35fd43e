namespace Alltkn.Handoff.Domain.Templates;

/// <summary>
/// Which of the customer's contacts an item is shared with (issue 11, point 5): the technical contact, the business
/// contact, or both (the safety notice). None: the item is the team's alone.
/// </summary>
public enum CustomerSide
{
    None,

    /// <summary>The customer's technical contact (the Technical package's side: trial tests, models, go-live).</summary>
    Technical,

    /// <summary>The customer's business contact (the Business package's side: entity, needs, invoice, contract, payment).</summary>
    Business,

    /// <summary>Both contacts (what every person on the customer's side must know, such as the safety notice).</summary>
    Both,
}

/// <summary>What the customer does with an item shared with them (issue 11, point 5).</summary>
public enum CustomerRole
{
    /// <summary>Not shown to the customer.</summary>
    None,

    /// <summary>Shown to the customer, read-only.</summary>
    Sees,

    /// <summary>The customer completes it (their contact of <see cref="CustomerSide"/>).</summary>
    Completes,
}
