using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Alltkn.Handoff.App.Hosting;

/// <summary>Configuration section <c>Handoff:ReverseProxy</c>: the proxies whose forwarded headers are believed.</summary>
public sealed class ReverseProxySettings
{
    public const string Section = "Handoff:ReverseProxy";

    /// <summary>Addresses of reverse proxies in front of the app (besides this machine, always trusted), e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of reverse proxies in CIDR form, e.g. <c>172.18.0.0/16</c> for a Docker network.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// Behind a reverse proxy that ends HTTPS: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are read from the
/// proxies this machine trusts (loopback, plus <see cref="ReverseProxySettings"/>), so the client's address (sign-in
/// throttling, the revision log) and the scheme (secure cookies, HSTS, redirects) are the real ones. Headers from
/// anyone else are ignored. <c>X-Forwarded-Host</c> is not read: the Host header stays what <c>AllowedHosts</c> checks.
/// </summary>
public static class ReverseProxySetup
{
    public static IServiceCollection AddHandoffReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ReverseProxySettings.Section).Get<ReverseProxySettings>() ?? new ReverseProxySettings();
        var proxies = settings.KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{ReverseProxySettings.Section}:KnownProxies holds \"{p}\", which is not an IP address (e.g. 10.0.0.5).")).ToList();
        var networks = settings.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{ReverseProxySettings.Section}:KnownNetworks holds \"{n}\", which is not a network in CIDR form (e.g. 172.18.0.0/16).")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return services;
    }
}
