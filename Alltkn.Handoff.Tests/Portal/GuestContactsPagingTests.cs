using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Portal;

/// <summary>
/// The customer's contacts gather over the years (one or two per onboarding): the user administration reads them a page at
/// a time, searched by address, and the team's list never holds them.
/// </summary>
public sealed class GuestContactsPagingTests : IAsyncLifetime
{
    private const int Guests = 60;
    private readonly IdentityTestApp app = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ = app.Services;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        (await roles.CreateAsync(new IdentityRole(GuestAccess.RoleName))).Succeeded.Should().BeTrue();
        for (var n = 1; n <= Guests; n++)
        {
            // As GuestSignIn makes them: no password, the address as the name, the Guest role.
            var email = $"contact-{n:D2}@customer{n % 3}.example";
            var guest = new HandoffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAtUtc = DateTime.UtcNow };
            (await users.CreateAsync(guest)).Succeeded.Should().BeTrue();
            (await users.AddToRoleAsync(guest, GuestAccess.RoleName)).Succeeded.Should().BeTrue();
        }
        await app.CreateUserAsync("li.wei@alltkn.test", "Handoff-Test-Keeper-2026!", Role.TechLead);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Customer_contacts_are_read_a_page_at_a_time_in_address_order_with_the_total()
    {
        await using var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var contacts = admin.ServiceProvider.GetRequiredService<GuestContacts>();

        var first = (await contacts.ListAsync(cancellationToken: Cancel)).Value!;
        var last = (await contacts.ListAsync(page: 2, cancellationToken: Cancel)).Value!;

        first.Total.Should().Be(Guests);
        first.Items.Should().HaveCount(GuestContacts.DefaultPageSize);
        first.Items[0].Email.Should().Be("contact-01@customer1.example");
        first.Items.Select(c => c.Email).Should().BeInAscendingOrder(StringComparer.OrdinalIgnoreCase);
        last.Items.Should().HaveCount(Guests - 2 * GuestContacts.DefaultPageSize);
        last.Items[^1].Email.Should().Be("contact-60@customer0.example");
        first.Items.Select(c => c.UserId).Should().NotIntersectWith(last.Items.Select(c => c.UserId));
    }

    [Fact]
    public async Task A_search_finds_contacts_by_any_part_of_their_address_in_any_case()
    {
        await using var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail);
        var contacts = admin.ServiceProvider.GetRequiredService<GuestContacts>();

        var found = (await contacts.ListAsync(" CUSTOMER2.example ", cancellationToken: Cancel)).Value!;
        var none = (await contacts.ListAsync("nobody", cancellationToken: Cancel)).Value!;

        found.Total.Should().Be(Guests / 3);
        found.Items.Should().OnlyContain(c => c.Email.EndsWith("@customer2.example", StringComparison.Ordinal));
        none.Total.Should().Be(0);
        none.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task The_team_list_leaves_the_customer_contacts_out_and_the_page_shows_one_page_of_them()
    {
        await using (var admin = await app.ActingAsAsync(IdentityTestApp.AdminEmail))
        {
            var team = (await admin.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(cancellationToken: Cancel)).Value!.Items;
            team.Select(u => u.Email).Should().BeEquivalentTo([IdentityTestApp.AdminEmail, "li.wei@alltkn.test"]);
        }

        using var browser = app.CreateBrowserClient();
        (await IdentityTestApp.SignInAsync(browser, IdentityTestApp.AdminEmail, IdentityTestApp.AdminPassword)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var html = await browser.GetStringAsync("/admin/users", Cancel);

        html.Should().Contain("contact-25@customer1.example").And.NotContain("contact-26@customer2.example", "the 26th is on the next page");
        IdentityTestApp.TextOf(html).Should().Contain($"1–25 of {Guests} customer contacts");
        html.Should().Contain("data-testid=\"guests-search\"");
    }

    [Fact]
    public async Task Only_a_team_admin_reads_the_customer_contacts()
    {
        await using var techLead = await app.ActingAsAsync("li.wei@alltkn.test");

        var listed = await techLead.ServiceProvider.GetRequiredService<GuestContacts>().ListAsync(cancellationToken: Cancel);

        listed.Succeeded.Should().BeFalse();
        listed.Value.Should().BeNull();
    }
}
