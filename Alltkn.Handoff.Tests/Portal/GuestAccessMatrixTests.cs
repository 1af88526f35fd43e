using System.Globalization;
using System.Net;
using Alltkn.Handoff.App.Comments;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>
/// The access matrix of issue 11: for a guest of the right onboarding and side, of the other side, of another onboarding,
/// one whose link expired, was revoked or was used already, and a disabled guest — every service call of the customer's
/// side and every kind of route (portal pages, team pages, exports, the API, its document), over real HTTP on a real
/// SQLite file, each with the exact answer it must give.
/// </summary>
public sealed class GuestAccessMatrixTests(GuestWorld world) : IClassFixture<GuestWorld>
{
    private const string ToLogin = "/account/login";
    private const string ToPortal = "/portal";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Where a redirect leads, as a local path and query (challenges answer with an absolute address).</summary>
    private static string PathOf(HttpResponseMessage response) => new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    [Theory]
    [InlineData(Persona.RightSide, "/portal/onboardings/A")]
    [InlineData(Persona.OtherSide, "/portal/onboardings/A")]
    [InlineData(Persona.OtherOnboarding, "/portal/onboardings/B")]
    [InlineData(Persona.ExpiredLink, "/guest/new-link?refused=invitation.expired")]
    [InlineData(Persona.RevokedLink, "/portal/onboardings/A")]
    [InlineData(Persona.UsedLink, "/guest/new-link?refused=invitation.used")]
    [InlineData(Persona.DisabledGuest, "/portal/onboardings/A")]
    public void Opening_the_link_signs_in_once_and_only_while_it_is_valid(Persona persona, string expected)
    {
        world.LinkAnswers[persona].Should().Be(expected.Replace("/A", $"/{world.A}").Replace("/B", $"/{world.B}"));
    }

    [Fact]
    public async Task Opening_a_revoked_link_again_signs_nobody_in_and_says_why()
    {
        // The revoked persona's link was used; a fresh link of theirs (re-sent before the revoke) is not possible, so a
        // revoked, unused invitation is made here.
        await using var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail);
        var invitations = techLead.ServiceProvider.GetRequiredService<GuestInvitations>();
        var invited = await invitations.InviteAsync(world.A, GuestSide.Technical, "withdrawn@acme.example", Cancel);
        (await invitations.RevokeAsync(invited.Value!.InvitationId, Cancel)).Succeeded.Should().BeTrue();
        using var browser = world.App.CreateBrowserClient();

        using var response = await browser.GetAsync(invited.Value.Path, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        PathOf(response).Should().Be("/guest/new-link?refused=invitation.revoked");
        (await world.App.FindUserAsync("withdrawn@acme.example")).Should().BeNull("a refused link makes no account");
    }

    [Theory]
    [InlineData(Persona.RightSide, HttpStatusCode.OK, GuestWorld.MinimalRequest, GuestWorld.PaymentMethod)]
    [InlineData(Persona.OtherSide, HttpStatusCode.OK, GuestWorld.PaymentMethod, GuestWorld.MinimalRequest)]
    [InlineData(Persona.OtherOnboarding, HttpStatusCode.OK, "portal-refused", GuestWorld.MinimalRequest)]
    [InlineData(Persona.ExpiredLink, HttpStatusCode.Redirect, ToLogin, null)]
    [InlineData(Persona.RevokedLink, HttpStatusCode.Redirect, ToLogin, null)]
    [InlineData(Persona.UsedLink, HttpStatusCode.Redirect, ToLogin, null)]
    [InlineData(Persona.DisabledGuest, HttpStatusCode.Redirect, ToLogin, null)]
    public async Task The_portal_page_of_onboarding_A_shows_only_the_package_of_the_guests_side(
        Persona persona, HttpStatusCode status, string shows, string? hides)
    {
        using var response = await world.Clients[persona].GetAsync($"/portal/onboardings/{world.A}", Cancel);

        response.StatusCode.Should().Be(status);
        if (status == HttpStatusCode.Redirect)
        {
            PathOf(response).Should().StartWith(shows);
            return;
        }
        var html = await response.Content.ReadAsStringAsync(Cancel);
        html.Should().Contain(shows);
        html.Should().NotContain(hides!);
        html.Should().NotContain(GuestWorld.InternalRemark).And.NotContain(GuestWorld.TechLeadEmail).And.NotContain("Globex");
    }

