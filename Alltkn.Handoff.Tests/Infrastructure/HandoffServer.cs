using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// The app on Kestrel at a real loopback port (<c>http://127.0.0.1:{port}/</c>), for headless Chromium.
/// Everything else is as in <see cref="HandoffAppFactory"/>: own temporary SQLite folder, bootstrap admin,
/// Development environment, <see cref="HandoffAppFactory.ExtraSettings"/>.
/// </summary>
/// <example>
/// <code>
/// // One server per test class: xunit starts it through IAsyncLifetime.
/// public sealed class MyBrowserTests(BrowserFixture browser, HandoffServer server)
///     : BrowserTest(browser, server), IClassFixture&lt;HandoffServer&gt; { … }
///
/// // Restarting on the same data (the folder outlives both servers):
/// using var database = new TestDatabase();
/// int port;
/// await using (var first = HandoffServer.StartOn(database)) { port = first.ServerAddress.Port; … }
/// await using var second = HandoffServer.StartOn(database, port);
/// </code>
/// </example>
/// <remarks>
/// Pass the first server's port to the second to keep the same origin: cookies are shared by every port of
/// a host anyway, but local storage is per origin.
/// </remarks>
public class HandoffServer : HandoffAppFactory, IAsyncLifetime
{
    private readonly Lock _startLock = new();
    private Uri? _serverAddress;

    /// <summary>A server on any free port (see <see cref="Port"/>), not yet started.</summary>
    public HandoffServer()
    {
        // The callback runs when the server starts, after object initializers have set Port.
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
    }

    /// <summary>The port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Starts a server on <paramref name="database"/> (kept when the server is disposed) and returns it.
    /// </summary>
    public static HandoffServer StartOn(TestDatabase database, int port = 0, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var server = new HandoffServer
        {
            Database = database,
            Port = port,
            ExtraSettings = extraSettings ?? new Dictionary<string, string?>(),
        };
        return server.Start();
    }

    /// <summary>The root address of the running app, e.g. <c>http://127.0.0.1:41234/</c>; starts it if needed.</summary>
    public Uri ServerAddress => _serverAddress ?? Start()._serverAddress!;

    /// <summary>An absolute address on this server, e.g. <c>Url("/account/login")</c>.</summary>
    public string Url(string relative) => new Uri(ServerAddress, relative.TrimStart('/')).ToString();

    /// <summary>Starts Kestrel (once; later calls do nothing) and returns this server.</summary>
    public HandoffServer Start()
    {
        lock (_startLock)
        {
            if (_serverAddress is not null)
            {
                return this;
            }

            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses?.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel started without reporting an address.");
            _serverAddress = new Uri(address.TrimEnd('/') + "/");
            // CreateClient() now talks to Kestrel over TCP.
            ClientOptions.BaseAddress = _serverAddress;
            return this;
        }
    }

    ValueTask IAsyncLifetime.InitializeAsync()
    {
        Start();
        return ValueTask.CompletedTask;
    }
}
