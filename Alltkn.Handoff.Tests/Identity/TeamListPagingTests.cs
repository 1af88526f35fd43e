using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>
/// A team of a few hundred people over the years: <c>/admin/users</c> shows the team a page at a time, with the total,
/// and the search reads the server (by name or address), so no visit reads the whole team.
/// </summary>
public sealed class TeamListPagingTests : IAsyncLifetime
{
    private const int People = 60;
    private readonly IdentityTestApp app = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ = app.Services;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
        for (var n = 1; n <= People; n++)
        {
            // Made straight through Identity (no password: nobody signs in as them here), as viewers.
            var email = $"person-{n:D2}@alltkn.test";
            var person = new HandoffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Person {n:D2}", CreatedAtUtc = DateTime.UtcNow };
            (await users.CreateAsync(person)).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(person, nameof(Role.Viewer))).Succeeded.Should().BeTrue();
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_page_shows_the_first_fifty_people_by_name_with_the_total_and_a_search_box()
    {
        using var browser = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(browser, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var html = await browser.GetStringAsync("/admin/users", Cancel);

        // "Ada Admin" sorts first, so the first page ends at "Person 49".
        html.Should().Contain("person-49@alltkn.test").And.NotContain("person-50@alltkn.test", "the 51st is on the next page");
        IdentityTestApp.TextOf(html).Should().Contain($"1–{UserAdministration.DefaultPageSize} of {People + 1} people");
        html.Should().Contain("data-testid=\"team-search\"").And.Contain("data-testid=\"team-pages\"");
    }

    [Fact]
    public async Task The_last_page_holds_the_rest_and_a_search_reads_only_the_matching_people()
    {
        await using var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var administration = admin.ServiceProvider.GetRequiredService<UserAdministration>();

        var last = (await administration.ListAsync(page: 1, cancellationToken: Cancel)).Value!;
        var found = (await administration.ListAsync("person 0", cancellationToken: Cancel)).Value!;

        last.Total.Should().Be(People + 1);
        last.Items.Select(u => u.Email).Should().Equal(Enumerable.Range(50, People - 49).Select(n => $"person-{n:D2}@alltkn.test"));
        last.Items.Should().OnlyContain(u => u.Roles.SetEquals(new[] { Role.Viewer }));
        found.Total.Should().Be(9, "Person 01 to Person 09");
        found.Items.Should().OnlyContain(u => u.DisplayName.StartsWith("Person 0", StringComparison.Ordinal));
    }
}
