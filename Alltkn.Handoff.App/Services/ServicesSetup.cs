using Alltkn.Handoff.App.Identity;

namespace Alltkn.Handoff.App.Services;

public static class ServicesSetup
{
    public static IServiceCollection AddHandoffServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChangeNotifier>();
        services.AddScoped<ICurrentActor, AuthenticatedActor>();
        services.AddScoped<SignedInPerson>();
        services.AddScoped<OnboardingService>();
        services.AddScoped<Comments.ItemComments>();
        services.AddScoped<OnboardingQueries>();
        services.AddScoped<RevisionLog>();
        services.AddScoped<Exports.HandoffPackageExporter>();
        services.AddScoped<WorkspaceQueries>();
        services.AddScoped<DashboardCharts>();
        services.AddSingleton<HealthRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthRefresh>());
        Notifications.NotificationsSetup.AddHandoffNotificationInbox(services);
        return services;
    }
}
