using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Identity's sign-in manager, plus: a disabled person cannot sign in (<see cref="SignInResult.NotAllowed"/>), and a
/// disabled person's cookie fails the periodic security-stamp check even if the stamp were unchanged.
/// </summary>
public sealed class HandoffSignInManager(
    UserManager<HandoffUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<HandoffUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<HandoffUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<HandoffUser> confirmation)
    : SignInManager<HandoffUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(HandoffUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<HandoffUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }
}
