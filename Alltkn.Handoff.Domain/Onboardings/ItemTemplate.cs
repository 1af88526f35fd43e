using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Domain.Onboardings;

/// <summary>One item of a starting checklist.</summary>
/// <param name="Key">Stable key (<c>stage.item</c>); the UI translates the title by it.</param>
/// <param name="Required">
/// Whether the item holds its stage's gate. Invoice &amp; contract items are required according to the
/// onboarding's needs (see <see cref="ChecklistTemplates.IsRequired"/>).
/// </param>
public sealed record ItemTemplate(string Key, Stage Stage, string Title, Role Owner, bool Required, EvidenceKind Evidence);
