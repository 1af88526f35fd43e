namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Whether an address typed into a query string (a return address, a language switch's way back) stays on this site.
/// A browser drops tabs and line breaks from addresses and reads <c>\</c> as <c>/</c>, so <c>/%09/evil.example</c>
/// and <c>/\evil.example</c> would lead to another site: anything with a control character or a backslash is refused.
/// </summary>
public static class LocalAddress
{
    public static bool IsLocal(string? address) =>
        address is { Length: > 0 }
        && address[0] == '/'
        && (address.Length == 1 || address[1] != '/')
        && !address.Any(c => c == '\\' || char.IsControl(c));

    /// <summary>The address when it is local, the home page otherwise.</summary>
    public static string OrHome(string? address) => IsLocal(address) ? address! : "/";
}
