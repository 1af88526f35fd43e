using Microsoft.AspNetCore.Components.Authorization;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// The signed-in person (<see cref="Services.ICurrentActor"/>) is read from the authentication state, which Blazor sets
/// for its pages but nothing sets for a plain endpoint (an export, the API): this hands it the request's user, whether
/// signed in by cookie or by an API token.
/// </summary>
public static class RequestUser
{
    public static void Use(HttpContext http)
    {
        if (http.RequestServices.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        }
    }
}
