using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>The revision log by keyset pages, and the exports, through /api/v1.</summary>
public sealed class RevisionAndExportApiTests(ApiTestApp api) : IClassFixture<ApiTestApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_made_through_the_api_are_in_the_revision_log_attributed_to_the_tokens_person()
    {
        var opened = await api.OpenAsync("Logged Through API");
        using var client = api.As(Role.Viewer);

        var page = await client.GetFromJsonAsync<RevisionPageResponse>($"/api/v1/revisions?onboardingId={opened.Id}", ApiTestApp.Json, Cancel);

        page!.Items.Should().Contain(r => r.Kind == RevisionKind.OnboardingCreated && r.ActorId == api.UserIdOf(Role.TeamAdmin));
        page.Items.Should().OnlyContain(r => r.OnboardingId == opened.Id);
    }

    [Fact]
    public async Task The_log_pages_by_keyset_newest_first_without_gaps_or_repeats()
    {
        var opened = await api.OpenAsync("Keyset Pages");
        using var admin = api.As(Role.TeamAdmin);
        for (var i = 0; i < 5; i++)
        {
            var patched = await admin.PatchAsJsonAsync($"/api/v1/onboardings/{opened.Id}", new { useCase = $"Use case {i}" }, Cancel);
            patched.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var all = (await admin.GetFromJsonAsync<RevisionPageResponse>($"/api/v1/revisions?onboardingId={opened.Id}&limit=200", ApiTestApp.Json, Cancel))!.Items;

        var seen = new List<RevisionResponse>();
        string? next = null;
        do
        {
            var url = $"/api/v1/revisions?onboardingId={opened.Id}&limit=3" + (next is null ? "" : $"&before={next}");
            var page = (await admin.GetFromJsonAsync<RevisionPageResponse>(url, ApiTestApp.Json, Cancel))!;
            page.Items.Count.Should().BeLessThanOrEqualTo(3);
            seen.AddRange(page.Items);
            next = page.Next;
        }
        while (next is not null);

        all.Count.Should().BeGreaterThan(5);
        seen.Select(r => r.Id).Should().Equal(all.Select(r => r.Id));
        seen.Select(r => r.AtUtc).Should().BeInDescendingOrder();
        var byKind = await admin.GetFromJsonAsync<RevisionPageResponse>(
            $"/api/v1/revisions?onboardingId={opened.Id}&kind=FieldChanged&actorId={api.UserIdOf(Role.TeamAdmin)}", ApiTestApp.Json, Cancel);
        byKind!.Items.Should().HaveCount(5).And.OnlyContain(r => r.Kind == RevisionKind.FieldChanged);
        var badCursor = await admin.GetAsync("/api/v1/revisions?before=not-a-cursor", Cancel);
        badCursor.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var future = await admin.GetFromJsonAsync<RevisionPageResponse>(
            $"/api/v1/revisions?onboardingId={opened.Id}&from=2999-01-01T00:00:00Z", ApiTestApp.Json, Cancel);
        future!.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task The_exports_are_the_pages_exports_and_errors_are_problems()
    {
        var opened = await api.OpenAsync("Exported Through API");
        using var client = api.As(Role.Viewer);

        var markdown = await client.GetAsync($"/api/v1/onboardings/{opened.Id}/exports/technical.md", Cancel);
        var json = await client.GetAsync($"/api/v1/onboardings/{opened.Id}/exports/business.json", Cancel);
        var csv = await client.GetAsync($"/api/v1/onboardings/{opened.Id}/exports/checklist.csv?package=business", Cancel);
        var noPackage = await client.GetAsync($"/api/v1/onboardings/{opened.Id}/exports/legal.md", Cancel);
        var noOnboarding = await client.GetAsync($"/api/v1/onboardings/{Guid.NewGuid()}/exports/technical.md", Cancel);

        markdown.StatusCode.Should().Be(HttpStatusCode.OK);
        markdown.Content.Headers.ContentType!.MediaType.Should().Be("text/markdown");
        json.StatusCode.Should().Be(HttpStatusCode.OK);
        (await json.Content.ReadFromJsonAsync<JsonElement>(Cancel)).ValueKind.Should().Be(JsonValueKind.Object);
        (await json.Content.ReadAsStringAsync(Cancel)).Should().Contain("Exported Through API");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        noPackage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        noPackage.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        noOnboarding.StatusCode.Should().Be(HttpStatusCode.NotFound);
        noOnboarding.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
