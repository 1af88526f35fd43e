using Alltkn.Handoff.App.Components.Pages.Webhooks;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Components;
using Alltkn.Handoff.Tests.Notifications;
using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TestContext = Xunit.TestContext;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>The /admin/webhooks page on a real database: register (the secret shown once), the list, and an endpoint's delivery log with "send again".</summary>
public sealed class WebhookAdminPageTests : PageTestContext
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>What configuration says (private networks and http allowed, for the receiver on 127.0.0.1), changeable by a test.</summary>
    private readonly WebhookOptions _options = new() { AllowPrivateNetworks = true, AllowHttp = true };

    public WebhookAdminPageTests()
    {
        Services.AddHandoffWebhooks(new ConfigurationBuilder().Build());
        Services.AddSingleton<IOptionsMonitor<WebhookOptions>>(new FixedOptions(_options));
        Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        SignIn(Actors.TeamAdmin);
    }

    [Fact]
    public async Task Registering_shows_the_secret_once_and_lists_the_endpoint()
    {
        var cut = RenderMud<WebhookAdmin>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='webhooks-table']"));

        cut.Find("[data-testid='webhook-url']").Change("http://127.0.0.1:9/hooks/handoff");
        await cut.Find("[data-testid='register-webhook']").ClickAsync(new());

        var secret = cut.WaitForElement("[data-testid='webhook-secret']").TextContent.Trim();
        secret.Should().StartWith("whsec_").And.HaveLength(49);
        cut.Find("[data-testid='webhook-endpoint-url']").TextContent.Should().Be("http://127.0.0.1:9/hooks/handoff");
        await using (var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel))
        {
            var stored = await db.Set<WebhookEndpoint>().SingleAsync(Cancel);
            stored.ProtectedSecret.Should().NotContain(secret[6..]);
            stored.Kinds.Should().BeEquivalentTo(WebhookEventKinds.All, "every kind is chosen unless unticked");
        }

        await cut.Find("[data-testid='secret-done']").ClickAsync(new());
        cut.FindAll("[data-testid='webhook-secret']").Should().BeEmpty();
        cut.Markup.Should().NotContain(secret);
        var again = RenderMud<WebhookAdmin>();
        again.WaitForAssertion(() => again.Find("[data-testid='webhook-endpoint-url']"));
        again.Markup.Should().NotContain(secret, "the secret is never shown again");
        again.Find("[data-testid='webhook-verify']").TextContent.Should().Contain("Alltkn-Webhook-Signature").And.Contain("HMAC-SHA256");
    }

    [Fact]
    public async Task An_internal_address_is_refused_with_a_message_and_what_was_typed_stays()
    {
        _options.AllowPrivateNetworks = false;
        _options.AllowHttp = false;
        UseCulture("zh-CN");
        var cut = RenderMud<WebhookAdmin>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='webhooks-table']"));

        cut.Find("[data-testid='webhook-url']").Change("https://169.254.169.254/latest/meta-data");
        await cut.Find("[data-testid='register-webhook']").ClickAsync(new());

        cut.WaitForElement("[data-testid='register-error']").TextContent.Should().Contain("169.254.169.254").And.Contain("链路本地");
        cut.Find("[data-testid='webhook-url']").GetAttribute("value").Should().Be("https://169.254.169.254/latest/meta-data");
        cut.FindAll("[data-testid='webhook-secret']").Should().BeEmpty();
    }

    [Fact]
    public async Task The_delivery_log_lists_deliveries_with_their_status_codes_and_sends_one_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = Services.GetRequiredService<WebhookAdministration>();
        var registered = await admin.RegisterAsync(receiver.UrlFor(), [WebhookEventKind.OnboardingMoved], Cancel);
        registered.Succeeded.Should().BeTrue(registered.Message);
        var onboarding = await Data.AddAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build().CompleteRequiredItems());
        (await Services.GetRequiredService<OnboardingService>().FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Cancel))
            .Succeeded.Should().BeTrue();
        receiver.FailNext = 1;
        await Dispatcher().DrainAsync();

        var cut = RenderMud<WebhookAdmin>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='show-deliveries']"));
        await cut.Find("[data-testid='show-deliveries']").ClickAsync(new());

        var line = cut.WaitForElement("[data-testid='delivery-line']");
        line.TextContent.Should().Contain("onboarding.moved").And.Contain("Acme Robotics").And.Contain("Waiting").And.Contain("500");
        cut.Find("[data-testid='delivery-status-code']").TextContent.Should().Be("500");

        await cut.Find("[data-testid='send-again']").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='delivery-line']").Should().HaveCount(2));
        await Dispatcher().DrainAsync();
        await cut.Find("[data-testid='show-deliveries']").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='delivery-status-code']").Select(c => c.TextContent).Should().Equal("204", "500"));
        receiver.Received.Select(r => r.Answer).Should().Equal(System.Net.HttpStatusCode.InternalServerError, System.Net.HttpStatusCode.NoContent);
    }

    [Fact]
    public void Someone_who_is_not_a_team_admin_is_shown_the_refusal_and_no_endpoints()
    {
        SignIn(Actors.TechLead);

        var cut = RenderMud<WebhookAdmin>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='webhooks-error']").TextContent.Should().Contain("Only a team admin"));
        cut.FindAll("[data-testid='webhook-endpoint-url']").Should().BeEmpty();
    }

    private OutboxDispatcher Dispatcher() =>
        new(Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), Services.GetRequiredService<TimeProvider>(), NotificationHarness.Texts(),
            new RecordingMailSender(enabled: false), Options.Create(new EmailOptions()), Options.Create(new NotificationOptions()), new NotificationSignal(),
            NullLogger<OutboxDispatcher>.Instance, Services.GetRequiredService<WebhookSender>());

    private sealed class FixedOptions(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;

        public WebhookOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
