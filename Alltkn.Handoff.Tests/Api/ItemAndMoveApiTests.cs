using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>Items changed as of their version, and moves refused or made, through /api/v1, under the pages' rules.</summary>
public sealed class ItemAndMoveApiTests(ApiTestApp api) : IClassFixture<ApiTestApp>
{
    private const string Evidence = "Confirmed on a call with the buyer on 2026-12-01; notes in the CRM.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Patch(Guid onboarding, ItemResponse item, object body, string? ifMatch = "version")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/onboardings/{onboarding}/items/{item.Id}")
        {
            Content = JsonContent.Create(body),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch == "version" ? $"\"{item.Version}\"" : ifMatch);
        }
        return request;
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    [Fact]
    public async Task An_item_is_read_with_its_version_as_etag_and_changed_as_of_it()
    {
        var opened = await api.OpenAsync("Item Change");
        var item = opened.Items.Single(i => i.Key == "inquiry.contact-type");
        using var admin = api.As(Role.TeamAdmin);

        var get = await admin.GetAsync($"/api/v1/onboardings/{opened.Id}/items/{item.Id}", Cancel);
        using var change = Patch(opened.Id, item, new { status = "Done", evidence = Evidence });
        var changed = await admin.SendAsync(change, Cancel);

        get.Headers.ETag!.Tag.Should().Be($"\"{item.Version}\"");
        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Cancel));
        var after = (await changed.Content.ReadFromJsonAsync<ItemResponse>(ApiTestApp.Json, Cancel))!;
        after.Status.Should().Be(ItemStatus.Done);
        after.Evidence.Should().Be(Evidence);
        after.CompletedByName.Should().NotBeNullOrEmpty();
        after.Version.Should().BeGreaterThan(item.Version);
        changed.Headers.ETag!.Tag.Should().Be($"\"{after.Version}\"");
    }

    [Fact]
    public async Task A_change_without_if_match_is_428_and_with_a_stale_version_412_and_nothing_is_saved()
    {
        var opened = await api.OpenAsync("Item Versions");
        var item = opened.Items.Single(i => i.Key == "inquiry.use-case");
        using var admin = api.As(Role.TeamAdmin);
        using var first = Patch(opened.Id, item, new { evidence = "First note on the use case." });
        (await admin.SendAsync(first, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var withoutVersion = Patch(opened.Id, item, new { evidence = "Second" }, ifMatch: null);
        var missing = await admin.SendAsync(withoutVersion, Cancel);
        using var staleVersion = Patch(opened.Id, item, new { evidence = "Second" });
        var stale = await admin.SendAsync(staleVersion, Cancel);
        using var garbled = Patch(opened.Id, item, new { evidence = "Second" }, ifMatch: "\"seven\"");
        var malformed = await admin.SendAsync(garbled, Cancel);

        missing.StatusCode.Should().Be((HttpStatusCode)428);
        (await ProblemOf(missing)).GetProperty("detail").GetString().Should().Contain("If-Match");
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ProblemOf(stale)).GetProperty("code").GetString().Should().Be("conflict");
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var now = await admin.GetFromJsonAsync<ItemResponse>($"/api/v1/onboardings/{opened.Id}/items/{item.Id}", ApiTestApp.Json, Cancel);
        now!.Evidence.Should().Be("First note on the use case.");
    }

    [Fact]
    public async Task Evidence_with_a_full_key_is_refused_with_kind_position_and_masked_text()
    {
        var opened = await api.OpenAsync("Item Secret");
        var item = opened.Items.Single(i => i.Key == "inquiry.prepare.trial");
        using var lead = api.As(Role.TechLead);
        const string key = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

        using var change = Patch(opened.Id, item, new { status = "Done", evidence = $"Trial key {key} works" });
        var response = await lead.SendAsync(change, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync(Cancel)).Should().NotContain(key);
        var problem = await ProblemOf(response);
        var secret = problem.GetProperty("secrets").EnumerateArray().Single();
        secret.GetProperty("field").GetString().Should().Be("Evidence");
        secret.GetProperty("position").GetInt32().Should().Be("Trial key ".Length + 1);
        problem.GetProperty("maskedText").GetProperty("Evidence").GetString().Should().StartWith("Trial key ").And.EndWith(" works");
    }

    [Fact]
    public async Task Another_roles_item_is_forbidden_with_the_owner_named()
    {
        var opened = await api.OpenAsync("Item Owner");
        var item = opened.Items.Single(i => i.Key == "inquiry.needs");
        using var lead = api.As(Role.TechLead);
        using var finance = api.As(Role.Finance);

        using var notMine = Patch(opened.Id, item, new { evidence = "Needs an invoice." });
        var refused = await lead.SendAsync(notMine, Cancel);
        using var mine = Patch(opened.Id, item, new { evidence = "Needs an invoice." });
        var allowed = await finance.SendAsync(mine, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ProblemOf(refused)).GetProperty("code").GetString().Should().Be("item.not-permitted");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_item_is_assigned_to_a_team_member_under_their_own_name_and_never_to_someone_outside_the_team()
    {
        var opened = await api.OpenAsync("Item Assignee");
        var item = opened.Items.Single(i => i.Key == "inquiry.use-case");
        using var admin = api.As(Role.TeamAdmin);

        using var outside = Patch(opened.Id, item, new { assigneeUserId = "nobody-here", assigneeName = "Nobody" });
        var refused = await admin.SendAsync(outside, Cancel);
        using var lead = Patch(opened.Id, item, new { assigneeUserId = api.UserIdOf(Role.TechLead), assigneeName = "Someone else" });
        var assigned = await admin.SendAsync(lead, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ProblemOf(refused);
        problem.GetProperty("code").GetString().Should().Be("item.assignee-not-on-team");
        problem.GetProperty("errors").GetProperty("assigneeUserId")[0].GetString().Should().StartWith("Nobody cannot be assigned");
        assigned.StatusCode.Should().Be(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync(Cancel));
        var after = (await assigned.Content.ReadFromJsonAsync<ItemResponse>(ApiTestApp.Json, Cancel))!;
        after.AssigneeUserId.Should().Be(api.UserIdOf(Role.TechLead));
        after.AssigneeName.Should().Be(ApiTestApp.EmailOf(Role.TechLead).Split('@')[0], "the name is the account's own, not the one sent");
        after.Version.Should().Be(item.Version + 1, "the refused assignment saved nothing");
    }

    [Fact]
    public async Task A_change_that_sends_no_assignee_keeps_an_assignee_named_without_an_account()
    {
        var opened = await api.OpenAsync("Item Named Assignee");
        var item = opened.Items.Single(i => i.Key == "inquiry.use-case");
        // As the sample workspace names people: a name, no account (neither the pages nor the API assign one so).
        await using (var scope = await api.App.ActingAsAsync(ApiTestApp.EmailOf(Role.TeamAdmin)))
        {
            var stored = (await scope.ServiceProvider.GetRequiredService<OnboardingService>().ReadAsync(opened.Id, Cancel)).Value!.Item(item.Id);
            var named = await scope.ServiceProvider.GetRequiredService<OnboardingService>().UpdateItemAsync(opened.Id, item.Id, stored.Version,
                ItemUpdate.From(stored) with { AssigneeName = "Wang Fang" }, Cancel);
            named.Succeeded.Should().BeTrue(named.Message);
        }
        using var admin = api.As(Role.TeamAdmin);
        var before = (await admin.GetFromJsonAsync<ItemResponse>($"/api/v1/onboardings/{opened.Id}/items/{item.Id}", ApiTestApp.Json, Cancel))!;

        using var change = Patch(opened.Id, before, new { status = "Done", evidence = Evidence });
        var changed = await admin.SendAsync(change, Cancel);

        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Cancel));
        var after = (await changed.Content.ReadFromJsonAsync<ItemResponse>(ApiTestApp.Json, Cancel))!;
        after.Status.Should().Be(ItemStatus.Done);
        after.AssigneeUserId.Should().BeNull();
        after.AssigneeName.Should().Be("Wang Fang", "a part left out of the change keeps its value");
    }

    [Fact]
    public async Task An_item_status_sent_as_a_number_is_refused_with_400_naming_the_statuses_and_nothing_is_stored()
    {
        var opened = await api.OpenAsync("Status By Number");
        var item = opened.Items.Single(i => i.Key == "inquiry.use-case");
        using var admin = api.As(Role.TeamAdmin);

        using var change = Patch(opened.Id, item, new { status = 99, evidence = Evidence });
        var response = await admin.SendAsync(change, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
        var error = (await ProblemOf(response)).GetProperty("errors").GetProperty("status")[0].GetString();
        error.Should().ContainAll(Enum.GetNames<ItemStatus>());
        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/onboardings/{opened.Id}/items/{item.Id}", Cancel);
        now.GetProperty("status").GetString().Should().Be(item.Status.ToString());
        now.GetProperty("version").GetInt32().Should().Be(item.Version, "nothing was saved");
    }

    [Fact]
    public async Task A_move_sent_as_a_number_is_refused_with_400_naming_the_moves()
    {
        var opened = await api.OpenAsync("Move By Number");
        using var admin = api.As(Role.TeamAdmin);

        var response = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves", new { move = 99 }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
        var error = (await ProblemOf(response)).GetProperty("errors").GetProperty("move")[0].GetString();
        error.Should().ContainAll(Enum.GetNames<Move>());
    }

    [Fact]
    public async Task A_move_or_stage_sent_as_a_comma_list_is_refused_with_400_naming_its_names_and_nothing_is_done()
    {
        // System.Text.Json reads "A, B, C" as the names OR'ed together: these three are 4 | 1 | 3 = 7, which is Cancel.
        var opened = await api.OpenAsync("Move As A List");
        using var admin = api.As(Role.TeamAdmin);

        var move = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves",
            new { move = "SignOffGoLive, ConfirmTrial, StartGoLive", reason = "A list of moves, not a move" }, Cancel);
        var stage = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves",
            new { move = "Hold", reason = "Budget freeze", expectedStage = "Inquiry,Inquiry" }, Cancel);

        move.StatusCode.Should().Be(HttpStatusCode.BadRequest, await move.Content.ReadAsStringAsync(Cancel));
        (await ProblemOf(move)).GetProperty("errors").GetProperty("move")[0].GetString().Should().ContainAll(Enum.GetNames<Move>());
        stage.StatusCode.Should().Be(HttpStatusCode.BadRequest, await stage.Content.ReadAsStringAsync(Cancel));
        (await ProblemOf(stage)).GetProperty("errors").GetProperty("expectedStage")[0].GetString().Should().ContainAll(Enum.GetNames<Stage>());
        var read = await admin.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{opened.Id}", ApiTestApp.Json, Cancel);
        read!.Stage.Should().Be(Stage.Inquiry, "neither request made a move");
        read.Version.Should().Be(opened.Version);
    }

    [Fact]
    public async Task An_item_status_sent_as_a_comma_list_is_refused_with_400_and_nothing_is_stored()
    {
        // "Open, Done" is 0 | 2, which is Done.
        var opened = await api.OpenAsync("Status As A List");
        var item = opened.Items.Single(i => i.Key == "inquiry.use-case");
        using var admin = api.As(Role.TeamAdmin);

        using var change = Patch(opened.Id, item, new { status = "Open, Done", evidence = Evidence });
        var response = await admin.SendAsync(change, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
        (await ProblemOf(response)).GetProperty("errors").GetProperty("status")[0].GetString().Should().ContainAll(Enum.GetNames<ItemStatus>());
        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/onboardings/{opened.Id}/items/{item.Id}", Cancel);
        now.GetProperty("status").GetString().Should().Be(item.Status.ToString());
        now.GetProperty("version").GetInt32().Should().Be(item.Version, "nothing was saved");
    }

    [Fact]
    public async Task A_refused_move_is_409_with_every_unmet_reason_the_page_shows()
    {
        var opened = await api.OpenAsync("Move Refused");
        using var admin = api.As(Role.TeamAdmin);

        var response = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves", new { move = "StartTrial" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await ProblemOf(response);
        var reasons = problem.GetProperty("reasons").EnumerateArray().ToArray();
        var required = opened.Items.Where(i => i.Stage == Stage.Inquiry && i.Required).ToArray();
        reasons.Should().HaveCount(required.Length);
        reasons.Select(r => r.GetProperty("itemKey").GetString()).Should().BeEquivalentTo(required.Select(i => i.Key));
        reasons.Should().OnlyContain(r => r.GetProperty("code").GetString() == "ItemNotDone" && r.GetProperty("text").GetString()!.Length > 0);
        reasons.Select(r => r.GetProperty("ownerRole").GetString()).Should().Contain(["TeamAdmin", "Finance", "TechLead"]);
    }

    [Fact]
    public async Task A_move_by_someone_without_its_role_is_403_naming_the_role()
    {
        var opened = await api.OpenAsync("Move Role");
        using var viewer = api.As(Role.Finance);

        var response = await viewer.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves", new { move = "StartTrial" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var reason = (await ProblemOf(response)).GetProperty("reasons").EnumerateArray().Single();
        reason.GetProperty("code").GetString().Should().Be("MissingRole");
        reason.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()).Should().Contain("TeamAdmin");
    }

    [Fact]
    public async Task When_every_item_is_done_the_move_is_made_and_a_stale_expected_stage_changes_nothing()
    {
        var opened = await api.OpenAsync("Move Made");
        using var admin = api.As(Role.TeamAdmin);
        foreach (var item in opened.Items.Where(i => i.Stage == Stage.Inquiry && i.Required))
        {
            using var done = Patch(opened.Id, item, new { status = "Done", evidence = Evidence });
            (await admin.SendAsync(done, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK, $"{item.Key} is done by a team admin");
        }

        var moved = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves", new { move = "StartTrial", expectedStage = "Inquiry" }, Cancel);
        var again = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves", new { move = "Hold", reason = "Budget freeze", expectedStage = "Inquiry" }, Cancel);
        var noMove = await admin.PostAsJsonAsync($"/api/v1/onboardings/{opened.Id}/moves", new { reason = "?" }, Cancel);

        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync(Cancel));
        (await moved.Content.ReadFromJsonAsync<MoveResponse>(ApiTestApp.Json, Cancel))!.Stage.Should().Be(Stage.Trial);
        again.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        noMove.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var read = await admin.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{opened.Id}", ApiTestApp.Json, Cancel);
        read!.Stage.Should().Be(Stage.Trial);
    }

    [Fact]
    public async Task Signing_off_go_live_once_the_window_has_ended_is_refused_with_the_reason_the_pages_show()
    {
        var now = api.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var onboarding = new OnboardingBuilder().WithDetails(d => d.ForCustomer("Window Ended")).AtStage(Stage.GoLive).WithGateSatisfied().Build();
        var ended = now.AddDays(-2);
        onboarding.SetGoLiveWindow(GoLiveWindow.FromLocal(ended, ended.AddMinutes(90), "UTC"), Actors.ReleaseOwner, TestClock.Later());
        await using (var db = await api.App.Services.GetRequiredService<IDbContextFactory<App.Data.AppDbContext>>().CreateDbContextAsync(Cancel))
        {
            db.Onboardings.Add(onboarding);
            db.Revisions.AddRange(onboarding.PendingRevisions);
            await db.SaveChangesAsync(Cancel);
        }
        using var releaseOwner = api.As(Role.ReleaseOwner);

        var refused = await releaseOwner.PostAsJsonAsync($"/api/v1/onboardings/{onboarding.Id}/moves",
            new { move = "SignOffGoLive", expectedStage = "GoLive" }, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync(Cancel));
        var reason = (await ProblemOf(refused)).GetProperty("reasons").EnumerateArray().Should().ContainSingle().Which;
        reason.GetProperty("code").GetString().Should().Be(nameof(UnmetReasonCode.GoLiveWindowPassed));
        reason.GetProperty("text").GetString().Should().Contain($"ended on {ended.AddMinutes(90):yyyy-MM-dd HH:mm} (UTC)").And.Contain("set a new window");
        reason.GetProperty("itemKey").GetString().Should().Be("golive.window");
        var read = await releaseOwner.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{onboarding.Id}", ApiTestApp.Json, Cancel);
        read!.Stage.Should().Be(Stage.GoLive);
    }
}
