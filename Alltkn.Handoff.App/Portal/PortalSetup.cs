namespace Alltkn.Handoff.App.Portal;

/// <summary>The customer's side (issue 11): invitations, the guest sign-in link, the portal's services.</summary>
public static class PortalSetup
{
    public static IServiceCollection AddHandoffPortal(this IServiceCollection services)
    {
        services.AddSingleton<GuestLinkMail>();
        services.AddSingleton<GuestLinkThrottle>();
        services.AddScoped<GuestInvitations>();
        services.AddScoped<GuestSignIn>();
        services.AddScoped<GuestPortal>();
        return services;
    }

    /// <summary>
    /// <c>GET /guest/{token}</c> (no sign-in needed): signs the link's guest in and leads to their onboarding's page, or to
    /// <see cref="GuestAccess.NewLinkPath"/> saying why not. The answer is never cached and names no address.
    /// </summary>
    public static WebApplication MapHandoffPortal(this WebApplication app)
    {
        app.MapGet(GuestAccess.LinkPrefix + "{token:minlength(20)}", async (string token, HttpContext context, GuestSignIn signIn) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var outcome = await signIn.SignInAsync(token, context.RequestAborted);
            return outcome.Succeeded
                ? Results.LocalRedirect(outcome.Value!)
                : Results.LocalRedirect($"{GuestAccess.NewLinkPath}?refused={Uri.EscapeDataString(outcome.Code ?? "invitation.unknown")}");
        }).AllowAnonymous();
        return app;
    }
}
