using System.Security.Claims;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>User administration through its service, acting as real signed-in people on a real SQLite file.</summary>
public sealed class UserAdministrationTests : IAsyncLifetime
{
    private const string Password = "copper kettle river song";
    private readonly IdentityTestApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _app.Services;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<T> AsAsync<T>(string email, Func<UserAdministration, Task<T>> action)
    {
        await using var scope = await _app.ActingAsAsync(email);
        return await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    private Task<T> AsAdminAsync<T>(Func<UserAdministration, Task<T>> action) => AsAsync(IdentityTestApp.AdminEmail, action);

    private async Task<IReadOnlyList<string>> RolesOfAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
        return [.. (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).Order()];
    }

    [Fact]
    public async Task A_team_admin_creates_a_person_with_several_roles_and_sees_them_listed()
    {
        var created = await AsAdminAsync(a => a.CreateAsync(new NewUser("  mei@alltkn.test ", "Mei", Password, [Role.Finance, Role.ReleaseOwner]), Ct));

        created.Succeeded.Should().BeTrue(created.Message);
        var listed = await AsAdminAsync(a => a.ListAsync(cancellationToken: Ct));
        listed.Value!.Items.Should().ContainSingle(u => u.Email == "mei@alltkn.test")
            .Which.Should().Match<UserSummary>(u => u.DisplayName == "Mei" && !u.IsDisabled && u.Roles.SetEquals(new[] { Role.Finance, Role.ReleaseOwner }));
        listed.Value.Items.Should().Contain(u => u.Email == IdentityTestApp.AdminEmail && u.Roles.Contains(Role.TeamAdmin));
        var entry = (await _app.RevisionsAsync()).Last();
        entry.Should().Match<RevisionEntry>(r => r.Kind == RevisionKind.UserChanged && r.Subject == "mei@alltkn.test"
            && r.ActorName == "Ada Admin" && r.Before == null && r.After == "Created (Mei); roles: Finance, ReleaseOwner");
        (await _app.FindUserAsync("mei@alltkn.test"))!.LockoutEnabled.Should().BeTrue();
    }

    [Fact]
    public async Task Creating_a_person_with_a_weak_password_and_no_role_is_refused_saying_why_field_by_field()
    {
        var refused = await AsAdminAsync(a => a.CreateAsync(new NewUser("mei@alltkn.test", "Mei", "letmein2025!", []), Ct));

        refused.Status.Should().Be(OutcomeStatus.Refused);
        refused.Code.Should().Be(AccountOutcome.InvalidInput);
        refused.ProblemWith(AccountField.Password).Should().StartWith("This password is on the list of commonly used passwords");
        refused.ProblemWith(AccountField.Roles).Should().Be("Choose at least one role. Viewer can read everything and change nothing.");
        refused.ProblemWith(AccountField.Email).Should().BeNull();
        (await _app.FindUserAsync("mei@alltkn.test")).Should().BeNull();
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_is_refused_once_under_the_email()
    {
        var refused = await AsAdminAsync(a => a.CreateAsync(new NewUser(IdentityTestApp.AdminEmail.ToUpperInvariant(), "Copy", Password, [Role.Viewer]), Ct));

        refused.Problems().Should().ContainSingle()
            .Which.Should().Match<InputProblem>(p => p.Field == AccountField.Email && p.Message.Contains("already has an account"));
    }

    [Fact]
    public async Task Only_a_team_admin_may_administer_users_even_calling_the_service_directly()
    {
        await _app.CreateUserAsync("lin@alltkn.test", Password, Role.TechLead, Role.Finance, Role.ReleaseOwner, Role.Viewer);
        var adminId = (await _app.FindUserAsync(IdentityTestApp.AdminEmail))!.Id;

        var list = await AsAsync("lin@alltkn.test", a => a.ListAsync(cancellationToken: Ct));
        var create = await AsAsync("lin@alltkn.test", a => a.CreateAsync(new NewUser("x@alltkn.test", "X", Password, [Role.TeamAdmin]), Ct));
        var roles = await AsAsync("lin@alltkn.test", a => a.SetRolesAsync(adminId, [Role.Viewer], Ct));
        var disable = await AsAsync("lin@alltkn.test", a => a.DisableAsync(adminId, Ct));

        new Outcome[] { list, create, roles, disable }.Should().OnlyContain(o => o.Status == OutcomeStatus.Forbidden);
        (await _app.FindUserAsync("x@alltkn.test")).Should().BeNull();
        (await RolesOfAsync(IdentityTestApp.AdminEmail)).Should().Equal(nameof(Role.TeamAdmin));
        (await _app.FindUserAsync(IdentityTestApp.AdminEmail))!.IsDisabled.Should().BeFalse();

        await using var nobody = _app.Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)nobody.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        (await nobody.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(cancellationToken: Ct)).Status.Should().Be(OutcomeStatus.Forbidden);
    }

