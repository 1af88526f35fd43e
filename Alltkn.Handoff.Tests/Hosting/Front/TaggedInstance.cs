using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Hosting.Front;

/// <summary>
/// The whole app on Kestrel at a real port (<see cref="HandoffServer"/>), with one addition for the front's tests: every
/// response says which instance answered (<see cref="InstanceHeader"/>) and what the request looked like when it arrived
/// (the raw Host and X-Forwarded-* headers) and after the app's forwarded-headers step (scheme, client address).
/// </summary>
public sealed class TaggedInstance(string name) : HandoffServer
{
    public const string InstanceHeader = "X-Test-Instance";
    public const string ArrivedHeaderPrefix = "X-Test-Arrived-";
    public const string SeenSchemeHeader = "X-Test-Seen-Scheme";
    public const string SeenClientHeader = "X-Test-Seen-Client";

    public string Name { get; } = name;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Tagging(Name)));
    }

    /// <summary>Runs before the app's own middleware; the response headers are written when the response starts.</summary>
    private sealed class Tagging(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var arrived = new Dictionary<string, string>
                {
                    ["Host"] = context.Request.Headers.Host.ToString(),
                    ["For"] = context.Request.Headers["X-Forwarded-For"].ToString(),
                    ["Proto"] = context.Request.Headers["X-Forwarded-Proto"].ToString(),
                    ["ForwardedHost"] = context.Request.Headers["X-Forwarded-Host"].ToString(),
                };
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers[InstanceHeader] = name;
                    foreach (var (key, value) in arrived)
                    {
                        headers[ArrivedHeaderPrefix + key] = value;
                    }
                    headers[SeenSchemeHeader] = context.Request.Scheme;
                    headers[SeenClientHeader] = context.Connection.RemoteIpAddress?.ToString() ?? "";
                    return Task.CompletedTask;
                });
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
