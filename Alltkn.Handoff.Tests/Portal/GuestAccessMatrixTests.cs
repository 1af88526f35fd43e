using System.Net;
using Alltkn.Handoff.App.Comments;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
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
}
