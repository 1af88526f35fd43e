using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>
/// A change does not read the webhook endpoints again when none was active a moment ago (<see cref="WebhookEndpointsNone"/>):
/// what an admin does here is seen by the very next change, and an active endpoint's list is never taken from memory.
/// </summary>
public sealed class WebhookEndpointsNoneTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_endpoint_registered_right_after_a_change_found_none_gets_the_next_change()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        await bed.StartTrialAsync("Before Any Endpoint");
        (await bed.WebhookRowsAsync()).Should().BeEmpty("no endpoint was registered");

        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        var onboardingId = await bed.StartTrialAsync("After Registering");

        var delivery = (await bed.DeliveriesAsync()).Should().ContainSingle().Subject;
        delivery.EndpointId.Should().Be(endpoint.Id);
        delivery.OnboardingId.Should().Be(onboardingId);
    }

    [Fact]
    public async Task An_endpoint_resumed_right_after_a_change_found_none_active_gets_the_next_change()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        var admin = bed.Administration(Actors.TeamAdmin);
        (await admin.PauseAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();
        await bed.StartTrialAsync("While Paused");
        (await bed.DeliveriesAsync()).Should().BeEmpty("a paused endpoint is not queued for");

        (await admin.ResumeAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();
        var onboardingId = await bed.StartTrialAsync("After Resuming");

        (await bed.DeliveriesAsync()).Should().ContainSingle().Which.OnboardingId.Should().Be(onboardingId);
    }

    [Fact]
    public async Task An_active_endpoint_paused_elsewhere_is_not_queued_for_by_the_next_change()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        var first = await bed.StartTrialAsync("While Active");

        // Paused by another instance (or its sender after a day of failures): nothing here is told.
        await using (var db = bed.Database.NewContext())
        {
            var stored = await db.Set<WebhookEndpoint>().SingleAsync(e => e.Id == endpoint.Id, Cancel);
            stored.Pause(WebhookPauseReason.ByAdmin, bed.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(Cancel);
        }
        await bed.StartTrialAsync("After Pausing Elsewhere");

        (await bed.DeliveriesAsync()).Should().ContainSingle("the endpoints are read again while any is active")
            .Which.OnboardingId.Should().Be(first);
    }
}
