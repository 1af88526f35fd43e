using System.Net;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>
/// Invitations through the service in the whole app (real SQLite, real HTTP, a real SMTP server): the link goes out by
/// e-mail through the notifications' outbox and signs in once; the outbox row never holds the token in clear; a guest asks
/// for a new link with the same answer whether the address is known or not, rate-limited.
/// </summary>
public sealed class GuestInvitationServiceTests
{
    private const string SiteUrl = "https://handoff.example.com";
    private const string TechLeadEmail = "li.wei@alltkn.test";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static IdentityTestApp AppWithMail(InProcessSmtpServer smtp) => new(settings: new Dictionary<string, string?>
    {
        ["Handoff:Email:Host"] = "127.0.0.1",
        ["Handoff:Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Handoff:Email:TlsMode"] = "None",
        ["Handoff:Email:SiteUrl"] = SiteUrl,
        ["Handoff:Email:From"] = "Alltkn Handoff <handoff@example.com>",
    });

    private static async Task<Guid> OnboardingAsync(IdentityTestApp app, string customer)
    {
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).Build();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        db.Onboardings.Add(onboarding);
        await db.SaveChangesAsync(Cancel);
        return onboarding.Id;
    }

    private static async Task<Outcome<GuestLink>> InviteAsync(IdentityTestApp app, string asEmail, Guid onboardingId, GuestSide side, string email)
    {
        await using var scope = await app.ActingAsAsync(asEmail);
        return await scope.ServiceProvider.GetRequiredService<GuestInvitations>().InviteAsync(onboardingId, side, email, Cancel);
    }

    [Fact]
    public async Task The_tech_lead_invites_the_technical_contact_and_the_mailed_link_signs_them_in_once()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var app = AppWithMail(smtp);
        await app.CreateUserAsync(TechLeadEmail, HandoffAppFactoryPassword, Role.TechLead);
        var onboardingId = await OnboardingAsync(app, "Acme");

        var invited = await InviteAsync(app, TechLeadEmail, onboardingId, GuestSide.Technical, "Ops@Acme.example");
        await app.Services.GetRequiredService<OutboxDispatcher>().DrainAsync();

        invited.Status.Should().Be(OutcomeStatus.Ok, invited.Message);
        var mail = (await smtp.WaitForAsync(1)).Should().ContainSingle().Subject;
        mail.To.Mailboxes.Single().Address.Should().Be("ops@acme.example");
        mail.Subject.Should().Be("Your sign-in link for the Acme onboarding");
        var link = SiteUrl + invited.Value!.Path;
        mail.TextBody.Should().Contain(link);
        mail.HtmlBody.Should().Contain($"href=\"{link}\"");
        var token = invited.Value.Path["/guest/".Length..];
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel))
        {
            var row = await db.Set<OutboxMessage>().SingleAsync(m => m.Type == OutboxTypes.GuestLink, Cancel);
            row.Payload.Should().NotContain(token, "the token travels encrypted");
            (await db.Set<GuestInvitation>().SingleAsync(Cancel)).TokenHash.Should().Be(GuestInvitation.HashOf(token));
            var revision = await db.Revisions.SingleAsync(r => r.Kind == RevisionKind.GuestInvited, Cancel);
            revision.ActorName.Should().Be("li.wei");
            revision.After.Should().Be("ops@acme.example");
        }

        using var browser = app.CreateBrowserClient();
        var first = await GuestWorld.OpenLinkAsync(browser, invited.Value.Path);
        using var portal = await browser.GetAsync($"/portal/onboardings/{onboardingId}", Cancel);
        using var second = await app.CreateBrowserClient().GetAsync(invited.Value.Path, Cancel);

        first.Should().Be($"/portal/onboardings/{onboardingId}");
        portal.StatusCode.Should().Be(HttpStatusCode.OK);
        (await portal.Content.ReadAsStringAsync(Cancel)).Should().Contain("trial.minimal-request").And.Contain("portal-safety");
        GuestWorld.LocalPath(second).Should().Be("/guest/new-link?refused=invitation.used");
        var guest = await app.FindUserAsync("ops@acme.example");
        guest.Should().NotBeNull();
        guest!.PasswordHash.Should().BeNull("a guest signs in by link, never by password");
    }

    [Fact]
    public async Task A_team_members_address_or_a_second_invitation_of_the_same_contact_is_refused()
    {
        await using var app = new IdentityTestApp();
        await app.CreateUserAsync(TechLeadEmail, HandoffAppFactoryPassword, Role.TechLead);
        var onboardingId = await OnboardingAsync(app, "Acme");

        var teamAddress = await InviteAsync(app, IdentityTestApp.AdminEmail, onboardingId, GuestSide.Technical, TechLeadEmail);
        var first = await InviteAsync(app, IdentityTestApp.AdminEmail, onboardingId, GuestSide.Business, "buyer@acme.example");
        var again = await InviteAsync(app, IdentityTestApp.AdminEmail, onboardingId, GuestSide.Business, "buyer@acme.example");
        var byTechLead = await InviteAsync(app, TechLeadEmail, onboardingId, GuestSide.Business, "cfo@acme.example");

        teamAddress.Code.Should().Be("invitation.team-address");
        first.Status.Should().Be(OutcomeStatus.Ok);
        again.Code.Should().Be("invitation.exists");
        byTechLead.Status.Should().Be(OutcomeStatus.Forbidden);
        byTechLead.Code.Should().Be("invitation.not-permitted");
    }

    [Fact]
    public async Task Asking_for_a_new_link_answers_the_same_for_any_address_mails_a_new_link_to_a_known_one_and_is_rate_limited()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var app = AppWithMail(smtp);
        var onboardingId = await OnboardingAsync(app, "Acme");
        var invited = await InviteAsync(app, IdentityTestApp.AdminEmail, onboardingId, GuestSide.Technical, "ops@acme.example");
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DrainAsync();
        await smtp.WaitForAsync(1);
        var invitations = app.Services.CreateScope().ServiceProvider.GetRequiredService<GuestInvitations>();

        var known = await invitations.RequestLinkAsync("ops@acme.example", "10.0.0.1", Cancel);
        var unknown = await invitations.RequestLinkAsync("nobody@acme.example", "10.0.0.2", Cancel);
        await dispatcher.DrainAsync();

        known.Should().BeEquivalentTo(unknown);
        known.Code.Should().Be(GuestInvitations.RequestedCode);
        var mails = await smtp.WaitForAsync(2);
        mails.Should().HaveCount(2, "the invitation's mail, then the new link; nothing for the unknown address");
        var renewed = mails[1].TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(SiteUrl + "/guest/", StringComparison.Ordinal));
        renewed.Should().NotBe(SiteUrl + invited.Value!.Path);
        using var old = await app.CreateBrowserClient().GetAsync(invited.Value.Path, Cancel);
        GuestWorld.LocalPath(old).Should().Be("/guest/new-link?refused=invitation.unknown", "a new link replaces the old one");
        var fresh = await GuestWorld.OpenLinkAsync(app.CreateBrowserClient(), renewed[SiteUrl.Length..]);
        fresh.Should().Be($"/portal/onboardings/{onboardingId}");

        var answers = new List<Outcome>();
        for (var i = 0; i < GuestLinkThrottle.PerClient + 1; i++)
        {
            answers.Add(await invitations.RequestLinkAsync($"someone{i}@acme.example", "10.0.0.9", Cancel));
        }
        answers.Take(GuestLinkThrottle.PerClient).Should().OnlyContain(a => a.Code == GuestInvitations.RequestedCode);
        answers.Last().Code.Should().Be("guest.link-throttled");
    }

    private const string HandoffAppFactoryPassword = "Handoff-Test-Keeper-2026!";
}

