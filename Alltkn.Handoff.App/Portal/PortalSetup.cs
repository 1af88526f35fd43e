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
        services.AddScoped<ItemReopenNotes>();
        services.AddScoped<GuestContacts>();
        return services;
    }

    /// <summary>
    /// The portal's endpoints: the customer's copy of their package (<see cref="GuestExports"/>). The sign-in link itself,
    /// <c>/guest/{token}</c>, is a page (GuestLinkSignIn): GET shows it, only its POST signs in.
    /// </summary>
    public static WebApplication MapHandoffPortal(this WebApplication app)
    {
        GuestExports.Map(app);
        return app;
    }
}
