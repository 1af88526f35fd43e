namespace Alltkn.Handoff.Domain.Common;

internal static class Text
{
    /// <summary>Trims, and turns blank into null, so "nothing typed" has one representation.</summary>
    public static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Required(string? value, string field, int maxLength)
    {
        var cleaned = Clean(value)
            ?? throw new DomainException("field.required", $"{field} is required.", field);
        return MaxLength(cleaned, field, maxLength)!;
    }

    public static string? Optional(string? value, string field, int maxLength) =>
        MaxLength(Clean(value), field, maxLength);

    private static string? MaxLength(string? value, string field, int maxLength) =>
        value is not null && value.Length > maxLength
            ? throw new DomainException("field.too-long",
                $"{field} is {value.Length} characters long; at most {maxLength} are allowed.", field, value.Length, maxLength)
            : value;
}
