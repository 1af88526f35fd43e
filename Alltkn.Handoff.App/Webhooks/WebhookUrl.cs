namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// An endpoint's address as logs write it: <c>scheme://host[:port]/…</c>, its path and query left out. Receivers often
/// take their token there (<c>/services/T000/B000/XXXX</c>, <c>?token=…</c>), and logs reach more people and places than
/// the webhooks page, where team admins see the address whole.
/// </summary>
public static class WebhookUrl
{
    public static string ForLog(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? ForLog(uri) : "(not an address)";

    /// <summary>Scheme, host and port (when not the scheme's own); never a user name, password, path, query or fragment.</summary>
    public static string ForLog(Uri uri) => $"{uri.Scheme}://{uri.Authority}/…";
}