    [Theory]
    [InlineData(Persona.RightSide, HttpStatusCode.OK, "Acme")]
    [InlineData(Persona.OtherSide, HttpStatusCode.OK, "Acme")]
    [InlineData(Persona.OtherOnboarding, HttpStatusCode.OK, "Globex")]
    [InlineData(Persona.ExpiredLink, HttpStatusCode.Redirect, ToLogin)]
    [InlineData(Persona.RevokedLink, HttpStatusCode.Redirect, ToLogin)]
    [InlineData(Persona.UsedLink, HttpStatusCode.Redirect, ToLogin)]
    [InlineData(Persona.DisabledGuest, HttpStatusCode.Redirect, ToLogin)]
    public async Task The_portal_lists_only_the_guests_own_onboardings(Persona persona, HttpStatusCode status, string expected)
    {
        using var response = await world.Clients[persona].GetAsync("/portal", Cancel);

        response.StatusCode.Should().Be(status);
        if (status == HttpStatusCode.Redirect)
        {
            PathOf(response).Should().StartWith(expected);
            return;
        }
        var html = await response.Content.ReadAsStringAsync(Cancel);
        html.Should().Contain(expected);
        html.Should().NotContain(expected == "Acme" ? "Globex" : "Acme");
    }

    public static TheoryData<Persona, string> TeamRoutes()
    {
        string[] routes = ["/", "/onboardings", "/onboardings/A", "/revisions", "/my-items", "/go-live", "/account", "/admin/users",
            "/onboardings/A/export/technical.md", "/onboardings/A/export/business.json", "/onboardings/A/export/checklist.csv"];
        var data = new TheoryData<Persona, string>();
        foreach (var persona in Enum.GetValues<Persona>())
        {
            foreach (var route in routes)
            {
                data.Add(persona, route);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TeamRoutes))]
    public async Task Every_team_page_and_export_refuses_every_guest(Persona persona, string route)
    {
        using var response = await world.Clients[persona].GetAsync(route.Replace("/A", $"/{world.A}"), Cancel);

        // A signed-in guest is sent to their portal; one whose sign-in no longer counts (or never did) to the sign-in page.
        var signedIn = persona is Persona.RightSide or Persona.OtherSide or Persona.OtherOnboarding;
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = PathOf(response);
        if (signedIn)
        {
            location.Should().Be(ToPortal);
        }
        else
        {
            location.Should().StartWith(ToLogin);
        }
    }

