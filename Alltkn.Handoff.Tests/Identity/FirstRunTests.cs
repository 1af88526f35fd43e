using System.Net;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The first run: the one-time /setup page, the bootstrap admin from configuration, and the roles created at start-up.</summary>
public sealed class FirstRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> SetupForm(string email, string name, string password, string? again = null) => new()
    {
        ["Input.Email"] = email,
        ["Input.DisplayName"] = name,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = again ?? password,
    };

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/admin/users")]
    public async Task With_nobody_and_no_bootstrap_admin_every_page_leads_to_setup(string path)
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/setup");
        using var setup = await client.GetAsync("/setup", Ct);
        setup.StatusCode.Should().Be(HttpStatusCode.OK);
        IdentityTestApp.TextOf(await setup.Content.ReadAsStringAsync(Ct)).Should().Contain("Nobody has an account yet. Create the first team admin");
    }

    [Fact]
    public async Task Setup_creates_the_first_team_admin_signs_them_in_and_is_gone_afterwards()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        using var client = app.CreateBrowserClient();

        using var created = await IdentityTestApp.PostFormAsync(client, "/setup", SetupForm(" li.na@alltkn.test ", "Li Na", "copper kettle river song"));

        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        created.Headers.Location!.ToString().Should().Be("http://localhost/");
        (await client.GetAsync("/", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the new admin is signed in");
        var user = await app.FindUserAsync("li.na@alltkn.test");
        user.Should().NotBeNull();
        user!.DisplayName.Should().Be("Li Na");
        user.LockoutEnabled.Should().BeTrue("lockout holds for new accounts too");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
            (await users.GetRolesAsync((await users.FindByIdAsync(user.Id))!)).Should().Equal(nameof(Role.TeamAdmin));
        }
        (await app.RevisionsAsync()).Should().Contain(r => r.Kind == RevisionKind.UserChanged && r.Subject == "li.na@alltkn.test" && r.Reason == "First-run setup");

        using var anonymous = app.CreateBrowserClient();
        using var gone = await anonymous.GetAsync("/setup", Ct);
        gone.StatusCode.Should().Be(HttpStatusCode.Redirect);
        gone.Headers.Location!.ToString().Should().Be("/account/login");
        (await anonymous.GetAsync("/", Ct)).Headers.Location!.ToString().Should().StartWith("http://localhost/account/login");
    }

    [Fact]
    public async Task A_setup_form_posted_after_the_first_admin_exists_creates_nobody()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        using var late = app.CreateBrowserClient();
        using var page = await late.GetAsync("/setup", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        using (var first = app.CreateBrowserClient())
        {
            (await IdentityTestApp.PostFormAsync(first, "/setup", SetupForm("first@alltkn.test", "First", "copper kettle river song"))).Dispose();
        }

        var form = SetupForm("second@alltkn.test", "Second", "amber lantern orchard tide");
        form["__RequestVerificationToken"] = IdentityTestApp.AntiforgeryToken(html);
        form["_handler"] = "setup";
        using var response = await late.PostAsync("/setup", new FormUrlEncodedContent(form), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/account/login");
        (await app.FindUserAsync("second@alltkn.test")).Should().BeNull();
        (await app.UserCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Setup_refuses_a_common_password_says_why_and_keeps_what_was_typed()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        using var client = app.CreateBrowserClient();

        using var response = await IdentityTestApp.PostFormAsync(client, "/setup", SetupForm("li.na@alltkn.test", "Li Na", "qwertyuiop123"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        IdentityTestApp.TextOf(html).Should().Contain("This password is on the list of commonly used passwords");
        html.Should().Contain("value=\"li.na@alltkn.test\"").And.Contain("value=\"Li Na\"").And.NotContain("qwertyuiop123");
        (await app.UserCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Setup_says_what_is_wrong_with_every_field_at_once_in_Chinese_too()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        using var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        using var response = await IdentityTestApp.PostFormAsync(client, "/setup", SetupForm("not-an-email", "", "short"));

        var text = IdentityTestApp.TextOf(await response.Content.ReadAsStringAsync(Ct));
        text.Should().Contain("“not-an-email”不是有效的电子邮件地址")
            .And.Contain("请输入向团队显示的名字")
            .And.Contain("密码太短：至少需要 12 个字符");
        (await app.UserCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Setup_refuses_two_different_passwords()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        using var client = app.CreateBrowserClient();

        using var response = await IdentityTestApp.PostFormAsync(client, "/setup",
            SetupForm("li.na@alltkn.test", "Li Na", "copper kettle river song", "copper kettle river sang"));

        IdentityTestApp.TextOf(await response.Content.ReadAsStringAsync(Ct)).Should().Contain("The two passwords are not the same.");
        (await app.UserCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Two_people_posting_setup_at_once_make_one_team_admin()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        var clients = Enumerable.Range(0, 4).Select(_ => app.CreateBrowserClient()).ToArray();
        var tokens = new List<(HttpClient Client, string Token)>();
        foreach (var client in clients)
        {
            using var page = await client.GetAsync("/setup", Ct);
            tokens.Add((client, IdentityTestApp.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct))));
        }

        var responses = await Task.WhenAll(tokens.Select((t, i) =>
        {
            var form = SetupForm($"admin{i}@alltkn.test", $"Admin {i}", "copper kettle river song");
            form["__RequestVerificationToken"] = t.Token;
            form["_handler"] = "setup";
            return t.Client.PostAsync("/setup", new FormUrlEncodedContent(form), Ct);
        }));

        (await app.UserCountAsync()).Should().Be(1);
        responses.Count(r => r.Headers.Location?.ToString() == "http://localhost/").Should().Be(1, "one setup succeeds and signs its admin in");
        responses.Count(r => r.Headers.Location?.ToString() is "/account/login" or "http://localhost/account/login")
            .Should().Be(3, "the others are sent to sign in, creating nobody");
        foreach (var response in responses)
        {
            response.Dispose();
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_creating_the_first_admin_at_once_make_one()
    {
        // Two processes' worth of locks: only the exclusive transaction is shared.
        using var database = new TestDatabase();
        await using var one = new IdentityTestApp(database, bootstrapAdmin: false);
        await using var two = new IdentityTestApp(database, bootstrapAdmin: false);
        _ = one.Services;
        _ = two.Services;
        var setups = new[] { one, two, one, two }.Select((app, i) =>
            Task.Run(() => app.Services.GetRequiredService<FirstRunSetup>()
                .CreateFirstAdminAsync($"admin{i}@alltkn.test", $"Admin {i}", "copper kettle river song", FirstAdminSource.SetupPage, Ct), Ct));

        var outcomes = await Task.WhenAll(setups);

        outcomes.Count(o => o.Succeeded).Should().Be(1);
        outcomes.Where(o => !o.Succeeded).Should().OnlyContain(o => o.Code == FirstRunSetup.AlreadySetUp);
        (await one.UserCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Start_up_creates_the_five_roles_named_like_the_domain()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false);
        await using var scope = app.Services.CreateAsyncScope();

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().Roles.Select(r => r.Name).ToList();

        roles.Should().BeEquivalentTo(Enum.GetNames<Role>());
    }

    [Fact]
    public async Task The_bootstrap_admin_is_used_only_while_nobody_has_an_account()
    {
        using var database = new TestDatabase();
        await using (var first = new IdentityTestApp(database))
        {
            (await first.FindUserAsync(IdentityTestApp.AdminEmail)).Should().NotBeNull();
            (await first.RevisionsAsync()).Should().ContainSingle(r => r.Reason == "Bootstrap admin from configuration");
        }

        await using var restarted = new IdentityTestApp(database, settings: new Dictionary<string, string?>
        {
            ["Handoff:BootstrapAdmin:Email"] = "someone.else@alltkn.test",
            ["Handoff:BootstrapAdmin:Password"] = "amber lantern orchard tide",
        });

        (await restarted.FindUserAsync("someone.else@alltkn.test")).Should().BeNull();
        (await restarted.UserCountAsync()).Should().Be(1);
        using var client = restarted.CreateBrowserClient();
        (await client.GetAsync("/setup", Ct)).Headers.Location!.ToString().Should().Be("/account/login");
    }

    [Fact]
    public async Task A_bootstrap_admin_with_a_weak_password_stops_the_start_up_saying_why_without_the_password()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false, settings: new Dictionary<string, string?>
        {
            ["Handoff:BootstrapAdmin:Email"] = "ops@alltkn.test",
            ["Handoff:BootstrapAdmin:Password"] = "Password2025!",
        });

        var start = () => app.Services;

        start.Should().Throw<InvalidOperationException>()
            .Which.Message.Should().Contain("Handoff:BootstrapAdmin was refused").And.Contain("commonly used passwords").And.NotContain("Password2025!");
    }

    [Fact]
    public async Task A_bootstrap_admin_without_a_password_stops_the_start_up()
    {
        await using var app = new IdentityTestApp(bootstrapAdmin: false, settings: new Dictionary<string, string?>
        {
            ["Handoff:BootstrapAdmin:Email"] = "ops@alltkn.test",
        });

        var start = () => app.Services;

        start.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("set both Email and Password");
    }
}
