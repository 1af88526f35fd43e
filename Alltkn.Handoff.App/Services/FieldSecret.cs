using Alltkn.Handoff.Domain.Security;

namespace Alltkn.Handoff.App.Services;

/// <summary>Secrets found in one input field: what, where, and the field's whole text with them masked.</summary>
public sealed record FieldSecret(string Field, IReadOnlyList<SensitiveFinding> Findings, string MaskedText)
{
    public string Describe() =>
        $"{Field} holds {string.Join(", ", Findings.Select(f => $"{f.Kind} at character {f.Start + 1}"))}.";
}
