using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>An endpoint as the webhooks page lists it (never its secret).</summary>
public sealed record WebhookEndpointSummary(
    Guid Id, string Url, IReadOnlySet<WebhookEventKind> Kinds, string CreatedByName, DateTime CreatedAtUtc, DateTime? PausedAtUtc,
    WebhookPauseReason? PauseReason, DateTime? FailingSinceUtc, DateTime? SecretRotatedAtUtc)
{
    public bool IsPaused => PausedAtUtc is not null;
}

/// <summary>A new endpoint and its secret, shown once.</summary>
public sealed record RegisteredWebhook(Guid Id, string Secret);

/// <summary>One line of an endpoint's delivery log.</summary>
public sealed record WebhookDeliveryLine(
    Guid Id, Guid EventId, WebhookEventKind Kind, string OnboardingReference, WebhookDeliveryState State, int AttemptCount, int? LastStatusCode,
    string? LastError, DateTime CreatedAtUtc, DateTime? LastAttemptAtUtc, DateTime? NextAttemptAtUtc, DateTime? DeliveredAtUtc)
{
    public string Type => Kind.TypeName();
}

/// <summary>A page of an endpoint's delivery log, newest first, and how many lines it has in all.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryLine> Lines, int Total, int Page, int PageSize);

/// <summary>
/// Webhook endpoints for team admins (<see cref="HandoffPolicy.MayAdministerUsers"/>, asked with the roles stored now on
/// every call; refusals logged): register (the URL checked: absolute, HTTPS unless <see cref="WebhookOptions.AllowHttp"/>,
/// no credentials in it, no secret in it, and not on an internal address unless <see cref="WebhookOptions.AllowPrivateNetworks"/>),
/// list, change the kinds, rotate the secret, pause, resume, delete, read the delivery log and send a delivery again.
/// The secret is returned once, when it is made, and stored only protected. Every change is written to the revision
/// log (who, which endpoint, before and after; never the secret).
/// </summary>
public sealed class WebhookAdministration(
    ICurrentActor currentActor,
    IDbContextFactory<AppDbContext> dbFactory,
    WebhookSecrets secrets,
    WebhookAddressGuard guard,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock,
    ChangeNotifier notifier,
    ILogger<WebhookAdministration> logger)
{
    public const int MaxUrlLength = 500;
    public const int MaxPageSize = 100;

    public const string UrlInvalid = "webhook.url-invalid";
    public const string HttpsRequired = "webhook.https-required";
    public const string CredentialsInUrl = "webhook.credentials-in-url";
    public const string InternalAddress = "webhook.internal-address";
    public const string HostNotFound = "webhook.host-not-found";
    public const string NoKinds = "webhook.no-kinds";
    public const string EndpointNotFound = "webhook.not-found";
    public const string DeliveryNotFound = "webhook.delivery-not-found";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<IReadOnlyList<WebhookEndpointSummary>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("list webhooks", cancellationToken) is null)
        {
            return Outcome<IReadOnlyList<WebhookEndpointSummary>>.From(Forbidden());
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.Set<WebhookEndpoint>().AsNoTracking().OrderBy(e => e.CreatedAtUtc).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<WebhookEndpointSummary>>.Ok([.. endpoints.Select(Summary)]);
    }

    /// <summary>Registers an endpoint; the outcome carries its secret, which is never shown again.</summary>
    public async Task<Outcome<RegisteredWebhook>> RegisterAsync(string url, IReadOnlyCollection<WebhookEventKind> kinds,
        CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("register a webhook", cancellationToken) is not { } admin)
        {
            return Outcome<RegisteredWebhook>.From(Forbidden());
        }
        var trimmed = (url ?? "").Trim();
        if (await CheckUrlAsync(trimmed, cancellationToken) is { } refused)
        {
            return Outcome<RegisteredWebhook>.From(refused);
        }
        if (kinds.Count == 0)
        {
            return Outcome<RegisteredWebhook>.From(Refused(NoKinds, "Choose at least one kind of event to send."));
        }
        var secret = WebhookSecrets.NewSecret();
        var now = Now;
        var endpoint = new WebhookEndpoint(trimmed, kinds, secrets.Protect(secret), admin.UserId, admin.DisplayName, now);
        var saved = await SaveAsync(admin, "register a webhook", db =>
        {
            db.Add(endpoint);
            Record(db, admin, now, endpoint.Url, null, $"Registered; events: {Describe(endpoint.Kinds)}");
            return Task.FromResult<Outcome?>(null);
        }, cancellationToken);
        if (!saved.Succeeded)
        {
            return Outcome<RegisteredWebhook>.From(saved);
        }
        logger.LogInformation("{Admin} registered the webhook endpoint {Id} ({Url})", admin, endpoint.Id, WebhookUrl.ForLog(endpoint.Url));
        return Outcome<RegisteredWebhook>.Ok(new RegisteredWebhook(endpoint.Id, secret));
    }

    /// <summary>Changes the kinds of events an endpoint wants (at least one).</summary>
    public async Task<Outcome> SetKindsAsync(Guid endpointId, IReadOnlyCollection<WebhookEventKind> kinds, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("change a webhook's events", cancellationToken) is not { } admin)
        {
            return Forbidden();
        }
        if (kinds.Count == 0)
        {
            return Refused(NoKinds, "Choose at least one kind of event to send.");
        }
        return await OnEndpointAsync(admin, "change a webhook's events", endpointId, (db, endpoint) =>
        {
            var before = Describe(endpoint.Kinds);
            endpoint.SetKinds(kinds);
            var after = Describe(endpoint.Kinds);
            if (before != after)
            {
                Record(db, admin, Now, endpoint.Url, $"Events: {before}", $"Events: {after}");
            }
            return Task.FromResult<Outcome?>(null);
        }, cancellationToken);
    }

    /// <summary>Makes a new secret for an endpoint (the old one stops working at once); the outcome carries it, shown once.</summary>
    public async Task<Outcome<string>> RotateSecretAsync(Guid endpointId, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("rotate a webhook secret", cancellationToken) is not { } admin)
        {
            return Outcome<string>.From(Forbidden());
        }
        var secret = WebhookSecrets.NewSecret();
        var outcome = await OnEndpointAsync(admin, "rotate a webhook secret", endpointId, (db, endpoint) =>
        {
            endpoint.RotateSecret(secrets.Protect(secret), Now);
            Record(db, admin, Now, endpoint.Url, null, "Secret rotated");
            return Task.FromResult<Outcome?>(null);
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<string>.Ok(secret) : Outcome<string>.From(outcome);
    }

    /// <summary>Pauses an endpoint: nothing is sent to it; what is waiting stays.</summary>
    public async Task<Outcome> PauseAsync(Guid endpointId, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("pause a webhook", cancellationToken) is not { } admin)
        {
            return Forbidden();
        }
        return await OnEndpointAsync(admin, "pause a webhook", endpointId, (db, endpoint) =>
        {
            if (!endpoint.IsPaused)
            {
                endpoint.Pause(WebhookPauseReason.ByAdmin, Now);
                Record(db, admin, Now, endpoint.Url, "Active", "Paused");
            }
            return Task.FromResult<Outcome?>(null);
        }, cancellationToken);
    }

    /// <summary>Resumes an endpoint: what waited for it is sent at once, and the day of failures starts again.</summary>
    public async Task<Outcome> ResumeAsync(Guid endpointId, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("resume a webhook", cancellationToken) is not { } admin)
        {
            return Forbidden();
        }
        return await OnEndpointAsync(admin, "resume a webhook", endpointId, async (db, endpoint) =>
        {
            if (!endpoint.IsPaused)
            {
                return null;
            }
            var was = endpoint.PauseReason == WebhookPauseReason.Failing ? "Paused (failing for a day)" : "Paused";
            endpoint.Resume();
            Record(db, admin, Now, endpoint.Url, was, "Active");
            var now = Now;
            var waiting = db.Set<WebhookDelivery>().Where(d => d.EndpointId == endpoint.Id && d.State == WebhookDeliveryState.Pending)
                .Select(d => d.OutboxMessageId);
            await db.Set<OutboxMessage>().Where(m => waiting.Contains(m.Id) && m.State == OutboxState.Pending && m.LeaseToken == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAtUtc, now), cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>Deletes an endpoint and its delivery log; what was waiting for it is given up.</summary>
    public async Task<Outcome> DeleteAsync(Guid endpointId, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("delete a webhook", cancellationToken) is not { } admin)
        {
            return Forbidden();
        }
        return await OnEndpointAsync(admin, "delete a webhook", endpointId, async (db, endpoint) =>
        {
            var waiting = db.Set<WebhookDelivery>().Where(d => d.EndpointId == endpoint.Id && d.State == WebhookDeliveryState.Pending)
                .Select(d => d.OutboxMessageId);
            await db.Set<OutboxMessage>().Where(m => waiting.Contains(m.Id) && m.State == OutboxState.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Failed)
                    .SetProperty(m => m.LastError, "The webhook endpoint was deleted."), cancellationToken);
            db.Remove(endpoint);
            Record(db, admin, Now, endpoint.Url, $"Events: {Describe(endpoint.Kinds)}", "Deleted");
            return null;
        }, cancellationToken);
    }

    /// <summary>A page (from 1) of an endpoint's delivery log, newest first.</summary>
    public async Task<Outcome<WebhookDeliveryPage>> DeliveriesAsync(Guid endpointId, int page = 1, int pageSize = 25,
        CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("read a webhook's deliveries", cancellationToken) is null)
        {
            return Outcome<WebhookDeliveryPage>.From(Forbidden());
        }
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<WebhookEndpoint>().AnyAsync(e => e.Id == endpointId, cancellationToken))
        {
            return Outcome<WebhookDeliveryPage>.From(NotFound());
        }
        var all = db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.EndpointId == endpointId);
        var total = await all.CountAsync(cancellationToken);
        var lines = await all.OrderByDescending(d => d.CreatedAtUtc).ThenByDescending(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new WebhookDeliveryLine(d.Id, d.EventId, d.Kind, d.OnboardingReference, d.State, d.AttemptCount, d.LastStatusCode,
                d.LastError, d.CreatedAtUtc, d.LastAttemptAtUtc, d.NextAttemptAtUtc, d.DeliveredAtUtc))
            .ToListAsync(cancellationToken);
        return Outcome<WebhookDeliveryPage>.Ok(new WebhookDeliveryPage(lines, total, page, pageSize));
    }

    /// <summary>Queues the delivery's event to its endpoint again (the same event id and body, newly signed), as a new log line.</summary>
    public async Task<Outcome<Guid>> SendAgainAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        if (await AdminAsync("send a webhook again", cancellationToken) is not { } admin)
        {
            return Outcome<Guid>.From(Forbidden());
        }
        var again = Guid.Empty;
        var outcome = await SaveAsync(admin, "send a webhook again", async db =>
        {
            var delivery = await db.Set<WebhookDelivery>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
            var payload = delivery is null ? null : await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Id == delivery.OutboxMessageId)
                .Select(m => m.Payload).FirstOrDefaultAsync(cancellationToken);
            var endpoint = delivery is null ? null : await db.Set<WebhookEndpoint>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken);
            if (delivery is null || payload is null || endpoint is null)
            {
                return Refused(DeliveryNotFound, "This delivery no longer exists.") with { Status = OutcomeStatus.NotFound };
            }
            var work = WebhookWork.FromJson(payload);
            var now = Now;
            var line = WebhookOutbox.Queue(db, delivery.EndpointId, delivery.EventId, delivery.Kind, delivery.OnboardingId, delivery.OnboardingReference,
                work.Body, now, $"{WebhookOutbox.Key(delivery.EventId, delivery.EndpointId)}:again:{Guid.CreateVersion7():N}");
            again = line.Id;
            Record(db, admin, now, endpoint.Url, null, $"Sent again: {delivery.Kind.TypeName()} {delivery.EventId} ({delivery.OnboardingReference})");
            return null;
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<Guid>.Ok(again) : Outcome<Guid>.From(outcome);
    }

    /// <summary>The refusal of <paramref name="url"/> as an endpoint, or null when it may be registered.</summary>
    public async Task<Outcome?> CheckUrlAsync(string url, CancellationToken cancellationToken = default)
    {
        if (url.Length > MaxUrlLength)
        {
            return Refused(UrlInvalid, $"The address is {url.Length} characters long; at most {MaxUrlLength} are allowed.", url.Length, MaxUrlLength);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return Refused(UrlInvalid, "Give the endpoint's full address, starting with https://.");
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !options.CurrentValue.AllowHttp)
        {
            return Refused(HttpsRequired, "The endpoint must use HTTPS (https://).");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return Refused(CredentialsInUrl, "Leave user names and passwords out of the address: deliveries are signed with the endpoint's secret instead.");
        }
        if (SecretScreen.Screen([("Url", url)]) is { } screened)
        {
            return screened;
        }
        try
        {
            await guard.ResolveAsync(uri.Host, all: true, cancellationToken);
        }
        catch (WebhookAddressRefusedException refused) when (refused.Address is null)
        {
            return Refused(HostNotFound, $"The host {uri.Host} could not be found. Check the address.", uri.Host);
        }
        catch (WebhookAddressRefusedException refused)
        {
            return Refused(InternalAddress,
                $"The host {uri.Host} is (or resolves to) {refused.Address}, a loopback, private or link-local address: webhooks may not reach the app's own network.",
                uri.Host, refused.Address!.ToString());
        }
        return null;
    }

    private static WebhookEndpointSummary Summary(WebhookEndpoint e) =>
        new(e.Id, e.Url, e.Kinds, e.CreatedByName, e.CreatedAtUtc, e.PausedAtUtc, e.PauseReason, e.FailingSinceUtc, e.SecretRotatedAtUtc);

    private Task<Outcome> OnEndpointAsync(Actor admin, string action, Guid endpointId, Func<AppDbContext, WebhookEndpoint, Task<Outcome?>> change,
        CancellationToken cancellationToken) =>
        SaveAsync(admin, action, async db =>
            await db.Set<WebhookEndpoint>().FirstOrDefaultAsync(e => e.Id == endpointId, cancellationToken) is { } endpoint
                ? await change(db, endpoint)
                : NotFound(), cancellationToken);

    /// <summary>Runs <paramref name="change"/> on a new context in a transaction and saves it (a refusal saves nothing).</summary>
    private async Task<Outcome> SaveAsync(Actor admin, string action, Func<AppDbContext, Task<Outcome?>> change, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await Busy.RetryAsync(async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (await change(db) is { } refused)
                {
                    return refused;
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                WebhookEndpointsNone.Changed(db);
                return Outcome.Ok();
            }, cancellationToken);
            if (outcome.Succeeded)
            {
                notifier.Publish(new WorkspaceChange(null, admin.UserId));
            }
            return outcome;
        }
        catch (DbUpdateException failure)
        {
            logger.LogError(failure, "{Admin} could not {Action}", admin, action);
            return Outcome.Failed("The change could not be saved; nothing was changed. Try again.");
        }
    }

    private async Task<Actor?> AdminAsync(string action, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is not null && HandoffPolicy.MayAdministerUsers(actor))
        {
            return actor;
        }
        logger.Refused(actor, action);
        return null;
    }

    private static Outcome Forbidden() => Outcome.Forbidden("Only a team admin can administer webhooks.");

    private static Outcome NotFound() => Outcome.NotFound("This webhook endpoint no longer exists.") with { Code = EndpointNotFound };

    private static Outcome Refused(string code, string message, params object?[] arguments) =>
        new() { Status = OutcomeStatus.Refused, Code = code, Message = message, Arguments = arguments };

    /// <summary>
    /// A change of an endpoint in the revision log, which every team member reads (and the API serves): the endpoint is named
    /// by scheme, host and port (<see cref="WebhookUrl.ForLog(string)"/>), never by the path or query where a receiver's
    /// token often is; team admins see the whole address on the webhooks page.
    /// </summary>
    private static void Record(AppDbContext db, Actor admin, DateTime now, string url, string? before, string? after) =>
        db.Revisions.Add(RevisionEntry.By(admin, now, null, RevisionKind.UserChanged, $"Webhook {WebhookUrl.ForLog(url)}", before, after));

    private static string Describe(IEnumerable<WebhookEventKind> kinds) => string.Join(", ", kinds.Order().Select(k => k.TypeName()));
}
