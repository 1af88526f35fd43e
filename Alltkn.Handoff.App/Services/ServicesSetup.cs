using Alltkn.Handoff.App.Identity;

namespace Alltkn.Handoff.App.Services;

public static class ServicesSetup
{
    public static IServiceCollection AddHandoffServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChangeNotifier>();
        services.AddScoped<ICurrentActor, AuthenticatedActor>();
        services.AddScoped<AccountStanding>();
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

    /// <summary>
    /// With PostgreSQL (<see cref="Data.HandoffDatabase"/>), the relay that carries live updates between the app's instances
    /// (<see cref="PostgreSqlChangeRelay"/>); with SQLite nothing: pages hear changes in process.
    /// </summary>
    public static IServiceCollection AddHandoffChangeRelay(this IServiceCollection services, IConfiguration configuration)
    {
        if (Data.HandoffDatabase.From(configuration).IsPostgreSql)
        {
            services.AddSingleton<PostgreSqlChangeRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeRelay>());
        }
        return services;
    }
}
