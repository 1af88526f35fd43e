using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>One item of a starting checklist.</summary>
/// <param name="Key">Stable key (<c>stage.item</c>); the UI translates the title by it.</param>
/// <param name="Required">
/// Whether the item holds its stage's gate. Invoice &amp; contract items are required according to the
/// onboarding's needs (see <see cref="ChecklistTemplates.IsRequired"/>).
/// </param>
/// <param name="Due">The due offset the item's date is set by when its stage starts (none: no date unless a person sets one).</param>
public sealed record ItemTemplate(string Key, Stage Stage, string Title, Role Owner, bool Required, EvidenceKind Evidence, DueRule? Due = null)
{
    /// <summary>Which of the customer's contacts the item is shared with (None: the team's alone).</summary>
    public CustomerSide CustomerSide { get; init; }

    /// <summary>What the customer does with it: nothing (not shown), sees it, or completes it.</summary>
    public CustomerRole CustomerRole { get; init; }

    /// <summary>This template shared with the customer's <paramref name="side"/>, who sees or completes it.</summary>
    public ItemTemplate SharedWith(CustomerSide side, CustomerRole role) =>
        (side == CustomerSide.None) != (role == CustomerRole.None)
            ? throw new ArgumentException($"An item is shared with a side and a role, or with neither ({Key}: {side}, {role}).")
            : this with { CustomerSide = side, CustomerRole = role };
}
