using System.Globalization;
using System.Text;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>A delivery attempt that did not end in a 2xx answer: the status code when there was one.</summary>
public sealed class WebhookDeliveryException(int? statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}

/// <summary>How a send ended without an exception.</summary>
public enum WebhookSendResult
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The endpoint is paused: nothing was sent; the row waits.</summary>
    Held,

    /// <summary>The endpoint no longer exists: nothing to send.</summary>
    Gone,
}

/// <summary>
/// The webhook part of <see cref="OutboxDispatcher"/>: posts a row's body to its endpoint, signed
/// (<see cref="WebhookSignature"/>), through the <see cref="ClientName"/> client (no redirects, no proxy, every connection
/// checked by <see cref="WebhookAddressGuard"/>, <see cref="WebhookOptions.Timeout"/>; over HTTPS only unless
/// <see cref="WebhookOptions.AllowHttp"/>, asked at every send), and keeps the delivery log and the
/// endpoint's failing state in the dispatcher's transactions: a row is retried with the dispatcher's backoff until
/// <see cref="WebhookOptions.RetryFor"/> after its first attempt, and an endpoint failing for
/// <see cref="WebhookOptions.PauseAfter"/> is paused and its team admins are notified (<see cref="NotificationKind.WebhookPaused"/>).
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory http,
    WebhookSecrets secrets,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    public const string ClientName = "Alltkn.Handoff.Webhooks";

    /// <summary>The actor named on the notification that an endpoint was paused (the app itself).</summary>
    public const string SystemActorId = "alltkn-handoff:webhooks";

    /// <summary>How long a row of a paused endpoint waits before it is looked at again (resuming re-queues at once).</summary>
    public static readonly TimeSpan HeldFor = TimeSpan.FromHours(1);

    private WebhookOptions Options => options.CurrentValue;

    /// <summary>
    /// Sends the row's body; throws <see cref="WebhookDeliveryException"/> when the receiver did not take it (or it was
    /// not asked: an internal address, or an <c>http://</c> endpoint while <see cref="WebhookOptions.AllowHttp"/> is off),
    /// and <see cref="InvalidDataException"/> when the row's payload cannot be read (<see cref="WebhookWork.Read"/>).
    /// </summary>
    public async Task<(WebhookSendResult Result, int? StatusCode)> SendAsync(AppDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        var work = WebhookWork.Read(message.Payload);
        var endpoint = await db.Set<WebhookEndpoint>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == work.EndpointId, cancellationToken);
        if (endpoint is null)
        {
            return (WebhookSendResult.Gone, null);
        }
        if (endpoint.IsPaused)
        {
            return (WebhookSendResult.Held, null);
        }
        if (!Options.AllowHttp && !(Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
        {
            // Registered while http:// was allowed: switching it off stops plain-http deliveries too, not only new endpoints.
            // Failed like a refused address (tried again, and paused after a day) so that allowing it again sends what waits.
            const string reason = "The endpoint's address is not HTTPS, and only HTTPS endpoints are allowed now (Handoff:Webhooks:AllowHttp is off); nothing was sent.";
            logger.LogWarning("Webhook endpoint {Endpoint} refused: {Reason}", endpoint.Id, reason);
            throw new WebhookDeliveryException(null, reason);
        }
        var secret = secrets.Unprotect(endpoint.ProtectedSecret);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(work.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, work.EventId.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, work.Body));
        request.Headers.UserAgent.ParseAdd("Alltkn-Handoff-Webhooks/1");
        using var client = http.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                return (WebhookSendResult.Delivered, code);
            }
            throw new WebhookDeliveryException(code, string.IsNullOrWhiteSpace(response.ReasonPhrase)
                ? $"The receiver answered {code}."
                : $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (OperationCanceledException timedOut) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WebhookDeliveryException(null, $"No answer within {Options.Timeout.TotalSeconds:0} s.", timedOut);
        }
        catch (HttpRequestException failed)
        {
            var refused = Refusal(failed);
            if (refused is not null)
            {
                logger.LogWarning("Webhook endpoint {Endpoint} refused: {Reason}", endpoint.Id, refused.Message);
            }
            throw new WebhookDeliveryException((int?)failed.StatusCode, refused?.Message ?? failed.Message, failed);
        }
    }

    private static WebhookAddressRefusedException? Refusal(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
        {
            if (failure is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }

    /// <summary>In the transaction that marks the row delivered: the log line says so, and the endpoint is not failing.</summary>
    public async Task DeliveredAsync(AppDbContext db, OutboxMessage message, int attempt, int? statusCode, DateTime nowUtc,
        CancellationToken cancellationToken)
    {
        var work = WebhookWork.FromJson(message.Payload);
        if (await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == work.DeliveryId, cancellationToken) is { } delivery)
        {
            delivery.Attempted(nowUtc, attempt, statusCode, null, WebhookDeliveryState.Delivered, null);
        }
        if (await db.Set<WebhookEndpoint>().FirstOrDefaultAsync(e => e.Id == work.EndpointId, cancellationToken) is { } endpoint)
        {
            endpoint.Delivered();
        }
    }

    /// <summary>
    /// Whether a failed row is given up now: <see cref="WebhookOptions.RetryFor"/> has passed since its first attempt, or
    /// its payload cannot be read (it never will be).
    /// </summary>
    public async Task<bool> GivesUpAsync(AppDbContext db, OutboxMessage message, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (WebhookWork.TryRead(message.Payload) is not { } work)
        {
            return true;
        }
        var first = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.Id == work.DeliveryId)
            .Select(d => d.FirstAttemptAtUtc).FirstOrDefaultAsync(cancellationToken);
        return nowUtc - (first ?? nowUtc) >= Options.RetryFor;
    }

    /// <summary>
    /// In the transaction that records a failed attempt: the log line says how it failed and when it is tried again;
    /// the endpoint is failing, and when it has been for <see cref="WebhookOptions.PauseAfter"/> it is paused and its
    /// team admins are notified, once. A row whose payload cannot be read names neither: nothing is written.
    /// </summary>
    public async Task FailedAsync(AppDbContext db, OutboxMessage message, Exception failure, int attempt, bool givenUp, DateTime nowUtc,
        DateTime nextAttemptAtUtc, CancellationToken cancellationToken)
    {
        if (WebhookWork.TryRead(message.Payload) is not { } work)
        {
            return;
        }
        var code = (failure as WebhookDeliveryException)?.StatusCode;
        if (await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == work.DeliveryId, cancellationToken) is { } delivery)
        {
            delivery.Attempted(nowUtc, attempt, code, failure.Message, givenUp ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending, nextAttemptAtUtc);
        }
        if (await db.Set<WebhookEndpoint>().FirstOrDefaultAsync(e => e.Id == work.EndpointId, cancellationToken) is not { } endpoint
            || !endpoint.Failed(nowUtc, Options.PauseAfter))
        {
            return;
        }
        logger.LogWarning("Webhook endpoint {Endpoint} ({Url}) failed since {Since:u} and is paused", endpoint.Id, WebhookUrl.ForLog(endpoint.Url), endpoint.FailingSinceUtc);
        var key = $"webhook-paused:{endpoint.Id:N}:{nowUtc.Ticks}";
        var paused = new NotificationEvent(NotificationKind.WebhookPaused, Guid.Empty, endpoint.Url, null, null, null, null, null,
            SystemActorId, "Alltkn Handoff", [Role.TeamAdmin], []);
        db.Set<OutboxMessage>().Add(new OutboxMessage(OutboxTypes.Notification, paused.ToJson(), nowUtc, key));
    }
}
