using System.Net;
using System.Net.Http.Headers;
using Alltkn.Handoff.App.Api.Tokens;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Infrastructure;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// Issue 9, point 4: the signed-in person is read once per request, not by every part of it. One prerendered page
/// request checks the sign-in cookie (the person there, enabled, same security stamp), checks for a temporary password or
/// a missing second factor, shows the person in the menu, the badge and the bell, and checks the person's roles in every
/// service the page calls: all of that from one read of the person and one of their roles.
/// </summary>
public sealed class SignedInRequestReadsTests : IAsyncLifetime
{
    private const string Email = "vera@alltkn.test";
    private const string Password = "copper meadow lantern drift";

    private readonly IdentityTestApp _identity = new();
    private static readonly HttpContextAccessor Http = new();

    /// <summary>The header naming the request whose queries are counted: what background work (reminders, health) reads meanwhile is not.</summary>
    private const string CountHeader = "X-Test-Count-Commands";

    private readonly CommandRecorder _commands = new(() => Http.HttpContext?.Request.Headers[CountHeader].ToString() is { Length: > 0 } request ? request : null);
    private WebApplicationFactory<Program> _app = null!;
    private string _userId = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = _identity.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(_commands))));
        _userId = await IdentityTestApp.CreateUserAsync(_app.Services, Email, Password, Role.TechLead, Role.Finance);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/onboardings")]
    [InlineData("/my-items")]
    public async Task A_signed_in_page_request_reads_the_person_and_their_roles_once(string path)
    {
        using var client = _app.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        (await IdentityTestApp.SignInAsync(client, Email, Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var html = await GetCountedAsync(client, path);

        html.Should().Contain("data-testid=\"user-badge\"", "the page shows the person (the badge)")
            .And.Contain("data-testid=\"notification-bell\"", "and their notifications")
            .And.Contain("data-testid=\"nav-menu\"");
        var commands = _commands.Of(path);
        ReadsOf(commands, "\"AspNetUsers\"", _userId).Should()
            .Be(1, "the cookie check's read of the person serves the rest of the request:\n" + string.Join("\n---\n", commands));
        ReadsOf(commands, "\"AspNetUserRoles\"", _userId).Should()
            .Be(1, "the roles are read once, for the menu, the badge and every service the page calls:\n" + string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task A_team_admin_s_page_request_reads_the_person_once_too()
    {
        using var client = _app.CreateDefaultClient(new CookieContainerHandler(new CookieContainer()));
        (await IdentityTestApp.SignInAsync(client, HandoffAppFactory.AdminEmail, HandoffAppFactory.AdminPassword)).StatusCode
            .Should().Be(HttpStatusCode.Redirect);

        var html = await GetCountedAsync(client, "/admin/users");

        html.Should().Contain("data-testid=\"nav-users\"", "a team admin's menu offers the users page");
        var adminId = (await _identity.FindUserAsync(HandoffAppFactory.AdminEmail))!.Id;
        var commands = _commands.Of("/admin/users");
        ReadsOf(commands, "\"AspNetUsers\"", adminId).Should()
            .Be(1, "the admin is read once (the page's list of people is another query):\n" + string.Join("\n---\n", commands));
        ReadsOf(commands, "\"AspNetUserRoles\"", adminId).Should().Be(1, "and so are the admin's roles:\n" + string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task A_request_that_only_reads_keeps_its_read_while_one_that_changes_something_and_an_open_page_read_again()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var person = scope.ServiceProvider.GetRequiredService<RequestPerson>();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var request = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        request.Request.Method = HttpMethods.Get;
        accessor.HttpContext = request;
        try
        {
            (await person.ActorAsync(_userId, Cancel))!.Roles.Should().BeEquivalentTo(new[] { Role.TechLead, Role.Finance });
            await SetRolesAsync(Role.Viewer);
            (await person.ActorAsync(_userId, Cancel))!.Roles.Should()
                .BeEquivalentTo(new[] { Role.TechLead, Role.Finance }, "a request that only reads is one moment: its person as read when it began");

            request.Request.Method = HttpMethods.Post;
            (await person.ActorAsync(_userId, Cancel))!.Roles.Should()
                .Equal(new[] { Role.Viewer }, "a request that changes something reads the roles as stored when its services ask");
        }
        finally
        {
            accessor.HttpContext = null;
        }

        // An open page's circuit (a scope of its own, no request): every call reads the roles as stored now.
        await using var circuit = await IdentityTestApp.ActingAsAsync(_app.Services, Email);
        var actor = circuit.ServiceProvider.GetRequiredService<ICurrentActor>();
        (await actor.GetAsync(Cancel))!.Roles.Should().Equal(Role.Viewer);
        await SetRolesAsync(Role.Finance);
        (await actor.GetAsync(Cancel))!.Roles.Should().Equal(new[] { Role.Finance }, "a demotion counts at once on an open page");
    }

    /// <summary>Gives <see cref="Email"/> these roles, as a team admin on the users page does.</summary>
    private async Task SetRolesAsync(params Role[] roles)
    {
        await using var admin = await IdentityTestApp.ActingAsAsync(_app.Services, HandoffAppFactory.AdminEmail);
        var set = await admin.ServiceProvider.GetRequiredService<UserAdministration>().SetRolesAsync(_userId, roles, Cancel);
        set.Succeeded.Should().BeTrue(set.Message);
    }

    [Fact]
    public async Task An_api_read_with_a_token_reads_the_token_s_person_once()
    {
        CreatedApiToken token;
        await using (var scope = await IdentityTestApp.ActingAsAsync(_app.Services, Email))
        {
            var created = await scope.ServiceProvider.GetRequiredService<ApiTokens>()
                .CreateAsync("Reads", DateTime.UtcNow.AddDays(1), ApiTokenAccess.ReadOnly, Cancel);
            created.Succeeded.Should().BeTrue(created.Message);
            token = created.Value!;
        }
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/onboardings");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.Add(CountHeader, "api");

        using var response = await client.SendAsync(request, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var commands = _commands.Of("api");
        ReadsOf(commands, "\"AspNetUsers\"", _userId).Should()
            .Be(1, "the token's check reads the person for the call and its services:\n" + string.Join("\n---\n", commands));
        ReadsOf(commands, "\"AspNetUserRoles\"", _userId).Should().Be(1, string.Join("\n---\n", commands));
    }

    /// <summary>
    /// The queries naming <paramref name="table"/> that ask for this one person (their id the only value of the parameters;
    /// a page's list of people, the admin among them, asks for many).
    /// </summary>
    private static int ReadsOf(IReadOnlyList<RecordedCommand> commands, string table, string userId) => commands.Count(c =>
        c.Sql.Contains(table, StringComparison.Ordinal) && c.Parameters.Count > 0 && c.Parameters.All(p => (p.Value?.ToString() ?? "") == userId));

    /// <summary>GETs <paramref name="path"/> with the commands of that request (and only those) recorded under its path.</summary>
    private async Task<string> GetCountedAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CountHeader, path);
        using var response = await client.SendAsync(request, Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{path} should render for the signed-in person");
        return await response.Content.ReadAsStringAsync(Cancel);
    }

}
