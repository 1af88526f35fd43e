using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Front;

/// <summary>
/// The front of several app instances: YARP routes every request to the cluster of section <see cref="ProxySection"/>
/// (appsettings.json), pins each browser to one instance with a session-affinity cookie (a Blazor Server circuit lives in
/// one process, so its negotiate, WebSocket and fallback requests must all reach it), proxies WebSocket upgrades, sends
/// X-Forwarded-For/Proto/Host and keeps the browser's Host header, and probes each instance's <c>/health</c>.
/// </summary>
public static class FrontSetup
{
    /// <summary>The YARP routes and clusters.</summary>
    public const string ProxySection = "ReverseProxy";

    /// <summary>
    /// Optional folder for the front's own data-protection keys, which sign the affinity cookie. Without it the keys live in
    /// the process (or the user profile) and a restarted front no longer reads the cookies it issued: browsers are then
    /// spread again and open circuits reconnect to a new instance (Blazor reloads the page).
    /// </summary>
    public const string KeysFolderKey = "Front:KeysFolder";

    public static IServiceCollection AddHandoffFront(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddReverseProxy().LoadFromConfig(configuration.GetSection(ProxySection));
        if (configuration[KeysFolderKey] is { Length: > 0 } folder)
        {
            services.AddDataProtection()
                .SetApplicationName("Alltkn.Handoff.Front")
                .PersistKeysToFileSystem(new DirectoryInfo(folder));
        }
        return services;
    }

    public static WebApplication MapHandoffFront(this WebApplication app)
    {
        app.MapReverseProxy();
        return app;
    }
}
