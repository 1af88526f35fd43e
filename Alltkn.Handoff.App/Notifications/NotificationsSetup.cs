namespace Alltkn.Handoff.App.Notifications;

public static class NotificationsSetup
{
    /// <summary>
    /// What pages need of notifications: the inbox (bell, /notifications), the choices on /account and the in-process
    /// signal. Part of the app's services, so every host of them (tests included) has it.
    /// </summary>
    public static IServiceCollection AddHandoffNotificationInbox(this IServiceCollection services)
    {
        services.AddOptions();
        services.AddSingleton<NotificationSignal>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<NotificationChoices>();
        return services;
    }

    /// <summary>
    /// Delivery: the outbox dispatcher, reminders and digests in a background service, e-mail through SMTP (off without
    /// <c>Handoff:Email:Host</c>), configured under <see cref="EmailOptions.Section"/> and <see cref="NotificationOptions.Section"/>.
    /// </summary>
    public static IServiceCollection AddHandoffNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddSingleton<NotificationTexts>();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<ReminderScheduler>();
        services.AddSingleton<DigestScheduler>();
        services.AddHostedService<NotificationWorker>();
        return services;
    }
}
