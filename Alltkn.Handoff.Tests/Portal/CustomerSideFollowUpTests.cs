using System.Globalization;
using System.Net;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>
/// The customer's side after the first round (issue 11): the vendor's owner role reopens an item the customer completed
/// with a reason both sides read, and the link's e-mail and the guest's first pages speak the language the inviter chose.
/// Over the whole app on a real SQLite file (<see cref="GuestWorld"/>).
/// </summary>
public sealed class CustomerSideFollowUpTests(GuestWorld world) : IClassFixture<GuestWorld>
{
    private const string FinanceEmail = "qian@alltkn.test";
    private const string Stream = "trial.stream";
    private const string Why = "The stream stopped after 10 s; run it again with stream=true";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_owner_role_reopens_a_done_customer_item_with_a_reason_that_the_log_keeps_and_both_sides_read()
    {
        await world.App.CreateUserAsync(FinanceEmail, GuestWorld.Password, Role.Finance);
        var item = await world.ItemAsync(world.A, Stream);
        await using (var guest = await world.ActingAsAsync(Persona.RightSide))
        {
            var done = await guest.ServiceProvider.GetRequiredService<OnboardingService>().UpdateItemAsync(world.A, item.Id, item.Version,
                ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "HTTP 200, chunks arrive every 50 ms" }, Cancel);
            done.Status.Should().Be(OutcomeStatus.Ok, done.Message);
        }
        item = await world.ItemAsync(world.A, Stream);
        var key = "sk-" + new string('z', 24) + new string('Y', 24);

