using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alltkn.Handoff.App.Api.Contracts;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Api;

/// <summary>Onboardings through /api/v1: list with the page's filters, read, open (idempotently), change fields.</summary>
public sealed class OnboardingApiTests(ApiTestApp api) : IClassFixture<ApiTestApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    [Fact]
    public async Task A_team_admin_opens_an_onboarding_and_reads_it_back_with_its_checklist()
    {
        var opened = await api.OpenAsync("Opened Through API");

        using var client = api.As(Role.Viewer);
        var response = await client.GetAsync($"/api/v1/onboardings/{opened.Id}", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().Be($"\"{opened.Version}\"");
        var read = (await response.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!;
        read.Fields.Customer.Should().Be("Opened Through API");
        read.Stage.Should().Be(Stage.Inquiry);
        read.Items.Should().Contain(i => i.Key == "inquiry.safety" && i.OwnerRole == Role.TeamAdmin);
        read.Moves.Should().Contain(Move.StartTrial);
        read.Health.Should().NotBeNull();
    }

    [Fact]
    public async Task Only_a_team_admin_may_open_an_onboarding()
    {
        using var client = api.As(Role.TechLead);

        var response = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = "EnterpriseTrial", fields = new { customer = "Not Mine", procurementEntity = "Not Mine Ltd." } }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var problem = await ProblemOf(response);
        problem.GetProperty("status").GetInt32().Should().Be(403);
        problem.GetProperty("code").GetString().Should().Be("onboarding.create-not-permitted");
        problem.GetProperty("detail").GetString().Should().Contain("team admin");
    }

    [Fact]
    public async Task Missing_fields_are_a_validation_problem_naming_each_field()
    {
        using var client = api.As(Role.TeamAdmin);

        var response = await client.PostAsJsonAsync("/api/v1/onboardings", new { fields = new { customer = " " } }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ProblemOf(response)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("scenario", "fields.customer", "fields.procurementEntity");
    }

    [Fact]
    public async Task A_request_that_cannot_be_read_is_a_problem_not_a_page()
    {
        using var client = api.As(Role.TeamAdmin);

        var badEnum = await client.GetAsync("/api/v1/onboardings?stage=Nowhere", Cancel);
        var badJson = await client.PostAsync("/api/v1/onboardings", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Cancel);
        var noSuchPath = await client.GetAsync("/api/v1/nothing-here", Cancel);
        using var anonymous = api.Client(null);
        var anonymousNoSuchPath = await anonymous.GetAsync("/api/v1/nothing-here", Cancel);

        badEnum.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemOf(badEnum)).GetProperty("detail").GetString().Should().Contain("enums by name");
        badJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemOf(badJson)).GetProperty("status").GetInt32().Should().Be(400);
        noSuchPath.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ProblemOf(noSuchPath)).GetProperty("status").GetInt32().Should().Be(404);
        anonymousNoSuchPath.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an API path is never redirected to the sign-in page");
    }

    [Fact]
    public async Task A_scenario_sent_as_a_number_is_refused_with_400_naming_the_field_and_its_names()
    {
        using var client = api.As(Role.TeamAdmin);

        var undefined = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = 99, fields = new { customer = "Scenario By Number", procurementEntity = "Number Ltd." } }, Cancel);
        var defined = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = 0, fields = new { customer = "Scenario By Number", procurementEntity = "Number Ltd." } }, Cancel);

        foreach (var response in new[] { undefined, defined })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
            var error = (await ProblemOf(response)).GetProperty("errors").GetProperty("scenario")[0].GetString();
            error.Should().ContainAll(Enum.GetNames<Scenario>());
        }
        var list = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>("/api/v1/onboardings?search=Scenario%20By%20Number", ApiTestApp.Json, Cancel);
        list!.Items.Should().BeEmpty("nothing was opened");
    }

    [Fact]
    public async Task A_scenario_sent_as_a_comma_list_is_refused_with_400_naming_the_field_and_its_names()
    {
        // System.Text.Json reads "A, B" as the names OR'ed together: 1 | 2 = 3, which is ContractOrCorporatePayment.
        using var client = api.As(Role.TeamAdmin);

        var list = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = "EnterpriseTrial, InvoiceInquiry", fields = new { customer = "Scenario As A List", procurementEntity = "List Ltd." } }, Cancel);
        var trailingComma = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = "EnterpriseTrial,", fields = new { customer = "Scenario As A List", procurementEntity = "List Ltd." } }, Cancel);

        foreach (var response in new[] { list, trailingComma })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
            (await ProblemOf(response)).GetProperty("errors").GetProperty("scenario")[0].GetString().Should().ContainAll(Enum.GetNames<Scenario>());
        }
        var opened = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>("/api/v1/onboardings?search=Scenario%20As%20A%20List", ApiTestApp.Json, Cancel);
        opened!.Items.Should().BeEmpty("nothing was opened");
    }

    [Fact]
    public async Task A_body_enum_is_read_by_its_name_whatever_the_case()
    {
        using var client = api.As(Role.TeamAdmin);

        var response = await client.PostAsJsonAsync("/api/v1/onboardings",
            new { scenario = "invoiceinquiry", fields = new { customer = "Scenario In Lower Case", procurementEntity = "Case Ltd." } }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        (await response.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!.Scenario.Should().Be(Scenario.InvoiceInquiry);
    }

    [Fact]
    public async Task A_filter_or_path_enum_given_as_a_comma_list_is_refused_with_400_naming_its_names()
    {
        var opened = await api.OpenAsync("Responsibility As A List");
        using var admin = api.As(Role.TeamAdmin);

        var stages = await admin.GetAsync("/api/v1/onboardings?stage=Trial,Inquiry", Cancel);
        var spaced = await admin.GetAsync("/api/v1/onboardings?stage=Trial%2C%20Inquiry", Cancel);
        var responsibilities = await admin.PutAsJsonAsync(
            $"/api/v1/onboardings/{opened.Id}/support-matrix/CreatesApiKeys,ManagesQuota", new { personName = "Li Wei" }, Cancel);

        foreach (var response in new[] { stages, spaced })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
            (await ProblemOf(response)).GetProperty("errors").GetProperty("stage")[0].GetString().Should().ContainAll(Enum.GetNames<Stage>());
        }
        responsibilities.StatusCode.Should().Be(HttpStatusCode.BadRequest, await responsibilities.Content.ReadAsStringAsync(Cancel));
        (await ProblemOf(responsibilities)).GetProperty("errors").GetProperty("responsibility")[0].GetString()
            .Should().ContainAll(Enum.GetNames<SupportResponsibility>());
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/onboardings/{opened.Id}", Cancel);
        read.GetProperty("supportMatrix").EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_list_filter_naming_no_stage_is_refused_with_400_naming_the_stages()
    {
        using var client = api.As(Role.Viewer);

        var number = await client.GetAsync("/api/v1/onboardings?stage=99", Cancel);
        var name = await client.GetAsync("/api/v1/onboardings?stage=Nowhere", Cancel);

        foreach (var response in new[] { number, name })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
            var error = (await ProblemOf(response)).GetProperty("errors").GetProperty("stage")[0].GetString();
            error.Should().ContainAll(Enum.GetNames<Stage>());
        }
    }

    [Fact]
    public async Task A_support_responsibility_that_does_not_exist_is_refused_with_400_and_nothing_is_stored()
    {
        var opened = await api.OpenAsync("Responsibility By Number");
        using var admin = api.As(Role.TeamAdmin);

        var response = await admin.PutAsJsonAsync($"/api/v1/onboardings/{opened.Id}/support-matrix/99", new { personName = "Li Wei" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Cancel));
        var error = (await ProblemOf(response)).GetProperty("errors").GetProperty("responsibility")[0].GetString();
        error.Should().ContainAll(Enum.GetNames<SupportResponsibility>());
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/onboardings/{opened.Id}", Cancel);
        read.GetProperty("supportMatrix").EnumerateArray().Should().BeEmpty();
        read.GetProperty("version").GetInt32().Should().Be(opened.Version);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_onboarding_and_opens_no_second()
    {
        using var client = api.As(Role.TeamAdmin);
        var body = new { scenario = "EnterpriseTrial", fields = new { customer = "CRM Closed Won", procurementEntity = "CRM Ltd." } };
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/onboardings") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, Cancel);
        }
        var first = await Send();
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Send()));

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await first.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!.Id;
        foreach (var retry in retries)
        {
            retry.StatusCode.Should().Be(HttpStatusCode.OK);
            retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
            (await retry.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!.Id.Should().Be(id);
        }
        var list = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>("/api/v1/onboardings?search=CRM%20Closed%20Won", ApiTestApp.Json, Cancel);
        list!.Items.Should().ContainSingle();
    }

    [Fact]
    public async Task Two_creates_racing_with_one_key_open_one_onboarding()
    {
        using var client = api.As(Role.TeamAdmin);
        var key = Guid.NewGuid().ToString();
        var body = new { scenario = "EnterpriseTrial", fields = new { customer = "Racing Retry", procurementEntity = "Race Ltd." } };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/onboardings") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request, Cancel);
            return (response.StatusCode, (await response.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!.Id);
        }));

        answers.Select(a => a.Id).Distinct().Should().ContainSingle();
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        var list = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>("/api/v1/onboardings?search=Racing%20Retry", ApiTestApp.Json, Cancel);
        list!.Total.Should().Be(1);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused()
    {
        using var client = api.As(Role.TeamAdmin);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Send(string customer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/onboardings")
            {
                Content = JsonContent.Create(new { scenario = "EnterpriseTrial", fields = new { customer, procurementEntity = "K Ltd." } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, Cancel);
        }

        (await Send("Key Reuse One")).StatusCode.Should().Be(HttpStatusCode.Created);
        var reused = await Send("Key Reuse Two");

        reused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ProblemOf(reused)).GetProperty("code").GetString().Should().Be("onboarding.idempotency-key-reused");
    }

    [Fact]
    public async Task An_idempotency_key_holding_a_secret_is_refused_and_nothing_is_opened()
    {
        using var client = api.As(Role.TeamAdmin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/onboardings")
        {
            Content = JsonContent.Create(new { scenario = "EnterpriseTrial", fields = new { customer = "Secret Key Header", procurementEntity = "S Ltd." } }),
        };
        request.Headers.Add("Idempotency-Key", "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r");

        var response = await client.SendAsync(request, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemOf(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
        (await response.Content.ReadAsStringAsync(Cancel)).Should().NotContain("Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r");
        var list = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>("/api/v1/onboardings?search=Secret%20Key%20Header", ApiTestApp.Json, Cancel);
        list!.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task The_list_pages_and_filters_on_the_server()
    {
        for (var i = 0; i < 3; i++)
        {
            await api.OpenAsync($"Paged Customer {i}");
        }
        using var client = api.As(Role.Finance);

        var page = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>(
            "/api/v1/onboardings?search=Paged%20Customer&pageSize=2&sort=Customer&descending=false", ApiTestApp.Json, Cancel);
        var second = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>(
            "/api/v1/onboardings?search=Paged%20Customer&pageSize=2&page=1&sort=Customer&descending=false", ApiTestApp.Json, Cancel);
        var none = await client.GetFromJsonAsync<PageResponse<OnboardingListItem>>(
            "/api/v1/onboardings?search=Paged%20Customer&stage=Live", ApiTestApp.Json, Cancel);
        var tooBig = await client.GetAsync("/api/v1/onboardings?pageSize=1000", Cancel);

        page!.Total.Should().Be(3);
        page.Items.Select(o => o.Customer).Should().Equal("Paged Customer 0", "Paged Customer 1");
        second!.Items.Select(o => o.Customer).Should().Equal("Paged Customer 2");
        none!.Items.Should().BeEmpty();
        tooBig.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemOf(tooBig)).GetProperty("errors").GetProperty("pageSize").EnumerateArray().Should().ContainSingle();
    }

    [Fact]
    public async Task A_page_beyond_the_largest_is_refused_with_400_naming_the_largest_page()
    {
        await api.OpenAsync("Far Page");
        using var client = api.As(Role.Viewer);
        var largest = int.MaxValue / 100;

        var beyond = await client.GetAsync("/api/v1/onboardings?page=30000000&pageSize=100", Cancel);
        var last = await client.GetAsync($"/api/v1/onboardings?page={largest}&pageSize=100", Cancel);

        beyond.StatusCode.Should().Be(HttpStatusCode.BadRequest, await beyond.Content.ReadAsStringAsync(Cancel));
        (await ProblemOf(beyond)).GetProperty("errors").GetProperty("page")[0].GetString().Should().Contain(largest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        last.StatusCode.Should().Be(HttpStatusCode.OK, await last.Content.ReadAsStringAsync(Cancel));
        var page = (await last.Content.ReadFromJsonAsync<PageResponse<OnboardingListItem>>(ApiTestApp.Json, Cancel))!;
        page.Items.Should().BeEmpty("no onboarding is that far down the list");
        page.Total.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_far_page_asked_of_the_list_service_is_empty_never_the_first_page()
    {
        await api.OpenAsync("Far Page Service");
        await using var scope = await api.App.ActingAsAsync(ApiTestApp.EmailOf(Role.Viewer));
        var queries = scope.ServiceProvider.GetRequiredService<OnboardingQueries>();

        var newest = await queries.ListAsync(new OnboardingListQuery { Page = 30_000_000, PageSize = 100 }, Cancel);
        var searched = await queries.ListAsync(new OnboardingListQuery { Search = "Far Page Service", Page = 30_000_000, PageSize = 100 }, Cancel);

        newest.Items.Should().BeEmpty("page × page size is past every row, not wrapped round to a negative offset");
        newest.Total.Should().BeGreaterThan(0);
        searched.Items.Should().BeEmpty();
        searched.Total.Should().Be(1);
    }

    [Fact]
    public async Task Changing_fields_keeps_the_others_and_a_stale_version_changes_nothing()
    {
        var opened = await api.OpenAsync("Field Changes");
        using var client = api.As(Role.TeamAdmin);

        using var change = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/onboardings/{opened.Id}")
        {
            Content = JsonContent.Create(new { useCase = "Summaries of support tickets" }),
        };
        change.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{opened.Version}\""));
        var changed = await client.SendAsync(change, Cancel);
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/onboardings/{opened.Id}")
        {
            Content = JsonContent.Create(new { useCase = "Something else" }),
        };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{opened.Version}\""));
        var refused = await client.SendAsync(stale, Cancel);

        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Cancel));
        var after = (await changed.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!;
        after.Fields.UseCase.Should().Be("Summaries of support tickets");
        after.Fields.Customer.Should().Be("Field Changes");
        refused.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await ProblemOf(refused)).GetProperty("storedVersion").GetInt32().Should().Be(after.Version);
        var read = await client.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{opened.Id}", ApiTestApp.Json, Cancel);
        read!.Fields.UseCase.Should().Be("Summaries of support tickets");
    }

    [Fact]
    public async Task A_key_pasted_into_a_field_is_refused_naming_kind_and_position_never_the_value()
    {
        var opened = await api.OpenAsync("Secret In Field");
        using var client = api.As(Role.TeamAdmin);
        const string key = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

        var response = await client.PatchAsJsonAsync($"/api/v1/onboardings/{opened.Id}", new { useCase = "Try with " + key }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        text.Should().NotContain(key).And.NotContain("Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r");
        var problem = await ProblemOf(response);
        var secret = problem.GetProperty("secrets").EnumerateArray().Single();
        secret.GetProperty("field").GetString().Should().Be("UseCase");
        secret.GetProperty("position").GetInt32().Should().Be("Try with ".Length + 1);
        secret.GetProperty("kind").GetString().Should().NotBeNullOrEmpty();
        var read = await client.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{opened.Id}", ApiTestApp.Json, Cancel);
        read!.Fields.UseCase.Should().BeNull("nothing was saved");
    }

    [Fact]
    public async Task A_package_field_is_changed_only_by_its_owners()
    {
        var opened = await api.OpenAsync("Package Owners");
        using var finance = api.As(Role.Finance);

        var response = await finance.PatchAsJsonAsync($"/api/v1/onboardings/{opened.Id}", new { baseUrl = "https://api.example.com/v1" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ProblemOf(response)).GetProperty("code").GetString().Should().Be("field.not-permitted");
    }

    [Fact]
    public async Task An_unknown_onboarding_is_a_404_problem()
    {
        using var client = api.As(Role.Viewer);

        var response = await client.GetAsync($"/api/v1/onboardings/{Guid.NewGuid()}", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ProblemOf(response)).GetProperty("detail").GetString().Should().Contain("does not exist");
    }

    private static HttpRequestMessage Put(string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    [Fact]
    public async Task Setting_the_go_live_window_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var opened = await api.OpenAsync("Window Versions");
        var path = $"/api/v1/onboardings/{opened.Id}/go-live-window";
        var window = new { startLocal = "2027-01-15T22:00:00", endLocal = "2027-01-16T01:00:00", timeZone = "Asia/Shanghai" };
        using var release = api.As(Role.ReleaseOwner);

        using var current = Put(path, window, $"\"{opened.Version}\"");
        var set = await release.SendAsync(current, Cancel);
        using var stale = Put(path, new { startLocal = "2027-02-15T22:00:00", endLocal = "2027-02-16T01:00:00", timeZone = "Asia/Shanghai" }, $"\"{opened.Version}\"");
        var refused = await release.SendAsync(stale, Cancel);
        using var any = Put(path, window, "*");
        var anyVersion = await release.SendAsync(any, Cancel);

        set.StatusCode.Should().Be(HttpStatusCode.OK, await set.Content.ReadAsStringAsync(Cancel));
        var after = (await set.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!;
        refused.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed, await refused.Content.ReadAsStringAsync(Cancel));
        var problem = await ProblemOf(refused);
        problem.GetProperty("code").GetString().Should().Be("conflict");
        problem.GetProperty("storedVersion").GetInt32().Should().Be(after.Version);
        anyVersion.StatusCode.Should().Be(HttpStatusCode.OK);
        var read = await release.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{opened.Id}", ApiTestApp.Json, Cancel);
        read!.GoLiveWindow!.StartUtc.Should().Be(new DateTime(2027, 1, 15, 14, 0, 0, DateTimeKind.Utc), "the stale change was not saved");
    }

    [Fact]
    public async Task Naming_a_support_person_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var opened = await api.OpenAsync("Matrix Versions");
        var path = $"/api/v1/onboardings/{opened.Id}/support-matrix/{SupportResponsibility.ReadsLogs}";
        using var admin = api.As(Role.TeamAdmin);

        using var current = Put(path, new { personName = "Li Wei" }, $"\"{opened.Version}\"");
        var set = await admin.SendAsync(current, Cancel);
        using var stale = Put(path, new { personName = "Zhang San" }, $"\"{opened.Version}\"");
        var refused = await admin.SendAsync(stale, Cancel);
        using var garbled = Put(path, new { personName = "Zhang San" }, "\"seven\"");
        var malformed = await admin.SendAsync(garbled, Cancel);

        set.StatusCode.Should().Be(HttpStatusCode.OK, await set.Content.ReadAsStringAsync(Cancel));
        var after = (await set.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!;
        refused.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed, await refused.Content.ReadAsStringAsync(Cancel));
        (await ProblemOf(refused)).GetProperty("storedVersion").GetInt32().Should().Be(after.Version);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var read = await admin.GetFromJsonAsync<OnboardingResponse>($"/api/v1/onboardings/{opened.Id}", ApiTestApp.Json, Cancel);
        read!.SupportMatrix.Should().ContainSingle(a => a.Responsibility == SupportResponsibility.ReadsLogs && a.PersonName == "Li Wei");
        read.Version.Should().Be(after.Version, "nothing was saved after the first change");
    }

    [Fact]
    public async Task The_go_live_window_and_support_matrix_are_set_through_the_api()
    {
        var opened = await api.OpenAsync("Window And Matrix");
        using var release = api.As(Role.ReleaseOwner);
        using var admin = api.As(Role.TeamAdmin);

        var window = await release.PutAsJsonAsync($"/api/v1/onboardings/{opened.Id}/go-live-window",
            new { startLocal = "2027-01-15T22:00:00", endLocal = "2027-01-16T01:00:00", timeZone = "Asia/Shanghai" }, Cancel);
        var half = await release.PutAsJsonAsync($"/api/v1/onboardings/{opened.Id}/go-live-window", new { startLocal = "2027-01-15T22:00:00" }, Cancel);
        var backwards = await release.PutAsJsonAsync($"/api/v1/onboardings/{opened.Id}/go-live-window",
            new { startLocal = "2027-01-16T22:00:00", endLocal = "2027-01-15T01:00:00", timeZone = "Asia/Shanghai" }, Cancel);
        var responsibility = Enum.GetValues<SupportResponsibility>()[0];
        var support = await admin.PutAsJsonAsync($"/api/v1/onboardings/{opened.Id}/support-matrix/{responsibility}", new { personName = "Li Wei" }, Cancel);

        window.StatusCode.Should().Be(HttpStatusCode.OK, await window.Content.ReadAsStringAsync(Cancel));
        var set = (await window.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!.GoLiveWindow!;
        set.StartUtc.Should().Be(new DateTime(2027, 1, 15, 14, 0, 0, DateTimeKind.Utc));
        half.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        backwards.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemOf(backwards)).GetProperty("errors").TryGetProperty("goLiveWindow", out _).Should().BeTrue();
        support.StatusCode.Should().Be(HttpStatusCode.OK, await support.Content.ReadAsStringAsync(Cancel));
        (await support.Content.ReadFromJsonAsync<OnboardingResponse>(ApiTestApp.Json, Cancel))!.SupportMatrix
            .Should().ContainSingle(a => a.Responsibility == responsibility && a.PersonName == "Li Wei");
    }
}
