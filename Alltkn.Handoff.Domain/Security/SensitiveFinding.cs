namespace Alltkn.Handoff.Domain.Security;

/// <summary>One secret found in a text by <see cref="SensitiveDataGuard"/>.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">Index of the first character of the secret in the scanned text.</param>
/// <param name="Length">Number of characters the secret spans (labels such as <c>Authorization: </c> included).</param>
/// <param name="Masked">The text to put in its place, safe to store and show (see <see cref="SensitiveDataGuard"/> for the rules).</param>
public sealed record SensitiveFinding(SensitiveKind Kind, int Start, int Length, string Masked)
{
    /// <summary>Index just past the last character of the secret.</summary>
    public int End => Start + Length;
}
