using System.Net;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>
/// Registering and administering endpoints: team admins only, HTTPS, no credentials or secrets in the address, no
/// internal addresses (at registration and again when connecting), the secret shown once and stored only protected,
/// every change in the revision log without the secret.
/// </summary>
public sealed class WebhookAdministrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[::ffff:192.168.1.10]/hooks")]
    [InlineData("https://198.18.0.1/hooks")]
    [InlineData("https://[2002:c0a8:101::1]/hooks")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks")]
    [InlineData("https://localhost/hooks")]
    public async Task An_endpoint_on_a_loopback_private_or_link_local_address_is_refused_at_registration(string url)
    {
        await using var bed = await WebhookTestBed.CreateAsync(allowPrivateNetworks: false, allowHttp: false);

        var outcome = await bed.Administration(Actors.TeamAdmin).RegisterAsync(url, [WebhookEventKind.OnboardingMoved], Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Refused);
        outcome.Code.Should().Be(WebhookAdministration.InternalAddress);
        outcome.Message.Should().Contain("loopback, private or link-local");
        (await bed.DeliveriesAsync()).Should().BeEmpty();
        await using var db = bed.Database.NewContext();
        (await db.Set<WebhookEndpoint>().CountAsync(Cancel)).Should().Be(0);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "The host localhost resolves to")]
    [InlineData("[::1]", "::1")]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("169.254.169.254", "169.254.169.254")]
    public async Task An_endpoint_that_reaches_an_internal_address_later_is_refused_when_connecting_and_sent_nothing(string host, string address)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Stored as if registered while private networks were allowed (or as a name that resolved elsewhere then).
        await using var strict = await WebhookTestBed.CreateAsync(allowPrivateNetworks: false, allowHttp: true);
        var secrets = strict.Services.GetRequiredService<WebhookSecrets>();
        var url = $"http://{host}:{receiver.BaseAddress.Port}/hooks/handoff";
        await using (var db = strict.Database.NewContext())
        {
            db.Add(new WebhookEndpoint(url, WebhookEventKinds.All, secrets.Protect(WebhookSecrets.NewSecret()), Actors.TeamAdmin.UserId,
                Actors.TeamAdmin.DisplayName, strict.Clock.UtcNow));
            await db.SaveChangesAsync(Cancel);
        }
        await strict.StartTrialAsync();

        await strict.Dispatcher("one").DrainAsync();

        receiver.Received.Should().BeEmpty("the connection is refused before anything is sent");
        var line = (await strict.DeliveriesAsync()).Should().ContainSingle().Subject;
        line.State.Should().Be(WebhookDeliveryState.Pending, "tried again later, as any failure");
        line.LastStatusCode.Should().BeNull();
        line.LastError.Should().Contain("loopback, private, link-local or otherwise internal address").And.Contain(address);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("::ffff:10.0.0.5", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("198.19.255.255", true)]
    [InlineData("192.0.2.10", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("203.0.113.9", true)]
    [InlineData("192.88.99.1", true)]
    [InlineData("64:ff9b:1::5db8:d822", true)]
    [InlineData("64:ff9b:1:ffff::1", true)]
    [InlineData("2002:c0a8:101::1", true)]
    [InlineData("2002:7f00:1::", true)]
    [InlineData("2002:a00:5:1::1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8:ffff::1", true)]
    [InlineData("100::1", true)]
    [InlineData("100::ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", true)]
    [InlineData("2001::1", true)]
    [InlineData("2001:2::1", true)]
    [InlineData("3fff::1", true)]
    [InlineData("3fff:fff::1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("198.17.255.255", false)]
    [InlineData("198.20.0.1", false)]
    [InlineData("192.0.3.1", false)]
    [InlineData("198.51.101.1", false)]
    [InlineData("203.0.114.1", false)]
    [InlineData("192.88.98.1", false)]
    [InlineData("2606:4700:4700::1111", false)]
    [InlineData("::ffff:93.184.216.34", false)]
    [InlineData("2002:5db8:d822::1", false)]
    [InlineData("64:ff9b:2::1", false)]
    [InlineData("100:0:0:1::1", false)]
    [InlineData("2001:db9::1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    [InlineData("2001:2:1::1", false)]
    [InlineData("3fff:1000::1", false)]
    public void Addresses_are_judged_internal_or_public(string address, bool isInternal) =>
        WebhookAddressGuard.IsInternal(IPAddress.Parse(address)).Should().Be(isInternal);

    [Theory]
    [InlineData("http://hooks.example.com/handoff", WebhookAdministration.HttpsRequired)]
    [InlineData("https://user:pass@hooks.example.com/handoff", WebhookAdministration.CredentialsInUrl)]
    [InlineData("hooks.example.com/handoff", WebhookAdministration.UrlInvalid)]
    [InlineData("ftp://hooks.example.com/handoff", WebhookAdministration.UrlInvalid)]
    public async Task An_address_that_is_not_plain_https_is_refused(string url, string code)
    {
        await using var bed = await WebhookTestBed.CreateAsync(allowPrivateNetworks: false, allowHttp: false);

        var outcome = await bed.Administration(Actors.TeamAdmin).RegisterAsync(url, [WebhookEventKind.OnboardingMoved], Cancel);

        outcome.Code.Should().Be(code);
    }

    [Fact]
    public async Task An_address_carrying_a_secret_is_refused_by_the_secret_screen()
    {
        await using var bed = await WebhookTestBed.CreateAsync();

        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(20261202);
        var key = "sk-" + new string([.. Enumerable.Range(0, 48).Select(_ => alphabet[random.Next(alphabet.Length)])]);

        var outcome = await bed.Administration(Actors.TeamAdmin).RegisterAsync(
            $"http://127.0.0.1:9/hooks?token={key}", [WebhookEventKind.OnboardingMoved], Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        outcome.Message.Should().NotContain(key);
    }

    [Fact]
    public async Task Someone_who_is_not_a_team_admin_is_refused_everything()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        await bed.StartTrialAsync();
        var delivery = (await bed.DeliveriesAsync()).Single();

        foreach (var actor in new[] { Actors.TechLead, Actors.ReleaseOwner, Actors.Viewer, null })
        {
            var service = bed.Administration(actor);
            (await service.ListAsync(Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.RegisterAsync(receiver.UrlFor("/other"), [WebhookEventKind.OnboardingMoved], Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.SetKindsAsync(endpoint.Id, [WebhookEventKind.SignedOff], Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.RotateSecretAsync(endpoint.Id, Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.PauseAsync(endpoint.Id, Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.DeleteAsync(endpoint.Id, Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.DeliveriesAsync(endpoint.Id, cancellationToken: Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
            (await service.SendAgainAsync(delivery.Id, Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
        }
        (await bed.Administration(Actors.TeamAdmin).ListAsync(Cancel)).Value.Should().ContainSingle().Which.IsPaused.Should().BeFalse();
        (await bed.DeliveriesAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task The_revision_log_names_an_endpoint_by_scheme_and_host_never_by_the_path_or_query_that_may_hold_its_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var admin = bed.Administration(Actors.TeamAdmin);
        var endpoint = await bed.RegisterAsync(receiver.UrlFor("/services/T000/B000/XXXXSECRET?token=abc"), WebhookEventKind.OnboardingMoved);
        (await admin.RotateSecretAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();
        (await admin.DeleteAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();

        await using var db = bed.Database.NewContext();
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.Subject.StartsWith("Webhook ")).ToListAsync(Cancel);
        revisions.Should().HaveCount(3, "every team member reads the revision log, and a receiver's token is often in its address")
            .And.OnlyContain(r => r.Subject == $"Webhook http://127.0.0.1:{receiver.BaseAddress.Port}/…");
        revisions.SelectMany(r => new[] { r.Subject, r.Before, r.After, r.Reason }).OfType<string>()
            .Should().NotContain(t => t.Contains("XXXXSECRET") || t.Contains("token=abc"));
    }

    [Fact]
    public async Task The_secret_is_shown_once_stored_only_protected_and_never_written_to_the_revision_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var admin = bed.Administration(Actors.TeamAdmin);
        var endpoint = await bed.RegisterAsync(receiver.UrlFor(), WebhookEventKind.OnboardingMoved);
        (await admin.SetKindsAsync(endpoint.Id, [WebhookEventKind.OnboardingMoved, WebhookEventKind.SignedOff], Cancel)).Succeeded.Should().BeTrue();
        var rotated = await admin.RotateSecretAsync(endpoint.Id, Cancel);

        endpoint.Secret.Should().StartWith("whsec_").And.HaveLength(49);
        rotated.Value.Should().StartWith("whsec_").And.NotBe(endpoint.Secret);
        var stored = await bed.EndpointAsync(endpoint.Id);
        stored.ProtectedSecret.Should().NotContain(endpoint.Secret).And.NotContain(rotated.Value!).And.NotContain(rotated.Value![6..]);
        (await admin.ListAsync(Cancel)).Value!.Single().Kinds.Should().BeEquivalentTo([WebhookEventKind.OnboardingMoved, WebhookEventKind.SignedOff]);
        using (var raw = bed.Database.OpenRawConnection())
        using (var command = raw.CreateCommand())
        {
            command.CommandText = "SELECT group_concat(ProtectedSecret || Url || EventKinds) FROM WebhookEndpoints";
            ((string)command.ExecuteScalar()!).Should().NotContain(rotated.Value![6..], "the database holds the secret only protected");
        }

        await using var db = bed.Database.NewContext();
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.Subject.StartsWith("Webhook ")).ToListAsync(Cancel);
        revisions.Select(r => r.After).Should().Equal(
            "Registered; events: onboarding.moved", "Events: onboarding.moved, onboarding.signed_off", "Secret rotated");
        revisions.Should().OnlyContain(r => r.ActorId == Actors.TeamAdmin.UserId && r.Kind == RevisionKind.UserChanged && r.Subject == $"Webhook {WebhookUrl.ForLog(receiver.UrlFor())}");
        revisions.SelectMany(r => new[] { r.Before, r.After, r.Reason }).OfType<string>()
            .Should().NotContain(t => t.Contains(endpoint.Secret) || t.Contains(rotated.Value!));

        await bed.StartTrialAsync();
        await bed.Dispatcher("one").DrainAsync();
        var received = receiver.Received.Should().ContainSingle().Subject;
        WebhookSignature.Verify(rotated.Value!, received.Timestamp, received.Body, received.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeTrue("deliveries are signed with the rotated secret");
        WebhookSignature.Verify(endpoint.Secret, received.Timestamp, received.Body, received.Signature, bed.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .Should().BeFalse("the old secret stopped working");
    }

    [Fact]
    public async Task A_deleted_endpoint_takes_its_log_with_it_and_what_waited_for_it_is_given_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor());
        await bed.StartTrialAsync();

        (await bed.Administration(Actors.TeamAdmin).DeleteAsync(endpoint.Id, Cancel)).Succeeded.Should().BeTrue();
        await bed.Dispatcher("one").DrainAsync();

        receiver.Received.Should().BeEmpty();
        (await bed.DeliveriesAsync()).Should().BeEmpty();
        (await bed.WebhookRowsAsync()).Should().ContainSingle().Which.State.Should().Be(App.Notifications.OutboxState.Failed);
        (await bed.Administration(Actors.TeamAdmin).DeliveriesAsync(endpoint.Id, cancellationToken: Cancel)).Code.Should().Be(WebhookAdministration.EndpointNotFound);
    }

    [Fact]
    public async Task The_delivery_log_is_read_a_page_at_a_time_newest_first()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await WebhookTestBed.CreateAsync();
        var endpoint = await bed.RegisterAsync(receiver.UrlFor(), WebhookEventKind.OnboardingMoved);
        for (var i = 1; i <= 7; i++)
        {
            await bed.StartTrialAsync($"Customer {i}");
            bed.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var admin = bed.Administration(Actors.TeamAdmin);

        var first = (await admin.DeliveriesAsync(endpoint.Id, page: 1, pageSize: 3, Cancel)).Value!;
        var last = (await admin.DeliveriesAsync(endpoint.Id, page: 3, pageSize: 3, Cancel)).Value!;

        first.Total.Should().Be(7);
        first.Lines.Select(l => l.OnboardingReference).Should().Equal("Customer 7", "Customer 6", "Customer 5");
        last.Lines.Select(l => l.OnboardingReference).Should().Equal("Customer 1");
        first.Lines.Should().OnlyContain(l => l.Type == "onboarding.moved" && l.State == WebhookDeliveryState.Pending);
    }
}