/// <summary>The sign-in page leads a guest to ask for a new link; the form answers the same for every address.</summary>
public sealed class GuestNewLinkPageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_new_link_form_is_reached_from_the_sign_in_page_and_answers_the_same_for_a_known_and_an_unknown_address()
    {
        await using var app = new IdentityTestApp();
        var onboarding = new OnboardingBuilder().Build();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel))
        {
            db.Onboardings.Add(onboarding);
            await db.SaveChangesAsync(Cancel);
        }
        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            (await admin.ServiceProvider.GetRequiredService<GuestInvitations>()
                .InviteAsync(onboarding.Id, GuestSide.Business, "buyer@acme.example", Cancel)).Succeeded.Should().BeTrue();
        }
        using var browser = app.CreateBrowserClient();

        var login = await browser.GetStringAsync("/account/login", Cancel);
        using var known = await IdentityTestApp.PostFormAsync(browser, "/guest/new-link", new Dictionary<string, string> { ["Input.Email"] = "buyer@acme.example" });
        using var unknown = await IdentityTestApp.PostFormAsync(browser, "/guest/new-link", new Dictionary<string, string> { ["Input.Email"] = "nobody@acme.example" });
        var refused = await browser.GetStringAsync("/guest/new-link?refused=invitation.expired", Cancel);

        login.Should().Contain("href=\"/guest/new-link\"");
        known.StatusCode.Should().Be(HttpStatusCode.OK);
        unknown.StatusCode.Should().Be(HttpStatusCode.OK);
        var knownAnswer = IdentityTestApp.TextOf(await known.Content.ReadAsStringAsync(Cancel));
        var unknownAnswer = IdentityTestApp.TextOf(await unknown.Content.ReadAsStringAsync(Cancel));
        knownAnswer.Should().Contain("If this address was invited, a new sign-in link is on its way to it.");
        unknownAnswer.Should().Be(knownAnswer.Replace("buyer@acme.example", "nobody@acme.example"), "nothing tells the two apart");
        IdentityTestApp.TextOf(refused).Should().Contain("This link is more than seven days old.");
    }
}