        Outcome byFinance, empty, withSecret, stale, reopened;
        await using (var finance = await world.App.ActingAsAsync(FinanceEmail))
        {
            byFinance = await finance.ServiceProvider.GetRequiredService<OnboardingService>().ReopenCustomerItemAsync(world.A, item.Id, item.Version, Why, Cancel);
        }
        await using (var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail))
        {
            var service = techLead.ServiceProvider.GetRequiredService<OnboardingService>();
            empty = await service.ReopenCustomerItemAsync(world.A, item.Id, item.Version, "  ", Cancel);
            withSecret = await service.ReopenCustomerItemAsync(world.A, item.Id, item.Version, "Use this key: " + key, Cancel);
            stale = await service.ReopenCustomerItemAsync(world.A, item.Id, item.Version - 1, Why, Cancel);
            reopened = await service.ReopenCustomerItemAsync(world.A, item.Id, item.Version, Why, Cancel);
        }

        byFinance.Status.Should().Be(OutcomeStatus.Forbidden);
        byFinance.Code.Should().Be("item.reopen-not-permitted");
        empty.Status.Should().Be(OutcomeStatus.Refused);
        empty.Code.Should().Be("item.reopen-reason");
        withSecret.Status.Should().Be(OutcomeStatus.SecretFound);
        withSecret.Secrets.Should().ContainSingle().Which.MaskedText.Should().NotContain(new string('z', 24));
        stale.Status.Should().Be(OutcomeStatus.Conflict);
        reopened.Status.Should().Be(OutcomeStatus.Ok, reopened.Message);
        var stored = await world.ItemAsync(world.A, Stream);
        stored.Status.Should().Be(ItemStatus.Open);
        stored.CompletedByName.Should().BeNull();
        await using (var db = await world.Contexts.CreateDbContextAsync(Cancel))
        {
            var entry = await db.Revisions.Where(r => r.ItemId == item.Id).OrderByDescending(r => r.AtUtc).FirstAsync(Cancel);
            entry.Kind.Should().Be(RevisionKind.ItemChanged);
            entry.Reason.Should().Be(Why);
            entry.ActorName.Should().Be("li.wei");
            entry.ByCustomer.Should().BeFalse();
            entry.Before.Should().StartWith("Status: Done");
            entry.After.Should().StartWith("Status: Open");
            (await db.Revisions.CountAsync(r => r.ItemId == item.Id && r.Reason != null && r.Reason.Contains("sk-"), Cancel)).Should().Be(0);
        }

        await using (var guest = await world.ActingAsAsync(Persona.RightSide))
        {
            var notes = await guest.ServiceProvider.GetRequiredService<ItemReopenNotes>().ForOnboardingAsync(world.A, Cancel);
            notes.Should().ContainKey(item.Id).WhoseValue.Should().Match<ReopenNote>(n => n.ByName == "li.wei" && n.Reason == Why);
            var again = await guest.ServiceProvider.GetRequiredService<OnboardingService>().ReopenCustomerItemAsync(world.A, item.Id, stored.Version, Why, Cancel);
            again.Status.Should().Be(OutcomeStatus.Forbidden, "guests cannot reopen");
        }
        await using (var otherSide = await world.ActingAsAsync(Persona.OtherSide))
        {
            (await otherSide.ServiceProvider.GetRequiredService<ItemReopenNotes>().ForOnboardingAsync(world.A, Cancel))
                .Should().NotContainKey(item.Id, "the business contact does not see the technical item");
        }
        var guestPage = IdentityTestApp.TextOf(await world.Clients[Persona.RightSide].GetStringAsync($"/portal/onboardings/{world.A}", Cancel));
        guestPage.Should().Contain($"Reopened by li.wei: {Why}");

        await using (var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail))
        {
            var notes = await techLead.ServiceProvider.GetRequiredService<ItemReopenNotes>().ForOnboardingAsync(world.A, Cancel);
            notes[item.Id].Reason.Should().Be(Why, "the team's item shows the same note");
        }

        await using (var admin = await world.App.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            var notDone = await admin.ServiceProvider.GetRequiredService<OnboardingService>().ReopenCustomerItemAsync(world.A, item.Id, stored.Version, Why, Cancel);
            notDone.Code.Should().Be("item.reopen-not-done", "only a done item is reopened");
        }
    }

    [Fact]
    public async Task A_team_admin_reopens_too_and_an_item_the_customer_only_sees_is_not_reopened()
    {
        var item = await world.ItemAsync(world.A, "trial.main-models");
        await using (var guest = await world.ActingAsAsync(Persona.RightSide))
        {
            var done = await guest.ServiceProvider.GetRequiredService<OnboardingService>().UpdateItemAsync(world.A, item.Id, item.Version,
                ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "gpt-4o-mini, claude-3-5-haiku" }, Cancel);
            done.Status.Should().Be(OutcomeStatus.Ok, done.Message);
        }
        item = await world.ItemAsync(world.A, "trial.main-models");
        var seenOnly = await world.ItemAsync(world.A, "trial.small-traffic-plan");
        await using var admin = await world.App.ActingAsAsync(IdentityTestApp.AdminEmail);
        var service = admin.ServiceProvider.GetRequiredService<OnboardingService>();

        var reopened = await service.ReopenCustomerItemAsync(world.A, item.Id, item.Version, "Add the embedding model as well", Cancel);
        var notTheCustomers = await service.ReopenCustomerItemAsync(world.A, seenOnly.Id, seenOnly.Version, "No", Cancel);

        reopened.Status.Should().Be(OutcomeStatus.Ok, reopened.Message);
        (await world.ItemAsync(world.A, "trial.main-models")).Status.Should().Be(ItemStatus.Open);
        notTheCustomers.Status.Should().Be(OutcomeStatus.Forbidden, "the customer does not complete that item");
    }

    [Fact]
    public async Task A_guest_saving_over_a_change_the_team_made_meanwhile_hears_of_a_conflict_not_a_refusal()
    {
        var shown = await world.ItemAsync(world.A, "trial.rate-limit");
        await using (var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail))
        {
            var moved = await techLead.ServiceProvider.GetRequiredService<OnboardingService>().UpdateItemAsync(world.A, shown.Id, shown.Version,
                ItemUpdate.From(shown) with { DueDate = (shown.DueDate ?? new DateOnly(2026, 12, 1)).AddDays(7) }, Cancel);
            moved.Status.Should().Be(OutcomeStatus.Ok, moved.Message);
        }

        Outcome stale, again;
        await using (var guest = await world.ActingAsAsync(Persona.RightSide))
        {
            var service = guest.ServiceProvider.GetRequiredService<OnboardingService>();
            // The guest's page still shows the item as it was (its due date included) and saves from there.
            stale = await service.UpdateItemAsync(world.A, shown.Id, shown.Version,
                ItemUpdate.From(shown) with { Status = ItemStatus.Done, Evidence = "HTTP 429 at 10:02, retried after 1 s" }, Cancel);
            var now = await world.ItemAsync(world.A, "trial.rate-limit");
            again = await service.UpdateItemAsync(world.A, now.Id, now.Version,
                ItemUpdate.From(now) with { Status = ItemStatus.Done, Evidence = "HTTP 429 at 10:02, retried after 1 s" }, Cancel);
        }

        stale.Status.Should().Be(OutcomeStatus.Conflict, "the team changed the item after the guest's page read it: " + stale.Message);
        stale.Conflicts.Select(c => c.Subject).Should().NotBeEmpty().And.OnlyContain(s => s.EndsWith("Status") || s.EndsWith("Evidence"),
            "a guest is told of what they see and change, not of the team's due date or assignee");
        again.Status.Should().Be(OutcomeStatus.Ok, again.Message);
        (await world.ItemAsync(world.A, "trial.rate-limit")).Status.Should().Be(ItemStatus.Done);
    }

    [Fact]
    public async Task The_link_mail_and_every_resent_one_speak_the_language_the_inviter_chose_not_the_senders()
    {
        var mail = world.App.Services.GetRequiredService<GuestLinkMail>();
        Outcome<GuestLink> chinese, english, defaulted, unknown;
        Outcome resent;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            await using var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail);
            var invitations = techLead.ServiceProvider.GetRequiredService<GuestInvitations>();
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            chinese = await invitations.InviteAsync(world.B, GuestSide.Technical, "zhang@globex.example", "zh-CN", Cancel);
            english = await invitations.InviteAsync(world.B, GuestSide.Technical, "smith@globex.example", "en", Cancel);
            unknown = await invitations.InviteAsync(world.B, GuestSide.Technical, "dupont@globex.example", "fr", Cancel);
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            defaulted = await invitations.InviteAsync(world.B, GuestSide.Technical, "wang@globex.example", Cancel);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            resent = await invitations.ResendAsync(chinese.Value!.InvitationId, Cancel);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        unknown.Status.Should().Be(OutcomeStatus.Refused);
        unknown.Code.Should().Be("invitation.language");
        resent.Status.Should().Be(OutcomeStatus.Ok);
        await using var db = await world.Contexts.CreateDbContextAsync(Cancel);
        var languages = await db.Set<GuestInvitation>().Where(i => i.OnboardingId == world.B).ToDictionaryAsync(i => i.Email, i => i.Language, Cancel);
        languages["zhang@globex.example"].Should().Be("zh-CN");
        languages["smith@globex.example"].Should().Be("en");
        languages["wang@globex.example"].Should().Be("zh-CN", "without a choice, the inviter's language");
        var rows = await db.Set<OutboxMessage>().Where(m => m.Type == OutboxTypes.GuestLink).OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).ToListAsync(Cancel);
        var mails = new List<(string To, MailContent Content)>();
        foreach (var row in rows)
        {
            if (await mail.ComposeAsync(db, row.Payload, DateTime.UtcNow, Cancel) is { } composed)
            {
                mails.Add(composed);
            }
        }
        var toZhang = mails.Should().ContainSingle(m => m.To == "zhang@globex.example", "the first link was replaced by the re-sent one").Subject;
        toZhang.Content.Subject.Should().Be("Globex 接入项目的登录链接", "the re-sent mail keeps the invitation's language though the sender works in English");
        toZhang.Content.Html.Should().Contain("lang=\"zh-CN\"");
        mails.Single(m => m.To == "smith@globex.example").Content.Subject.Should().Be("Your sign-in link for the Globex onboarding");
        mails.Single(m => m.To == "wang@globex.example").Content.Html.Should().Contain("lang=\"zh-CN\"");
    }

    [Fact]
    public async Task The_sign_in_page_and_the_guests_first_pages_open_in_the_invitations_language()
    {
        Outcome<GuestLink> invited;
        await using (var admin = await world.App.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            invited = await admin.ServiceProvider.GetRequiredService<GuestInvitations>()
                .InviteAsync(world.A, GuestSide.Business, "liu@acme.example", "zh-CN", Cancel);
        }
        invited.Status.Should().Be(OutcomeStatus.Ok, invited.Message);
        using var browser = world.App.CreateBrowserClient();

        var page = IdentityTestApp.TextOf(await browser.GetStringAsync(invited.Value!.Path, Cancel));
        var landed = await GuestWorld.OpenLinkAsync(browser, invited.Value.Path);
        var portal = IdentityTestApp.TextOf(await browser.GetStringAsync(landed, Cancel));

        page.Should().Contain("以 liu@acme.example 的身份登录 Acme");
        landed.Should().Be($"/portal/onboardings/{world.A}");
        portal.Should().Contain("请勿在此粘贴以下内容", "the portal opens in the invitation's language");
        (await world.App.FindUserAsync("liu@acme.example"))!.PreferredLanguage.Should().Be("zh-CN");
    }
}
