using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>One item of a starting checklist.</summary>
/// <param name="Key">Stable key (<c>stage.item</c>); the UI translates the title by it.</param>
/// <param name="Required">
/// Whether the item holds its stage's gate. Invoice &amp; contract items are required according to the
/// onboarding's needs (see <see cref="ChecklistTemplates.IsRequired"/>).
/// </param>
/// <param name="Due">The due offset the item's date is set by when its stage starts (none: no date unless a person sets one).</param>
public sealed record ItemTemplate(string Key, Stage Stage, string Title, Role Owner, bool Required, EvidenceKind Evidence, DueRule? Due = null);
