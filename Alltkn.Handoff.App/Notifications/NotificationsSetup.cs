namespace Alltkn.Handoff.App.Notifications;

public static class NotificationsSetup
{
    /// <summary>Notifications: outbox delivery, reminders, digests, e-mail (off without <c>Handoff:Email:Host</c>), the inbox.</summary>
    public static IServiceCollection AddHandoffNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<NotificationTexts>();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<ReminderScheduler>();
        services.AddSingleton<DigestScheduler>();
        services.AddHostedService<NotificationWorker>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<NotificationChoices>();
        return services;
    }
}
