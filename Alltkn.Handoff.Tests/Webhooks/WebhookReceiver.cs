using System.Collections.Concurrent;
using System.Net;
using Alltkn.Handoff.App.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>One request a <see cref="WebhookReceiver"/> was sent: its path, the three webhook headers and the body as received.</summary>
public sealed record ReceivedWebhook(string Path, string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, HttpStatusCode Answer);

/// <summary>
/// A real webhook receiver: Kestrel on 127.0.0.1 and a free port, inside the test. It records every POST and answers
/// 204, or 500 for the next <see cref="FailNext"/> requests; under <c>/redirect</c> it answers 307 to <c>/landed</c>, and
/// under <c>/slow</c> it answers after 5 seconds.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failNext;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The next this many requests are answered 500.</summary>
    public int FailNext
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, value);
    }

    /// <summary>Where it listens: <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public string UrlFor(string path = "/hooks/handoff") => new Uri(BaseAddress, path).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            if (http.Request.Path.StartsWithSegments("/redirect"))
            {
                receiver.Received.Enqueue(new ReceivedWebhook(http.Request.Path, null, null, null, null, "", HttpStatusCode.Redirect));
                return Results.Redirect("/landed", permanent: false, preserveMethod: true);
            }
            if (http.Request.Path.StartsWithSegments("/slow"))
            {
                await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var answer = Interlocked.Decrement(ref receiver._failNext) >= 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent;
            if (answer != HttpStatusCode.InternalServerError)
            {
                Interlocked.Exchange(ref receiver._failNext, 0);
            }
            var headers = http.Request.Headers;
            receiver.Received.Enqueue(new ReceivedWebhook(http.Request.Path, headers[WebhookSignature.IdHeader], headers[WebhookSignature.TimestampHeader],
                headers[WebhookSignature.SignatureHeader], http.Request.ContentType, body, answer));
            return Results.StatusCode((int)answer);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