    [Theory]
    [InlineData(Persona.RightSide)]
    [InlineData(Persona.OtherSide)]
    [InlineData(Persona.OtherOnboarding)]
    [InlineData(Persona.ExpiredLink)]
    [InlineData(Persona.RevokedLink)]
    [InlineData(Persona.UsedLink)]
    [InlineData(Persona.DisabledGuest)]
    public async Task The_API_refuses_every_guest_cookie(Persona persona)
    {
        using var list = await world.Clients[persona].GetAsync("/api/v1/onboardings", Cancel);
        using var one = await world.Clients[persona].GetAsync($"/api/v1/onboardings/{world.A}", Cancel);

        list.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        one.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Persona.RightSide, OutcomeStatus.Ok, GuestWorld.MinimalRequest)]
    [InlineData(Persona.OtherSide, OutcomeStatus.Ok, GuestWorld.PaymentMethod)]
    [InlineData(Persona.OtherOnboarding, OutcomeStatus.Forbidden, null)]
    [InlineData(Persona.ExpiredLink, OutcomeStatus.Forbidden, null)]
    [InlineData(Persona.RevokedLink, OutcomeStatus.Forbidden, null)]
    [InlineData(Persona.UsedLink, OutcomeStatus.Forbidden, null)]
    [InlineData(Persona.DisabledGuest, OutcomeStatus.Forbidden, null)]
    public async Task The_package_service_answers_only_guests_of_the_onboarding_with_their_sides_items(
        Persona persona, OutcomeStatus expected, string? sees)
    {
        await using var scope = await world.ActingAsAsync(persona);

        var package = await scope.ServiceProvider.GetRequiredService<GuestPortal>().PackageAsync(world.A, Cancel);
        var team = await scope.ServiceProvider.GetRequiredService<OnboardingService>().ReadAsync(world.A, Cancel);

        package.Status.Should().Be(expected);
        team.Status.Should().Be(OutcomeStatus.Forbidden, "a guest never reads through the team's service");
        if (sees is not null)
        {
            var keys = package.Value!.Items.Select(i => i.Item.Key).ToArray();
            keys.Should().Contain(sees).And.Contain("inquiry.safety", "the safety notice is shared with both sides");
            package.Value.Items.Should().OnlyContain(i => i.Item.CustomerSide != Alltkn.Handoff.Domain.Templates.CustomerSide.None);
        }
    }

    [Theory]
    [InlineData(Persona.RightSide, OutcomeStatus.Ok)]
    [InlineData(Persona.OtherSide, OutcomeStatus.Forbidden)]
    [InlineData(Persona.OtherOnboarding, OutcomeStatus.Forbidden)]
    [InlineData(Persona.ExpiredLink, OutcomeStatus.Forbidden)]
    [InlineData(Persona.RevokedLink, OutcomeStatus.Forbidden)]
    [InlineData(Persona.UsedLink, OutcomeStatus.Forbidden)]
    [InlineData(Persona.DisabledGuest, OutcomeStatus.Forbidden)]
    public async Task Only_the_right_guest_completes_the_trial_item_and_a_full_key_is_refused_with_the_masked_text(Persona persona, OutcomeStatus expected)
    {
        const string key = "trial.insufficient-balance";
        await using var scope = await world.ActingAsAsync(persona);
        var service = scope.ServiceProvider.GetRequiredService<OnboardingService>();
        var item = await world.ItemAsync(world.A, key);
        var secret = "HTTP 402 with key sk-" + new string('a', 24) + new string('B', 24);

        var withSecret = await service.UpdateItemAsync(world.A, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = secret }, Cancel);
        if (expected == OutcomeStatus.Ok)
        {
            withSecret.Status.Should().Be(OutcomeStatus.SecretFound);
            var masked = withSecret.Secrets.Should().ContainSingle().Subject.MaskedText;
            masked.Should().NotContain(new string('a', 24));
            var done = await service.UpdateItemAsync(world.A, item.Id, item.Version,
                ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = masked }, Cancel);
            done.Status.Should().Be(OutcomeStatus.Ok, done.Message);
            var stored = await world.ItemAsync(world.A, key);
            stored.Status.Should().Be(ItemStatus.Done);
            await using var db = await world.Contexts.CreateDbContextAsync(Cancel);
            var revision = db.Revisions.Where(r => r.ItemId == item.Id).OrderByDescending(r => r.AtUtc).First();
            revision.ByCustomer.Should().BeTrue();
            revision.ActorName.Should().Be(world.Emails[persona]);
        }
        else
        {
            withSecret.Status.Should().Be(OutcomeStatus.Forbidden, "the permission is decided before the text is screened");
            (await world.ItemAsync(world.A, key)).Status.Should().Be(item.Status);
        }
    }

    [Theory]
    [InlineData(Persona.RightSide, OutcomeStatus.Ok, 1)]
    [InlineData(Persona.OtherSide, OutcomeStatus.Forbidden, 0)]
    [InlineData(Persona.OtherOnboarding, OutcomeStatus.Forbidden, 0)]
    [InlineData(Persona.ExpiredLink, OutcomeStatus.Forbidden, 0)]
    [InlineData(Persona.RevokedLink, OutcomeStatus.Forbidden, 0)]
    [InlineData(Persona.UsedLink, OutcomeStatus.Forbidden, 0)]
    [InlineData(Persona.DisabledGuest, OutcomeStatus.Forbidden, 0)]
    public async Task Only_the_right_guest_reads_and_writes_shared_comments_and_nobody_of_them_an_internal_one(
        Persona persona, OutcomeStatus shared, int sharedSeen)
    {
        await using var scope = await world.ActingAsAsync(persona);
        var comments = scope.ServiceProvider.GetRequiredService<ItemComments>();
        var item = await world.ItemAsync(world.A, GuestWorld.MinimalRequest);

        var thread = await comments.ThreadAsync(world.A, item.Id, Cancel);
        var internalNote = await comments.PostAsync(world.A, item.Id, CommentVisibility.Internal, $"internal from {persona}", Cancel);
        var sharedNote = await comments.PostAsync(world.A, item.Id, CommentVisibility.SharedWithCustomer, $"shared from {persona}", Cancel);

        thread.Where(c => c.Text == GuestWorld.SharedRemark).Should().HaveCount(sharedSeen);
        thread.Should().NotContain(c => c.Visibility == CommentVisibility.Internal);
        internalNote.Status.Should().Be(OutcomeStatus.Forbidden);
        sharedNote.Status.Should().Be(shared);
    }

    [Theory]
    [InlineData(Persona.RightSide)]
    [InlineData(Persona.OtherSide)]
    [InlineData(Persona.OtherOnboarding)]
    [InlineData(Persona.ExpiredLink)]
    [InlineData(Persona.RevokedLink)]
    [InlineData(Persona.UsedLink)]
    [InlineData(Persona.DisabledGuest)]
    public async Task No_guest_invites_lists_invitations_or_changes_the_onboarding(Persona persona)
    {
        await using var scope = await world.ActingAsAsync(persona);
        var invitations = scope.ServiceProvider.GetRequiredService<GuestInvitations>();
        var service = scope.ServiceProvider.GetRequiredService<OnboardingService>();
        var onboarding = await world.ItemAsync(world.A, GuestWorld.MinimalRequest);

        (await invitations.InviteAsync(world.A, GuestSide.Technical, "friend@acme.example", Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
        (await invitations.ListAsync(world.A, Cancel)).Should().BeEmpty();
        (await service.FireAsync(world.A, Move.StartTrial, Stage.Inquiry, cancellationToken: Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
        (await service.SetGoLiveWindowAsync(world.A, null, null, null, Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
        onboarding.OnboardingId.Should().Be(world.A);
    }

    [Fact]
    public async Task Opening_the_link_only_shows_the_sign_in_page_and_only_the_posted_form_uses_it()
    {
        await using var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail);
        var invited = await techLead.ServiceProvider.GetRequiredService<GuestInvitations>()
            .InviteAsync(world.A, GuestSide.Technical, "scanned@acme.example", Cancel);
        var path = invited.Value!.Path;
        using var scanner = world.App.CreateBrowserClient();
        using var browser = world.App.CreateBrowserClient();

        // A mail scanner opens the link (twice), then posts without the page's antiforgery token.
        using var scanned = await scanner.GetAsync(path, Cancel);
        using var rescanned = await scanner.GetAsync(path, Cancel);
        using var forged = await scanner.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "guest-link-sign-in", ["Input.Go"] = "1",
        }), Cancel);

        scanned.StatusCode.Should().Be(HttpStatusCode.OK);
        rescanned.StatusCode.Should().Be(HttpStatusCode.OK, "opening the page uses nothing up");
        var text = IdentityTestApp.TextOf(await scanned.Content.ReadAsStringAsync(Cancel));
        text.Should().Contain("Sign in to Acme as scanned@acme.example");
        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the sign-in is a form post with the page's antiforgery token");
        (await world.App.FindUserAsync("scanned@acme.example")).Should().BeNull("nobody signed in yet");
        await using (var db = await world.Contexts.CreateDbContextAsync(Cancel))
        {
            (await db.Set<GuestInvitation>().SingleAsync(i => i.Email == "scanned@acme.example", Cancel)).UsedAtUtc.Should().BeNull();
        }

        (await GuestWorld.OpenLinkAsync(browser, path)).Should().Be($"/portal/onboardings/{world.A}", "the person's press of the button signs in");
        using var portal = await browser.GetAsync($"/portal/onboardings/{world.A}", Cancel);
        portal.StatusCode.Should().Be(HttpStatusCode.OK);
        using var afterwards = await scanner.GetAsync(path, Cancel);
        afterwards.StatusCode.Should().Be(HttpStatusCode.Redirect);
        PathOf(afterwards).Should().Be("/guest/new-link?refused=invitation.used", "a used link still says so, with the way to a new one");
    }

    public static TheoryData<Persona, string, HttpStatusCode> CustomerExports()
    {
        var data = new TheoryData<Persona, string, HttpStatusCode>();
        var signedOut = new[] { Persona.ExpiredLink, Persona.RevokedLink, Persona.UsedLink, Persona.DisabledGuest };
        (Persona, string, HttpStatusCode)[] rows =
        [
            (Persona.RightSide, "A/export/technical.md", HttpStatusCode.OK),
            (Persona.RightSide, "A/export/business.md", HttpStatusCode.Forbidden),
            (Persona.RightSide, "B/export/technical.md", HttpStatusCode.Forbidden),
            (Persona.RightSide, "A/export/technical.json", HttpStatusCode.NotFound),
            (Persona.RightSide, "A/export/checklist.csv", HttpStatusCode.NotFound),
            (Persona.OtherSide, "A/export/business.json", HttpStatusCode.NotFound),
            (Persona.OtherSide, "A/export/business.md", HttpStatusCode.OK),
            (Persona.OtherSide, "A/export/technical.md", HttpStatusCode.Forbidden),
            (Persona.OtherOnboarding, "B/export/technical.md", HttpStatusCode.OK),
            (Persona.OtherOnboarding, "A/export/technical.md", HttpStatusCode.Forbidden),
        ];
        foreach (var row in rows)
        {
            data.Add(row.Item1, row.Item2, row.Item3);
        }
        foreach (var persona in signedOut)
        {
            data.Add(persona, "A/export/technical.md", HttpStatusCode.Redirect);
            data.Add(persona, "A/export/business.md", HttpStatusCode.Redirect);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CustomerExports))]
    public async Task A_guest_downloads_only_the_Markdown_of_their_own_package_with_only_the_items_shared_with_them(
        Persona persona, string route, HttpStatusCode expected)
    {
        var path = "/portal/onboardings/" + route.Replace("A/", $"{world.A}/").Replace("B/", $"{world.B}/");

        using var response = await world.Clients[persona].GetAsync(path, Cancel);

        if (expected == HttpStatusCode.NotFound)
        {
            // No customer CSV or JSON exists: whatever answers such an address, it is never a file.
            response.StatusCode.Should().NotBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType?.MediaType.Should().NotBe("application/json").And.NotBe("text/csv");
            return;
        }
        response.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.Redirect)
        {
            PathOf(response).Should().StartWith(ToLogin, "a guest whose sign-in no longer counts downloads nothing");
            return;
        }
        if (expected != HttpStatusCode.OK)
        {
            return;
        }
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/markdown");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var markdown = await response.Content.ReadAsStringAsync(Cancel);
        markdown.Should().Contain("The customer's copy: only the checklist items shared with you.");
        if (route.EndsWith("technical.md", StringComparison.Ordinal))
        {
            markdown.Should().Contain("Minimal request succeeds").And.Contain("Rate limit (429) handled");
            markdown.Should().NotContain("Logs and alerts", "an item the template does not share stays the team's");
            markdown.Should().NotContain("Payment method", "nothing of the other package");
        }
        else
        {
            markdown.Should().Contain("Payment method");
            markdown.Should().NotContain("Minimal request succeeds", "nothing of the other package");
        }
        markdown.Should().NotContain(GuestWorld.TechLeadEmail).And.NotContain(GuestWorld.InternalRemark);
    }

    [Fact]
    public async Task The_guests_copy_shows_what_the_portal_page_shows_them_and_nothing_of_the_teams_fields_people_or_reasons()
    {
        const string Supporter = "Zhao Mingyue";
        const string Rollback = "Roll back when 5xx exceed 2% (pager bridge 7731)";
        const string Reason = "internal: skip, low value";
        const string Models = "gpt-4o-mini, qwen-max verified from the Acme office";
        var techLeadName = GuestWorld.TechLeadEmail.Split('@')[0];
        var techLeadId = (await world.App.FindUserAsync(GuestWorld.TechLeadEmail))!.Id;
        var ramp = await world.ItemAsync(world.A, "golive.ramp-plan");
        var models = await world.ItemAsync(world.A, "trial.main-models");
        var windowStart = DateTime.UtcNow.Date.AddDays(40).AddHours(22);
        await using (var admin = await world.App.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            // The team's fields that are the go-live items' evidence, and a shared item the team set aside with a reason.
            var service = admin.ServiceProvider.GetRequiredService<OnboardingService>();
            var details = (await service.ReadAsync(world.A, Cancel)).Value!.Details;
            (await service.UpdateDetailsAsync(world.A, details, details with { RollbackConditions = Rollback }, Cancel)).Succeeded.Should().BeTrue();
            (await service.AssignSupportAsync(world.A, SupportResponsibility.CreatesApiKeys, Supporter, Cancel)).Succeeded.Should().BeTrue();
            (await service.SetGoLiveWindowAsync(world.A, windowStart, windowStart.AddMinutes(90), "Asia/Shanghai", Cancel)).Succeeded.Should().BeTrue();
            var set = await service.UpdateItemAsync(world.A, ramp.Id, ramp.Version, ItemUpdate.From(ramp) with
            {
                Status = ItemStatus.NotApplicable, StatusReason = Reason, AssigneeUserId = techLeadId,
            }, Cancel);
            set.Status.Should().Be(OutcomeStatus.Ok, set.Message);
        }
        await using (var guest = await world.ActingAsAsync(Persona.RightSide))
        {
            var done = await guest.ServiceProvider.GetRequiredService<OnboardingService>().UpdateItemAsync(world.A, models.Id, models.Version,
                ItemUpdate.From(models) with { Status = ItemStatus.Done, Evidence = Models }, Cancel);
            done.Status.Should().Be(OutcomeStatus.Ok, done.Message);
        }
        (await world.ItemAsync(world.A, "golive.ramp-plan")).AssigneeName.Should().Be(techLeadName);

        var markdown = await world.Clients[Persona.RightSide].GetStringAsync($"/portal/onboardings/{world.A}/export/technical.md", Cancel);
        var page = await world.Clients[Persona.RightSide].GetStringAsync($"/portal/onboardings/{world.A}", Cancel);

        page.Should().NotContain(Supporter).And.NotContain(Rollback).And.NotContain(Reason, "the portal page shows none of them");
        markdown.Should().Contain("Ramp plan: small traffic first, then scale").And.Contain("Not applicable")
            .And.Contain("Rollback conditions").And.Contain("Support responsibility matrix").And.Contain("Go-live window")
            .And.Contain("Main models verified").And.Contain(Models, "the guest's own evidence is theirs");
        markdown.Should().Contain(windowStart.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            "the portal page shows the guest the go-live window, in its own time zone");
        markdown.Should().NotContain(Supporter, "the support matrix is the team's field")
            .And.NotContain("Creates API keys", "nothing of the support matrix")
            .And.NotContain("Roll back when 5xx", "the rollback conditions are the team's field")
            .And.NotContain("internal: skip", "a status reason is the team's note")
            .And.NotContain(techLeadName, "assignees are the team's")
            .And.NotContain("Assignee").And.NotContain("Completed by");
    }

    [Fact]
    public async Task The_guests_copy_shows_the_reopen_note_the_portal_page_shows_them()
    {
        const string Why = "Please run it again against qwen max";
        var item = await world.ItemAsync(world.B, "trial.main-models");
        await using (var guest = await world.ActingAsAsync(Persona.OtherOnboarding))
        {
            var done = await guest.ServiceProvider.GetRequiredService<OnboardingService>().UpdateItemAsync(world.B, item.Id, item.Version,
                ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "gpt-4o-mini verified" }, Cancel);
            done.Status.Should().Be(OutcomeStatus.Ok, done.Message);
        }
        item = await world.ItemAsync(world.B, "trial.main-models");
        await using (var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail))
        {
            var reopened = await techLead.ServiceProvider.GetRequiredService<OnboardingService>().ReopenCustomerItemAsync(world.B, item.Id, item.Version, Why, Cancel);
            reopened.Status.Should().Be(OutcomeStatus.Ok, reopened.Message);
        }

        var markdown = await world.Clients[Persona.OtherOnboarding].GetStringAsync($"/portal/onboardings/{world.B}/export/technical.md", Cancel);
        var page = await world.Clients[Persona.OtherOnboarding].GetStringAsync($"/portal/onboardings/{world.B}", Cancel);

        page.Should().Contain($"Reopened by li.wei: {Why}");
        markdown.Should().Contain($"| Main models verified | Open (reopened by li.wei: {Why}) | `gpt-4o-mini verified` |");
    }

    [Fact]
    public async Task The_customer_export_passes_the_secret_guard_and_the_onboarding_page_links_it()
    {
        // Stored before the guard existed (written past the services): the export redacts it all the same.
        var key = "sk-" + new string('q', 24) + new string('R', 24);
        await using (var db = await world.Contexts.CreateDbContextAsync(Cancel))
        {
            await db.HandoffItems.Where(i => i.OnboardingId == world.A && i.Key == "trial.rate-limit")
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Evidence, "429 seen with " + key), Cancel);
        }

        var markdown = await world.Clients[Persona.RightSide].GetStringAsync($"/portal/onboardings/{world.A}/export/technical.md", Cancel);
        var page = await world.Clients[Persona.RightSide].GetStringAsync($"/portal/onboardings/{world.A}", Cancel);

        markdown.Should().Contain("429 seen with").And.NotContain(new string('q', 24));
        page.Should().Contain($"href=\"/portal/onboardings/{world.A}/export/technical.md\"").And.NotContain("/export/business.md");
    }

    [Theory]
    [InlineData(Persona.RightSide)]
    [InlineData(Persona.OtherSide)]
    [InlineData(Persona.OtherOnboarding)]
    [InlineData(Persona.ExpiredLink)]
    [InlineData(Persona.RevokedLink)]
    [InlineData(Persona.UsedLink)]
    [InlineData(Persona.DisabledGuest)]
    public async Task The_revision_log_service_refuses_every_guest_and_the_reopen_service_too(Persona persona)
    {
        await using var scope = await world.ActingAsAsync(persona);
        var log = scope.ServiceProvider.GetRequiredService<RevisionLog>();
        var item = await world.ItemAsync(world.A, GuestWorld.MinimalRequest);

        var reader = await log.ReaderAsync(Cancel);
        var history = await log.HistoryAsync(world.A, Cancel);
        var page = await log.PageAsync(new RevisionQuery { OnboardingId = world.A }, cancellationToken: Cancel);
        var search = await log.SearchAsync(new RevisionQuery { OnboardingId = world.A }, Cancel);
        var reopen = await scope.ServiceProvider.GetRequiredService<OnboardingService>()
            .ReopenCustomerItemAsync(world.A, item.Id, item.Version, "Please run it again", Cancel);

        reader.Status.Should().Be(OutcomeStatus.Forbidden);
        reader.Code.Should().Be(RevisionLog.ForbiddenCode);
        history.Status.Should().Be(OutcomeStatus.Forbidden);
        (await log.ForOnboardingAsync(world.A, Cancel)).Should().BeEmpty();
        (await log.HistoryHeadAsync(world.A, 20, Cancel)).Should().Be(RevisionHistory.Empty);
        page.Items.Should().BeEmpty();
        search.Items.Should().BeEmpty();
        search.Total.Should().Be(0);
        reopen.Status.Should().Be(OutcomeStatus.Forbidden, "guests never reopen");
    }

    [Fact]
    public async Task The_team_reads_the_revision_log_through_the_same_service()
    {
        await using var scope = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail);
        var log = scope.ServiceProvider.GetRequiredService<RevisionLog>();

        (await log.ReaderAsync(Cancel)).Status.Should().Be(OutcomeStatus.Ok);
        (await log.HistoryAsync(world.A, Cancel)).Value.Should().Contain(r => r.Kind == Alltkn.Handoff.Domain.Revisions.RevisionKind.GuestSignedIn);
    }

    [Fact]
    public async Task The_user_administration_lists_the_customer_contacts_apart_with_their_onboarding_side_and_state()
    {
        await using (var techLead = await world.App.ActingAsAsync(GuestWorld.TechLeadEmail))
        {
            (await techLead.ServiceProvider.GetRequiredService<GuestContacts>().ListAsync(cancellationToken: Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
        }
        await using (var guest = await world.ActingAsAsync(Persona.RightSide))
        {
            (await guest.ServiceProvider.GetRequiredService<GuestContacts>().ListAsync(cancellationToken: Cancel)).Status.Should().Be(OutcomeStatus.Forbidden);
        }
        await using var admin = await world.App.ActingAsAsync(IdentityTestApp.AdminEmail);
        var contacts = (await admin.ServiceProvider.GetRequiredService<GuestContacts>().ListAsync(cancellationToken: Cancel)).Value!.Items;

        var right = contacts.Single(c => c.Email == world.Emails[Persona.RightSide]);
        right.Invitations.Should().ContainSingle().Which.Should().Be(new GuestContactInvitation(world.A, "Acme", GuestSide.Technical, GuestInvitationState.Joined));
        contacts.Single(c => c.Email == world.Emails[Persona.RevokedLink]).Invitations.Single().State.Should().Be(GuestInvitationState.Revoked);
        contacts.Single(c => c.Email == world.Emails[Persona.DisabledGuest]).IsDisabled.Should().BeTrue();
        contacts.Should().NotContain(c => c.Email == GuestWorld.TechLeadEmail || c.Email == IdentityTestApp.AdminEmail);

        using var browser = world.App.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(browser, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var html = await browser.GetStringAsync("/admin/users", Cancel);
        var team = html[html.IndexOf("data-testid=\"users-table\"", StringComparison.Ordinal)..html.IndexOf("data-testid=\"guests-table\"", StringComparison.Ordinal)];
        var guests = html[html.IndexOf("data-testid=\"guests-table\"", StringComparison.Ordinal)..];
        html.Should().Contain("Customer contacts");
        team.Should().Contain(GuestWorld.TechLeadEmail).And.NotContain(world.Emails[Persona.RightSide], "a guest is not listed as a team member");
        guests.Should().Contain(world.Emails[Persona.RightSide]).And.Contain("Acme").And.Contain("technical contact");
    }
}