    [Fact]
    public async Task A_team_admin_gives_and_takes_roles_and_the_log_says_before_and_after()
    {
        var id = await _app.CreateUserAsync("mei@alltkn.test", Password, Role.Finance, Role.Viewer);

        var changed = await AsAdminAsync(a => a.SetRolesAsync(id, [Role.TechLead, Role.Viewer, Role.ReleaseOwner], Ct));

        changed.Succeeded.Should().BeTrue(changed.Message);
        (await RolesOfAsync("mei@alltkn.test")).Should().Equal("ReleaseOwner", "TechLead", "Viewer");
        (await _app.RevisionsAsync()).Last().Should().Match<RevisionEntry>(r => r.Kind == RevisionKind.UserChanged
            && r.Subject == "mei@alltkn.test" && r.ActorName == "Ada Admin"
            && r.Before == "Roles: Finance, Viewer" && r.After == "Roles: TechLead, ReleaseOwner, Viewer");

        var none = await AsAdminAsync(a => a.SetRolesAsync(id, [], Ct));
        none.ProblemWith(AccountField.Roles).Should().NotBeNull();
        (await RolesOfAsync("mei@alltkn.test")).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_team_admin_cannot_disable_themself()
    {
        var adminId = (await _app.FindUserAsync(IdentityTestApp.AdminEmail))!.Id;
        await _app.CreateUserAsync("second.admin@alltkn.test", Password, Role.TeamAdmin);

        var refused = await AsAdminAsync(a => a.DisableAsync(adminId, Ct));

        refused.Code.Should().Be(UserAdministration.CannotDisableSelf);
        (await _app.FindUserAsync(IdentityTestApp.AdminEmail))!.IsDisabled.Should().BeFalse();
    }

    [Fact]
    public async Task The_last_enabled_team_admin_can_be_neither_disabled_nor_lose_the_role()
    {
        var adminId = (await _app.FindUserAsync(IdentityTestApp.AdminEmail))!.Id;
        var secondId = await _app.CreateUserAsync("second.admin@alltkn.test", Password, Role.TeamAdmin);

        (await AsAsync("second.admin@alltkn.test", a => a.DisableAsync(adminId, Ct))).Succeeded.Should().BeTrue("another enabled team admin remains");
        var demote = await AsAsync("second.admin@alltkn.test", a => a.SetRolesAsync(secondId, [Role.Viewer], Ct));

        demote.Code.Should().Be(UserAdministration.LastTeamAdmin);
        (await RolesOfAsync("second.admin@alltkn.test")).Should().Equal(nameof(Role.TeamAdmin));

        (await AsAsync("second.admin@alltkn.test", a => a.EnableAsync(adminId, Ct))).Succeeded.Should().BeTrue();
        (await AsAsync("second.admin@alltkn.test", a => a.SetRolesAsync(secondId, [Role.Viewer], Ct))).Succeeded.Should().BeTrue("the first admin is enabled again");
        var lastOne = await AsAdminAsync(a => a.SetRolesAsync(adminId, [Role.TechLead], Ct));
        lastOne.Code.Should().Be(UserAdministration.LastTeamAdmin);
    }

    [Fact]
    public async Task Two_team_admins_disabling_each_other_at_once_leave_one_enabled()
    {
        var adminId = (await _app.FindUserAsync(IdentityTestApp.AdminEmail))!.Id;
        var secondId = await _app.CreateUserAsync("second.admin@alltkn.test", Password, Role.TeamAdmin);

        var outcomes = await Task.WhenAll(
            Task.Run(() => AsAdminAsync(a => a.DisableAsync(secondId, Ct)), Ct),
            Task.Run(() => AsAsync("second.admin@alltkn.test", a => a.DisableAsync(adminId, Ct)), Ct));

        outcomes.Count(o => o.Succeeded).Should().BeLessThanOrEqualTo(1);
        var enabledAdmins = (await AsAsync(outcomes[0].Succeeded ? IdentityTestApp.AdminEmail : "second.admin@alltkn.test", a => a.ListAsync(cancellationToken: Ct)))
            .Value!.Items.Where(u => !u.IsDisabled && u.Roles.Contains(Role.TeamAdmin));
        enabledAdmins.Should().ContainSingle();
    }

    [Fact]
    public async Task Disabling_changes_the_security_stamp_and_is_logged_and_enabling_lets_the_person_in_again()
    {
        var id = await _app.CreateUserAsync("mei@alltkn.test", Password, Role.Finance);
        var stampBefore = (await _app.FindUserAsync("mei@alltkn.test"))!.SecurityStamp;

        (await AsAdminAsync(a => a.DisableAsync(id, Ct))).Succeeded.Should().BeTrue();

        var disabled = (await _app.FindUserAsync("mei@alltkn.test"))!;
        disabled.IsDisabled.Should().BeTrue();
        disabled.SecurityStamp.Should().NotBe(stampBefore);
        (await _app.RevisionsAsync()).Last().Should().Match<RevisionEntry>(r => r.Kind == RevisionKind.UserChanged
            && r.Subject == "mei@alltkn.test" && r.Before == "Enabled" && r.After == "Disabled" && r.ActorName == "Ada Admin");
        (await AsAdminAsync(a => a.ListAsync(cancellationToken: Ct))).Value!.Items.Should().Contain(u => u.Id == id && u.IsDisabled);

        (await AsAdminAsync(a => a.EnableAsync(id, Ct))).Succeeded.Should().BeTrue();
        using var client = _app.CreateBrowserClient();
        using var signIn = await IdentityTestApp.SignInAsync(client, "mei@alltkn.test", Password);
        signIn.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        (await _app.RevisionsAsync()).Where(r => r.Kind == RevisionKind.UserChanged).Last().After.Should().Be("Enabled");
    }

    [Fact]
    public async Task A_role_taken_away_counts_at_once_in_the_services()
    {
        var id = await _app.CreateUserAsync("mei@alltkn.test", Password, Role.TeamAdmin, Role.Finance);
        await using var meiScope = await _app.ActingAsAsync("mei@alltkn.test");
        var asMei = meiScope.ServiceProvider.GetRequiredService<UserAdministration>();
        (await asMei.ListAsync(cancellationToken: Ct)).Succeeded.Should().BeTrue();

        (await AsAdminAsync(a => a.SetRolesAsync(id, [Role.Finance], Ct))).Succeeded.Should().BeTrue();

        (await asMei.ListAsync(cancellationToken: Ct)).Status.Should().Be(OutcomeStatus.Forbidden, "the same open page asks with the roles stored now");
    }

    [Fact]
    public async Task The_team_is_listed_a_page_at_a_time_enabled_first_by_name_and_searched_by_name_or_address_in_any_case()
    {
        // Display names are the addresses' local parts: "cleo", "bruno", "dara".
        await _app.CreateUserAsync("cleo@alltkn.test", Password, Role.Viewer);
        var bruno = await _app.CreateUserAsync("bruno@alltkn.test", Password, Role.Finance);
        await _app.CreateUserAsync("dara@partner.test", Password, Role.TechLead);
        (await AsAdminAsync(a => a.DisableAsync(bruno, Ct))).Succeeded.Should().BeTrue();

        var first = (await AsAdminAsync(a => a.ListAsync(pageSize: 2, cancellationToken: Ct))).Value!;
        var second = (await AsAdminAsync(a => a.ListAsync(page: 1, pageSize: 2, cancellationToken: Ct))).Value!;
        var byName = (await AsAdminAsync(a => a.ListAsync("CLE", cancellationToken: Ct))).Value!;
        var byAddress = (await AsAdminAsync(a => a.ListAsync("Partner.TEST", cancellationToken: Ct))).Value!;
        var nobody = (await AsAdminAsync(a => a.ListAsync("zzz", cancellationToken: Ct))).Value!;

        first.Total.Should().Be(4, "the bootstrap admin and the three people made here");
        first.Items.Select(u => u.DisplayName).Should().Equal("Ada Admin", "cleo");
        second.Items.Select(u => u.DisplayName).Should().Equal(["dara", "bruno"], "the disabled account comes last");
        second.Items[0].Roles.Should().Equal(Role.TechLead);
        byName.Items.Should().ContainSingle().Which.Email.Should().Be("cleo@alltkn.test");
        byName.Total.Should().Be(1);
        byAddress.Items.Should().ContainSingle().Which.DisplayName.Should().Be("dara");
        nobody.Total.Should().Be(0);
        nobody.Items.Should().BeEmpty();
    }
}
