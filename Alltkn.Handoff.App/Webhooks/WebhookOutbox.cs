using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// Called by <see cref="Services.OnboardingService"/> next to <see cref="NotificationOutbox.RecordAsync"/>, after the domain
/// acted and before the save: the change's webhook events (from what the onboarding was before, and its revision
/// entries) become one outbox row and one delivery log line per event and active endpoint that wants its kind, in the
/// change's transaction. Nothing is written when no endpoint wants anything (and, when none was active a moment ago,
/// nothing is read either: <see cref="WebhookEndpointsNone"/>).
/// </summary>
public static class WebhookOutbox
{
    public static async Task RecordAsync(AppDbContext db, Onboarding onboarding, OnboardingBefore before, Actor actor, DateTime nowUtc,
        CancellationToken cancellationToken = default)
    {
        var endpoints = await WebhookEndpointsNone.ActiveAsync(db, cancellationToken);
        if (endpoints.Count == 0)
        {
            return;
        }
        foreach (var (kind, e) in Events(onboarding, before, actor, nowUtc))
        {
            var body = e.ToJson();
            foreach (var endpoint in endpoints.Where(x => x.Wants(kind)))
            {
                Queue(db, endpoint.Id, e.Id, kind, onboarding.Id, e.Onboarding.Reference, body, nowUtc, Key(e.Id, endpoint.Id));
            }
        }
    }

    /// <summary>The dedupe key of an event's one row per endpoint.</summary>
    public static string Key(Guid eventId, Guid endpointId) => $"webhook:{eventId}:{endpointId}";

    /// <summary>Adds the delivery log line and its outbox row to <paramref name="db"/>.</summary>
    internal static WebhookDelivery Queue(AppDbContext db, Guid endpointId, Guid eventId, WebhookEventKind kind, Guid onboardingId,
        string reference, string body, DateTime nowUtc, string dedupeKey)
    {
        var deliveryId = Guid.CreateVersion7();
        var message = new OutboxMessage(OutboxTypes.Webhook, new WebhookWork(deliveryId, endpointId, eventId, body).ToJson(), nowUtc, dedupeKey);
        var delivery = new WebhookDelivery(deliveryId, endpointId, eventId, message.Id, kind, onboardingId, reference, nowUtc);
        db.Set<OutboxMessage>().Add(message);
        db.Set<WebhookDelivery>().Add(delivery);
        return delivery;
    }

    /// <summary>
    /// The events of one change. A move is <c>onboarding.moved</c>, except sign-off, rollback and cancel, which are
    /// their own kinds; <c>item.changed</c> is one per item a person changed (not the due dates a move sets).
    /// </summary>
    public static IReadOnlyList<(WebhookEventKind Kind, WebhookEvent Event)> Events(Onboarding onboarding, OnboardingBefore before, Actor actor,
        DateTime nowUtc)
    {
        var events = new List<(WebhookEventKind, WebhookEvent)>();
        var revisions = onboarding.PendingRevisions;
        var by = actor.DisplayName;
        var moved = revisions.Any(r => r.Kind is RevisionKind.StageMoved or RevisionKind.OnboardingCreated);
        foreach (var revision in revisions)
        {
            switch (revision.Kind)
            {
                case RevisionKind.OnboardingCreated:
                    events.Add(Event(WebhookEventKind.OnboardingOpened, onboarding, nowUtc, new WebhookEventData(null, onboarding.Stage.ToString(), by)));
                    break;
                case RevisionKind.StageMoved when Enum.TryParse<Move>(revision.Subject, out var move):
                    var kind = move switch
                    {
                        Move.SignOffGoLive => WebhookEventKind.SignedOff,
                        Move.Rollback => WebhookEventKind.RolledBack,
                        Move.Cancel => WebhookEventKind.Cancelled,
                        _ => WebhookEventKind.OnboardingMoved,
                    };
                    events.Add(Event(kind, onboarding, nowUtc, new WebhookEventData(revision.Before, revision.After, by, move.ToString())));
                    break;
                case RevisionKind.FieldChanged when revision.Subject == nameof(OnboardingField.GoLiveWindow):
                    events.Add(Event(WebhookEventKind.GoLiveWindowChanged, onboarding, nowUtc,
                        new WebhookEventData(revision.Before, revision.After, by)));
                    break;
            }
        }
        if (!moved)
        {
            var changedItems = revisions.Where(r => r.Kind == RevisionKind.ItemChanged && r.ItemId is not null).Select(r => r.ItemId!.Value).Distinct();
            foreach (var itemId in changedItems)
            {
                if (onboarding.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
                {
                    continue;
                }
                var was = before.Items.GetValueOrDefault(item.Id)?.Status;
                events.Add(Event(WebhookEventKind.ItemChanged, onboarding, nowUtc,
                    new WebhookEventData(was?.ToString(), item.Status.ToString(), by, Item: new WebhookItem(item.Id, item.Key, item.Title))));
            }
        }
        return events;
    }

    private static (WebhookEventKind, WebhookEvent) Event(WebhookEventKind kind, Onboarding onboarding, DateTime nowUtc, WebhookEventData data) =>
        (kind, new WebhookEvent(Guid.CreateVersion7(), kind.TypeName(), new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)),
            new WebhookOnboarding(onboarding.Id, onboarding.Details.Customer, onboarding.Stage.ToString()), data));
}
