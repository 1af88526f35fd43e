using Alltkn.Handoff.App.Components.Layout;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Components.Layout;

public sealed class NavMenuTests : PageTestContext
{
    private static readonly Dictionary<string, string> EveryoneSees = new()
    {
        ["nav-dashboard"] = "/",
        ["nav-onboardings"] = "/onboardings",
        ["nav-my-items"] = "/my-items",
        ["nav-go-live"] = "/go-live",
        ["nav-revisions"] = "/revisions",
        ["nav-workflow"] = "/workflow",
    };

    private static string? Href(IRenderedComponent<NavMenu> cut, string testId) =>
        cut.FindAll($"[data-testid='{testId}']").SingleOrDefault()?.GetAttribute("href");

    [Fact]
    public void Everyone_sees_the_workspace_pages()
    {
        SignIn(Actors.Viewer);

        var cut = RenderMud<NavMenu>();

        foreach (var (testId, href) in EveryoneSees)
        {
            Href(cut, testId).Should().Be(href);
        }
        Href(cut, "nav-new-onboarding").Should().BeNull();
        Href(cut, "nav-users").Should().BeNull();
    }

    [Fact]
    public void The_current_pages_link_is_marked_and_follows_navigation()
    {
        SignIn(Actors.With(Role.TeamAdmin));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/onboardings?stage=Trial");

        var cut = RenderMud<NavMenu>();

        cut.Find("[data-testid='nav-onboardings']").ClassList.Should().Contain("active");
        cut.Find("[data-testid='nav-onboardings']").GetAttribute("aria-current").Should().Be("page");
        cut.Find("[data-testid='nav-dashboard']").ClassList.Should().NotContain("active");
        cut.Find("[data-testid='nav-new-onboarding']").ClassList.Should().NotContain("active", "a page under the list is not the list");

        navigation.NavigateTo("/admin/users/42");

        cut.WaitForAssertion(() => cut.Find("[data-testid='nav-users']").ClassList.Should().Contain("active", "the users link marks the pages under it"));
        cut.Find("[data-testid='nav-onboardings']").ClassList.Should().NotContain("active");
    }

    [Fact]
    public void Team_admins_also_get_new_onboarding_and_users()
    {
        SignIn(Actors.With(Role.TeamAdmin));

        var cut = RenderMud<NavMenu>();

        Href(cut, "nav-new-onboarding").Should().Be("/onboardings/new");
        Href(cut, "nav-users").Should().Be("/admin/users");
    }

    [Theory]
    [InlineData(Role.TechLead)]
    [InlineData(Role.Finance)]
    [InlineData(Role.ReleaseOwner)]
    public void Other_roles_do_not_get_the_team_admin_pages(Role role)
    {
        SignIn(Actors.For(role));

        var cut = RenderMud<NavMenu>();

        Href(cut, "nav-new-onboarding").Should().BeNull();
        Href(cut, "nav-users").Should().BeNull();
    }

    [Fact]
    public void A_change_to_people_reads_the_roles_again_and_the_team_admin_links_follow()
    {
        var admin = Actors.TeamAdmin;
        SignIn(admin);
        var cut = RenderMud<NavMenu>();
        Href(cut, "nav-users").Should().Be("/admin/users");

        // Demoted (as the user administration stores it and then announces a change to people).
        SignIn(Actors.With(Role.Finance));
        Services.GetRequiredService<ChangeNotifier>().Publish(new WorkspaceChange(null, admin.UserId));

        cut.WaitForAssertion(() => Href(cut, "nav-users").Should().BeNull());
        Href(cut, "nav-new-onboarding").Should().BeNull();
    }

    [Fact]
    public void Chinese_readers_get_Chinese_labels()
    {
        SignIn(Actors.TeamAdmin);
        UseCulture("zh-CN");

        var cut = RenderMud<NavMenu>();

        cut.Find("[data-testid='nav-my-items']").TextContent.Should().Contain("我的事项");
        cut.Find("[data-testid='nav-go-live']").TextContent.Should().Contain("上线签字确认");
        cut.Find("[data-testid='nav-users']").TextContent.Should().Contain("用户管理");
    }
}
