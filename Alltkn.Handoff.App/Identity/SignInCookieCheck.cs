using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Checks the sign-in cookie on every request: the person still exists, is not disabled, and the cookie carries their
/// current security stamp. Signing out (and "sign out everywhere", a password change or reset, enabling two-factor
/// sign-in) changes the stamp, so every earlier cookie of that person, replayed or still in another browser, is
/// refused at the next request. The account read here is the request's one read of it (<see cref="RequestPerson"/>):
/// the checks after this one, and the person a page shows and its services check, use it.
/// </summary>
public static class SignInCookieCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var metadata = context.HttpContext.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<StaticAssetDescriptor>() is not null || metadata?.GetMetadata<SameForEveryone>() is not null)
        {
            // A script, style sheet or font of the app (MapStaticAssets, and the theme's style sheets) shows nothing of
            // anybody and answers everyone alike: not worth a read of the person, which every page's dozen of them made. A
            // cookie refused is refused at the next page, the hub or an export, which are checked.
            return;
        }
        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<HandoffUser>>();
        var options = services.GetRequiredService<IOptions<IdentityOptions>>().Value;
        if (context.Principal is { } principal && users.GetUserId(principal) is { } userId
            && HandoffAuthenticationStateProvider.IsStillValid(
                await services.GetRequiredService<RequestPerson>().UserAsync(userId, context.HttpContext.RequestAborted), principal, options))
        {
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
