using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// The authentication state of an open page (a Blazor circuit). Every <see cref="IdentitySettings.RevalidationInterval"/>
/// it checks that the person still exists, is not disabled and that their security stamp is the one they signed in
/// with; if not, the page's state becomes "not signed in" and the page leads to the sign-in page.
/// </summary>
public sealed class HandoffAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<IdentitySettings> settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => settings.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
        return await IsStillValidAsync(userManager, authenticationState.User, identityOptions.Value);
    }

    /// <summary>True when the signed-in person exists, is enabled, and the principal carries their current security stamp.</summary>
    public static async Task<bool> IsStillValidAsync(UserManager<HandoffUser> userManager, ClaimsPrincipal principal, IdentityOptions options) =>
        IsStillValid(await userManager.GetUserAsync(principal), principal, options);

    /// <summary>
    /// True when <paramref name="user"/> (the principal's account as stored, null when there is none) is enabled and the
    /// principal carries its current security stamp. An account without a stamp is refused (Identity's stamp check throws).
    /// </summary>
    public static bool IsStillValid(HandoffUser? user, ClaimsPrincipal principal, IdentityOptions options)
    {
        if (user is null || user.IsDisabled || user.SecurityStamp is null)
        {
            return false;
        }
        var principalStamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == user.SecurityStamp;
    }
}
