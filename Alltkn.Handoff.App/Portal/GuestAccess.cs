using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Alltkn.Handoff.App.Portal;

/// <summary>
/// The door of the customer's guests (issue 11): their accounts carry the Identity role <see cref="RoleName"/> (not one
/// of the team's <see cref="Domain.People.Role"/>s), so the cookie says "guest" and the endpoints tell the two apart.
/// Team pages and exports (the default policy) and the API document ask <see cref="TeamPolicy"/> (signed in, and not a
/// guest); the portal pages ask <see cref="GuestPolicy"/>; the circuit hub and signing out only a signed-in person. What either may then do is decided
/// by <see cref="Domain.Permissions.HandoffPolicy"/> in the services, with roles and the guest's scope as stored now.
/// </summary>
public static class GuestAccess
{
    /// <summary>The Identity role of guests' accounts.</summary>
    public const string RoleName = "Guest";

    /// <summary>Signed in as a member of the team (not a guest): the default and the fallback policy.</summary>
    public const string TeamPolicy = "team";

    /// <summary>Signed in as a guest of the customer: the portal.</summary>
    public const string GuestPolicy = "guest";

    public const string PortalPath = "/portal";

    /// <summary>The sign-in link: <c>/guest/{token}</c>.</summary>
    public const string LinkPrefix = "/guest/";

    /// <summary>Where a guest asks for a new link by e-mail address (and where a refused link leads).</summary>
    public const string NewLinkPath = "/guest/new-link";

    public static string LinkPath(string token) => LinkPrefix + token;

    public static string PortalOnboardingPath(Guid onboardingId) => $"{PortalPath}/onboardings/{onboardingId}";

    /// <summary>The customer's copy of their package as Markdown: <c>/portal/onboardings/{id}/export/technical.md</c> (or business.md).</summary>
    public static string PortalExportPath(Guid onboardingId, Domain.Onboardings.HandoffPackage package) =>
        $"{PortalOnboardingPath(onboardingId)}/export/{package.ToString().ToLowerInvariant()}.md";

    public static bool IsGuest(ClaimsPrincipal user) => user.IsInRole(RoleName);

    public static AuthorizationPolicy Team { get; } = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(context => !IsGuest(context.User))
        .Build();

    public static AuthorizationPolicy Guest { get; } = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireRole(RoleName)
        .Build();
}
