using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Webhooks;

public static class WebhooksSetup
{
    /// <summary>
    /// Webhooks (<see cref="WebhookOptions.Section"/>): endpoint administration, the signed sender the outbox dispatcher
    /// uses, and its HTTP client: no redirects, no proxy, no cookies, every connection checked by <see cref="WebhookAddressGuard"/>,
    /// and none of the client factory's request logging (it writes each request's path, where a receiver's token often is:
    /// the app's own lines name an endpoint by <see cref="WebhookUrl.ForLog(string)"/>).
    /// Secrets are protected with the app's Data Protection key ring.
    /// </summary>
    public static IServiceCollection AddHandoffWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddDataProtection();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<WebhookAdministration>();
        services.AddHttpClient(WebhookSender.ClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout + TimeSpan.FromSeconds(1);
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
            })
            .RemoveAllLoggers();
        return services;
    }
}
