using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>The whole app as it starts (Program.cs): its own background worker delivers a move to a real receiver, signed.</summary>
public sealed class WebhookAppTests
{
    [Fact]
    public async Task The_apps_own_worker_delivers_a_move_signed_with_the_secret_from_its_key_ring()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new HandoffAppFactory
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Handoff:Webhooks:AllowPrivateNetworks"] = "true",
                ["Handoff:Webhooks:AllowHttp"] = "true",
            },
        };
        using var client = app.CreateClient();
        await using var scope = app.Services.CreateAsyncScope();
        var admin = new TestActor(Actors.TeamAdmin);
        var registered = await ActivatorUtilities.CreateInstance<WebhookAdministration>(scope.ServiceProvider, admin)
            .RegisterAsync(receiver.UrlFor(), [WebhookEventKind.OnboardingMoved], TestContext.Current.CancellationToken);
        registered.Succeeded.Should().BeTrue(registered.Message);
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build().CompleteRequiredItems();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.Onboardings.Add(onboarding);
            db.Revisions.AddRange(onboarding.PendingRevisions);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            onboarding.ClearPendingRevisions();
        }

        var moved = await ActivatorUtilities.CreateInstance<OnboardingService>(scope.ServiceProvider, admin)
            .FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: TestContext.Current.CancellationToken);
        moved.Succeeded.Should().BeTrue(moved.Message);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        var received = receiver.Received.Should().ContainSingle().Subject;
        WebhookSignature.Verify(registered.Value!.Secret, received.Timestamp, received.Body, received.Signature, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))
            .Should().BeTrue();
        received.Body.Should().Contain("\"type\":\"onboarding.moved\"").And.Contain("Acme Robotics");
    }
}
