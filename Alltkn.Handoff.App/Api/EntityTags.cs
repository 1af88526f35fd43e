using System.Globalization;

namespace Alltkn.Handoff.App.Api;

/// <summary>Versions as HTTP entity tags: <c>ETag: "7"</c> on a GET, <c>If-Match: "7"</c> on the change decided on it.</summary>
public static class EntityTags
{
    public static string Of(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>What If-Match asks for: absent, any version (<c>*</c>), one version, or something that is not a version.</summary>
    public static IfMatch Read(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return IfMatch.Absent;
        }
        if (header == "*")
        {
            return IfMatch.Any;
        }
        var tag = header.Split(',')[0].Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }
        tag = tag.Trim('"');
        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new IfMatch(IfMatchKind.Version, version)
            : IfMatch.Malformed;
    }
}

public enum IfMatchKind
{
    Absent,
    Any,
    Version,
    Malformed,
}

public sealed record IfMatch(IfMatchKind Kind, int Version = 0)
{
    public static readonly IfMatch Absent = new(IfMatchKind.Absent);
    public static readonly IfMatch Any = new(IfMatchKind.Any);
    public static readonly IfMatch Malformed = new(IfMatchKind.Malformed);
}
