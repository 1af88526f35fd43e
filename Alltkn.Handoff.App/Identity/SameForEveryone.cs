namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Endpoint metadata: the endpoint answers everyone alike and shows nothing of anybody (a style sheet the app makes, such as the
/// theme's, <see cref="Hosting.ThemeStylesheets"/>), so <see cref="SignInCookieCheck"/> does not read the person for it, as it
/// does not for the static assets.
/// </summary>
public sealed class SameForEveryone
{
    public static SameForEveryone Instance { get; } = new();

    private SameForEveryone()
    {
    }
}
