using System.Net;
using System.Text.Json;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>
/// Webhooks against a real receiver (Kestrel on a free port in the test), delivered by the outbox dispatcher on a real
/// SQLite file with a clock the test moves: signed so the receiver can check them, retried after 500s with backoff,
/// given up after a day (the endpoint paused and its admins told), nothing lost across a restart, one delivery per
/// event and endpoint.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_move_is_posted_once_as_json_signed_over_the_timestamp_and_body_with_the_endpoints_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        var onboardingId = await bed.StartTrialAsync();

        await bed.Dispatcher("one").DrainAsync();

        var received = receiver.Received.Should().ContainSingle().Subject;
        received.Answer.Should().Be(HttpStatusCode.NoContent);
        received.ContentType.Should().StartWith("application/json");
        received.Timestamp.Should().Be(bed.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        WebhookSignature.Verify(endpoint.Secret, received.Timestamp, received.Body, received.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeTrue("the receiver checks v1=HMAC-SHA256(secret, \"{timestamp}.{body}\")");
        received.Signature.Should().MatchRegex("^v1=[0-9a-f]{64}$");
        WebhookSignature.Verify(endpoint.Secret, received.Timestamp, received.Body.Replace("Trial", "Live"), received.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeFalse("a changed body does not verify");
        WebhookSignature.Verify("whsec_someone-else", received.Timestamp, received.Body, received.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeFalse("another secret does not verify");
        WebhookSignature.Verify(endpoint.Secret, received.Timestamp, received.Body, received.Signature, bed.Clock.GetUtcNow().AddMinutes(10), TimeSpan.FromMinutes(5))
            .Should().BeFalse("a replay ten minutes later is refused by its timestamp");

        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        root.GetProperty("id").GetString().Should().Be(received.Id);
        root.GetProperty("type").GetString().Should().Be("onboarding.moved");
        root.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(bed.Clock.GetUtcNow());
        root.GetProperty("onboarding").GetProperty("id").GetGuid().Should().Be(onboardingId);
        root.GetProperty("onboarding").GetProperty("reference").GetString().Should().Be("Acme Robotics");
        root.GetProperty("onboarding").GetProperty("stage").GetString().Should().Be("Trial");
        root.GetProperty("data").GetProperty("from").GetString().Should().Be("Inquiry");
        root.GetProperty("data").GetProperty("to").GetString().Should().Be("Trial");
        root.GetProperty("data").GetProperty("by").GetString().Should().Be(Actors.TeamAdmin.DisplayName);
        Guid.Parse(received.Id!).Version.Should().Be(7);

        var line = (await bed.DeliveriesAsync()).Should().ContainSingle().Subject;
        line.Should().Match<WebhookDelivery>(d => d.State == WebhookDeliveryState.Delivered && d.LastStatusCode == 204 && d.AttemptCount == 1
            && d.EventId == Guid.Parse(received.Id!) && d.OnboardingReference == "Acme Robotics" && d.Kind == WebhookEventKind.OnboardingMoved);
        (await bed.WebhookRowsAsync()).Should().ContainSingle().Which.DedupeKey.Should().Be($"webhook:{received.Id}:{endpoint.Id}");
    }

    [Fact]
    public async Task Answers_of_500_are_retried_with_exponential_backoff_and_then_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        await bed.StartTrialAsync();
        receiver.FailNext = 3;
        var dispatcher = bed.Dispatcher("one");

        await dispatcher.DrainAsync();
        receiver.Received.Should().ContainSingle().Which.Answer.Should().Be(HttpStatusCode.InternalServerError);
        var line = (await bed.DeliveriesAsync()).Single();
        line.Should().Match<WebhookDelivery>(d => d.State == WebhookDeliveryState.Pending && d.LastStatusCode == 500 && d.AttemptCount == 1);
        line.NextAttemptAtUtc.Should().Be(bed.Clock.UtcNow + TimeSpan.FromSeconds(30));
        (await bed.EndpointAsync(endpoint.Id)).FailingSinceUtc.Should().Be(bed.Clock.UtcNow);

        bed.Clock.Advance(TimeSpan.FromSeconds(29));
        await dispatcher.DrainAsync();
        receiver.Received.Should().HaveCount(1, "not before the backoff");

        foreach (var (wait, expected) in new[] { (TimeSpan.FromSeconds(1), 2), (TimeSpan.FromMinutes(1), 3), (TimeSpan.FromMinutes(2), 4) })
        {
            bed.Clock.Advance(wait);
            await dispatcher.DrainAsync();
            receiver.Received.Should().HaveCount(expected);
        }

        receiver.Received.Select(r => r.Answer).Should().Equal(HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError,
            HttpStatusCode.InternalServerError, HttpStatusCode.NoContent);
        receiver.Received.Select(r => r.Id).Distinct().Should().ContainSingle("every try carries the same event id");
        var last = receiver.Received.Last();
        WebhookSignature.Verify(endpoint.Secret, last.Timestamp, last.Body, last.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeTrue("each try is signed again with its own timestamp");
        (await bed.DeliveriesAsync()).Single().Should().Match<WebhookDelivery>(d =>
            d.State == WebhookDeliveryState.Delivered && d.AttemptCount == 4 && d.LastStatusCode == 204 && d.LastError == null);
        (await bed.EndpointAsync(endpoint.Id)).FailingSinceUtc.Should().BeNull("a success ends the failing");
        var row = (await bed.WebhookRowsAsync()).Single();
        row.State.Should().Be(OutboxState.Delivered);
        (await bed.Database.AttemptsAsync()).Where(a => a.MessageId == row.Id).Should().HaveCount(4, "every attempt is recorded");
    }

    [Fact]
    public async Task After_a_day_of_failures_the_delivery_is_failed_the_endpoint_paused_and_its_team_admins_notified()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor(), WebhookEventKind.OnboardingMoved);
        await bed.StartTrialAsync();
        var dispatcher = bed.Dispatcher("one");
        await dispatcher.DrainAsync();
        receiver.Received.Clear();
        await bed.StartTrialAsync("Beta Logistics");
        receiver.FailNext = int.MaxValue;
        var start = bed.Clock.UtcNow;

        await dispatcher.DrainAsync();
        for (var hour = 0; hour < 30 && (await bed.DeliveriesAsync()).Last().State == WebhookDeliveryState.Pending; hour++)
        {
            bed.Clock.Advance(TimeSpan.FromHours(1));
            await dispatcher.DrainAsync();
        }

        var line = (await bed.DeliveriesAsync()).Last();
        line.State.Should().Be(WebhookDeliveryState.Failed);
        line.LastStatusCode.Should().Be(500);
        (line.LastAttemptAtUtc!.Value - start).Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(24)).And.BeLessThan(TimeSpan.FromHours(26));
        receiver.Received.Count.Should().BeInRange(10, 40, "30 s doubling to an hour for a day");
        (await bed.WebhookRowsAsync()).Last().State.Should().Be(OutboxState.Failed);
        var paused = await bed.EndpointAsync(endpoint.Id);
        paused.IsPaused.Should().BeTrue();
        paused.PauseReason.Should().Be(WebhookPauseReason.Failing);

        await dispatcher.DrainAsync();
        var told = (await bed.Database.NotificationsAsync()).Where(n => n.Kind == NotificationKind.WebhookPaused).ToList();
        told.Should().ContainSingle("one team admin, told once").Which.Should().Match<Notification>(n =>
            n.RecipientId == Actors.TeamAdmin.UserId && n.Link == "/admin/webhooks" && n.Subject.Contains(receiver.UrlFor()));

        receiver.Received.Clear();
        await bed.StartTrialAsync("Gamma Freight");
        bed.Clock.Advance(TimeSpan.FromHours(2));
        await dispatcher.DrainAsync();
        receiver.Received.Should().BeEmpty("a paused endpoint is sent nothing");
    }

    [Fact]
    public async Task A_row_whose_payload_cannot_be_read_is_given_up_alone_and_the_rows_after_it_are_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        var t0 = bed.Clock.UtcNow;
        var bad = new OutboxMessage(OutboxTypes.Webhook, "{bad", t0);
        var eventId = Guid.CreateVersion7();
        WebhookDelivery valid;
        await using (var db = bed.Database.NewContext())
        {
            db.Add(bad);
            valid = WebhookOutbox.Queue(db, endpoint.Id, eventId, WebhookEventKind.OnboardingMoved, Guid.NewGuid(), "Acme Robotics",
                "{\"type\":\"onboarding.moved\"}", t0.AddMilliseconds(1), WebhookOutbox.Key(eventId, endpoint.Id));
            await db.SaveChangesAsync(Cancel);
        }
        bed.Clock.Advance(TimeSpan.FromSeconds(1));

        var run = () => bed.Dispatcher("one").RunOnceAsync(Cancel);

        (await run.Should().NotThrowAsync()).Which.Should().Be(2);
        receiver.Received.Should().ContainSingle("the valid row after the unreadable one is sent").Which.Answer.Should().Be(HttpStatusCode.NoContent);
        var rows = await bed.WebhookRowsAsync();
        rows.Single(m => m.Id == valid.OutboxMessageId).State.Should().Be(OutboxState.Delivered);
        rows.Single(m => m.Id == bad.Id).Should().Match<OutboxMessage>(m => m.State == OutboxState.Failed && m.AttemptCount == 1
            && m.LeaseToken == null && m.LastError!.Contains("payload cannot be read"));
        (await bed.Database.AttemptsAsync()).Where(a => a.MessageId == bad.Id).Should().ContainSingle().Which.Succeeded.Should().BeFalse();
        (await bed.EndpointAsync(endpoint.Id)).FailingSinceUtc.Should().BeNull("an unreadable row says nothing about the endpoint");
    }

    [Fact]
    public async Task A_delivery_claimed_by_a_dispatcher_that_died_is_delivered_once_after_a_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        await bed.StartTrialAsync();

        var claimed = await bed.Dispatcher("dies").ClaimAsync(Cancel);
        claimed.Should().ContainSingle(m => m.Type == OutboxTypes.Webhook);
        await bed.RestartAsync();

        var after = bed.Dispatcher("after-restart");
        await after.DrainAsync();
        receiver.Received.Should().BeEmpty("the lease of the dead dispatcher still holds");
        bed.Clock.Advance(new NotificationOptions().Lease + TimeSpan.FromSeconds(1));
        await after.DrainAsync();

        var received = receiver.Received.Should().ContainSingle().Subject;
        WebhookSignature.Verify(endpoint.Secret, received.Timestamp, received.Body, received.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeTrue("the secret, stored protected, is read with the same key ring after the restart");
        (await bed.DeliveriesAsync()).Should().ContainSingle().Which.State.Should().Be(WebhookDeliveryState.Delivered);
    }

    [Fact]
    public async Task Two_dispatchers_deliver_each_event_exactly_once_to_each_endpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var first = await bed.RegisterAsync(receiver.UrlFor("/first"));
        var second = await bed.RegisterAsync(receiver.UrlFor("/second"), WebhookEventKind.OnboardingMoved);
        for (var i = 0; i < 8; i++)
        {
            await bed.StartTrialAsync($"Customer {i}");
        }

        var one = bed.Dispatcher("one");
        var two = bed.Dispatcher("two");
        await Task.WhenAll(Task.Run(one.DrainAsync, Cancel), Task.Run(two.DrainAsync, Cancel), Task.Run(one.DrainAsync, Cancel), Task.Run(two.DrainAsync, Cancel));

        receiver.Received.Should().HaveCount(16);
        receiver.Received.Select(r => (r.Path, r.Id)).Should().OnlyHaveUniqueItems();
        receiver.Received.Count(r => r.Path == "/first").Should().Be(8);
        receiver.Received.Count(r => r.Path == "/second").Should().Be(8);
        receiver.Received.GroupBy(r => r.Id).Should().OnlyContain(g => g.Count() == 2, "each event once to each endpoint");
        (await bed.DeliveriesAsync()).Should().HaveCount(16).And.OnlyContain(d => d.State == WebhookDeliveryState.Delivered && d.AttemptCount == 1);
        first.Id.Should().NotBe(second.Id);
    }

    [Fact]
    public async Task An_endpoint_is_sent_only_the_kinds_it_wants()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        await bed.RegisterAsync(receiver.UrlFor("/signed-off-only"), WebhookEventKind.SignedOff, WebhookEventKind.Cancelled);
        await bed.RegisterAsync(receiver.UrlFor("/moves"), WebhookEventKind.OnboardingMoved);
        var id = await bed.StartTrialAsync();
        (await bed.Onboardings(Actors.TeamAdmin).FireAsync(id, Move.Cancel, Stage.Trial, "The customer chose another provider", Cancel))
            .Succeeded.Should().BeTrue();

        await bed.Dispatcher("one").DrainAsync();

        receiver.Received.Where(r => r.Path == "/moves").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString())
            .Should().Equal("onboarding.moved");
        var cancelled = receiver.Received.Where(r => r.Path == "/signed-off-only").Should().ContainSingle().Subject;
        var data = JsonDocument.Parse(cancelled.Body).RootElement;
        data.GetProperty("type").GetString().Should().Be("onboarding.cancelled");
        data.GetProperty("data").GetProperty("from").GetString().Should().Be("Trial");
        data.GetProperty("data").GetProperty("to").GetString().Should().Be("Cancelled");
        cancelled.Body.Should().NotContain("another provider", "a reason typed by a person is not sent");
    }

    [Fact]
    public async Task An_item_change_is_sent_without_its_evidence_or_anyones_email_address()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        await bed.RegisterAsync(receiver.UrlFor(), WebhookEventKind.ItemChanged);
        var onboarding = await bed.Database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey("trial.rate-limit");
        const string evidence = "429 at 2026-11-20 10:02 UTC, gpt-4o-mini, seen by the on-call engineer";
        var done = ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence };

        (await bed.Onboardings(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version, done, Cancel)).Succeeded.Should().BeTrue();
        await bed.Dispatcher("one").DrainAsync();

        var received = receiver.Received.Should().ContainSingle().Subject;
        received.Body.Should().NotContain("10:02").And.NotContain("gpt-4o-mini").And.NotContain("on-call").And.NotContain("@", "no e-mail address goes out");
        var root = JsonDocument.Parse(received.Body).RootElement;
        root.GetProperty("type").GetString().Should().Be("item.changed");
        root.GetProperty("data").GetProperty("item").GetProperty("key").GetString().Should().Be("trial.rate-limit");
        root.GetProperty("data").GetProperty("to").GetString().Should().Be("Done");
        root.GetProperty("data").GetProperty("by").GetString().Should().Be(Actors.TechLead.DisplayName);
        root.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().NotContain("evidence");
    }

    [Fact]
    public async Task Send_again_posts_the_same_event_once_more_as_a_new_line_of_the_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        await bed.StartTrialAsync();
        var dispatcher = bed.Dispatcher("one");
        await dispatcher.DrainAsync();
        var first = (await bed.DeliveriesAsync()).Single();

        var again = await bed.Administration(Actors.TeamAdmin).SendAgainAsync(first.Id, Cancel);
        again.Succeeded.Should().BeTrue(again.Message);
        await dispatcher.DrainAsync();

        receiver.Received.Should().HaveCount(2);
        receiver.Received.Select(r => r.Body).Distinct().Should().ContainSingle("the same event, as it was");
        receiver.Received.Select(r => r.Id).Distinct().Should().ContainSingle();
        var log = await bed.Administration(Actors.TeamAdmin).DeliveriesAsync(endpoint.Id, cancellationToken: Cancel);
        log.Value!.Lines.Should().HaveCount(2).And.OnlyContain(l => l.State == WebhookDeliveryState.Delivered && l.LastStatusCode == 204);
        log.Value.Lines[0].Id.Should().Be(again.Value, "newest first");
    }

    [Fact]
    public async Task What_waits_for_a_paused_endpoint_stays_and_is_sent_when_it_is_resumed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        await bed.StartTrialAsync();
        var admin = bed.Administration(Actors.TeamAdmin);
        (await admin.PauseAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();
        var dispatcher = bed.Dispatcher("one");

        await dispatcher.DrainAsync();
        receiver.Received.Should().BeEmpty();
        (await bed.DeliveriesAsync()).Single().Should().Match<WebhookDelivery>(d => d.State == WebhookDeliveryState.Pending && d.AttemptCount == 0);

        (await admin.ResumeAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();
        await dispatcher.DrainAsync();

        receiver.Received.Should().ContainSingle();
        (await bed.DeliveriesAsync()).Single().State.Should().Be(WebhookDeliveryState.Delivered);
    }

    [Fact]
    public async Task Opening_an_onboarding_and_setting_its_go_live_window_are_sent_as_their_own_kinds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        await bed.RegisterAsync(receiver.UrlFor(), WebhookEventKind.OnboardingOpened, WebhookEventKind.GoLiveWindowChanged);

        var opened = await bed.Onboardings(Actors.TeamAdmin).CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("Delta Retail").Build(), Cancel);
        opened.Succeeded.Should().BeTrue(opened.Message);
        (await bed.Onboardings(Actors.ReleaseOwner).SetGoLiveWindowAsync(opened.Value, null, new DateTime(2026, 12, 15, 22, 0, 0),
            new DateTime(2026, 12, 15, 23, 30, 0), "Asia/Shanghai", Cancel)).Succeeded.Should().BeTrue();
        await bed.Dispatcher("one").DrainAsync();

        var bodies = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        bodies.Select(b => b.GetProperty("type").GetString()).Should().Equal("onboarding.opened", "onboarding.go_live_window_changed");
        bodies.Should().OnlyContain(b => b.GetProperty("onboarding").GetProperty("id").GetGuid() == opened.Value
            && b.GetProperty("onboarding").GetProperty("reference").GetString() == "Delta Retail");
        bodies[0].GetProperty("data").GetProperty("to").GetString().Should().Be("Inquiry");
        bodies[0].GetProperty("data").GetProperty("by").GetString().Should().Be(Actors.TeamAdmin.DisplayName);
        bodies[1].GetProperty("data").GetProperty("to").GetString().Should().Contain("2026-12-15 22:00").And.Contain("Asia/Shanghai");
        bodies[1].GetProperty("data").GetProperty("by").GetString().Should().Be(Actors.ReleaseOwner.DisplayName);
    }

    [Fact]
    public async Task An_http_endpoint_registered_while_http_was_allowed_is_sent_nothing_once_http_is_switched_off()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync(allowHttp: true);
        await bed.RegisterAsync(receiver.UrlFor());
        bed.Set("Handoff:Webhooks:AllowHttp", "false");
        await bed.StartTrialAsync();
        var dispatcher = bed.Dispatcher("one");

        await dispatcher.DrainAsync();

        receiver.Received.Should().BeEmpty("nothing goes over plain http once only HTTPS is allowed");
        var line = (await bed.DeliveriesAsync()).Single();
        line.Should().Match<WebhookDelivery>(d => d.State == WebhookDeliveryState.Pending && d.LastStatusCode == null && d.AttemptCount == 1);
        line.LastError.Should().Contain("HTTPS");

        bed.Set("Handoff:Webhooks:AllowHttp", "true");
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        await dispatcher.DrainAsync();
        receiver.Received.Should().ContainSingle("allowed again, the waiting delivery is sent on its next try");
        (await bed.DeliveriesAsync()).Single().State.Should().Be(WebhookDeliveryState.Delivered);
    }

    [Fact]
    public async Task Logs_name_an_endpoint_by_its_scheme_and_host_never_by_the_path_or_query_that_may_hold_its_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor("/services/T000/B000/XXXXSECRET?token=abc"));
        bed.Set("Handoff:Webhooks:PauseAfter", "00:00:00");
        await bed.StartTrialAsync();
        var dispatcher = bed.Dispatcher("one");
        await dispatcher.DrainAsync();
        receiver.Received.Should().ContainSingle().Which.Path.Should().Be("/services/T000/B000/XXXXSECRET", "the receiver is sent its whole address");
        receiver.FailNext = int.MaxValue;
        await bed.StartTrialAsync("Beta Logistics");

        await dispatcher.DrainAsync();

        (await bed.EndpointAsync(endpoint.Id)).IsPaused.Should().BeTrue("its first failure pauses it when PauseAfter is zero");
        var shown = $"http://127.0.0.1:{receiver.BaseAddress.Port}/…";
        bed.Logs.Entries.Should().Contain(e => e.Contains("registered the webhook endpoint") && e.Contains(shown));
        bed.Logs.Entries.Should().Contain(e => e.Contains("is paused") && e.Contains(shown));
        bed.Logs.Entries.Should().NotContain(e => e.Contains("XXXXSECRET") || e.Contains("token=abc"));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure_to_retry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        await bed.RegisterAsync(receiver.UrlFor("/redirect"));
        await bed.StartTrialAsync();

        await bed.Dispatcher("one").DrainAsync();

        receiver.Received.Should().ContainSingle().Which.Path.Should().Be("/redirect", "nothing is posted where the redirect points");
        (await bed.DeliveriesAsync()).Single().Should().Match<WebhookDelivery>(d => d.State == WebhookDeliveryState.Pending && d.LastStatusCode == 307);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_counts_as_a_failure_to_retry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync(timeout: TimeSpan.FromSeconds(1));
        await bed.RegisterAsync(receiver.UrlFor("/slow"));
        await bed.StartTrialAsync();

        await bed.Dispatcher("one").DrainAsync();

        var line = (await bed.DeliveriesAsync()).Single();
        line.Should().Match<WebhookDelivery>(d => d.State == WebhookDeliveryState.Pending && d.LastStatusCode == null && d.AttemptCount == 1);
        line.LastError.Should().Be("No answer within 1 s.");
    }
}
