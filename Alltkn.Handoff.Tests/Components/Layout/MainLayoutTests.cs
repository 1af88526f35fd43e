using Alltkn.Handoff.App.Components.Layout;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Components.Layout;

public sealed class MainLayoutTests : PageTestContext
{
    private readonly BunitPersistentComponentState _state;

    public MainLayoutTests()
    {
        _state = AddBunitPersistentComponentState();
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedToken());
        AddAuthorization().SetAuthorized(Actors.Viewer.DisplayName);
        SignIn(Actors.Viewer);
    }

    private sealed class FixedToken : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("token", "__RequestVerificationToken");
    }

    private IRenderedComponent<MainLayout> RenderLayout(RenderFragment body) =>
        RenderWithOwnProviders<MainLayout>(p => p.Add(x => x.Body, body));

    private static RenderFragment Text(string text) => b => b.AddContent(0, text);

    private sealed class Failing : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("Boom: SELECT * FROM secrets");
    }

    [Fact]
    public void A_failing_page_shows_a_friendly_localized_message_and_never_the_exception()
    {
        var cut = RenderLayout(b => { b.OpenComponent<Failing>(0); b.CloseComponent(); });

        var error = cut.Find("[data-testid='page-error']");
        error.TextContent.Should().Contain("This page could not be shown").And.Contain("Nothing you saved is lost");
        cut.Markup.Should().NotContain("Boom").And.NotContain("InvalidOperationException");
        cut.Find("[data-testid='app-bar']").TextContent.Should().Contain("Alltkn Handoff", "the shell stays usable");
    }

    [Fact]
    public void The_error_message_is_in_Chinese_for_Chinese_readers()
    {
        UseCulture("zh-CN");

        var cut = RenderLayout(b => { b.OpenComponent<Failing>(0); b.CloseComponent(); });

        cut.Find("[data-testid='page-error']").TextContent.Should().Contain("此页面无法显示");
        cut.Find("[data-testid='product-name']").TextContent.Should().Contain("Alltkn 交接工作台");
    }

    [Fact]
    public void Going_to_another_page_clears_the_error()
    {
        var cut = RenderLayout(b => { b.OpenComponent<Failing>(0); b.CloseComponent(); });
        cut.Find("[data-testid='page-error']");

        cut.Render(p => p.Add(x => x.Body, Text("The next page")));

        cut.FindAll("[data-testid='page-error']").Should().BeEmpty();
        cut.Markup.Should().Contain("The next page");
    }

    [Fact]
    public void The_language_links_lead_back_to_the_page_the_person_is_on()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/revisions?kind=StageMoved&page=2");

        var cut = RenderLayout(Text("page"));

        cut.Find("[data-testid='language-zh-CN']").GetAttribute("href").Should()
            .Be("/culture/set?culture=zh-CN&redirectUri=%2Frevisions%3Fkind%3DStageMoved%26page%3D2");
        cut.Find("[data-testid='language-en']").GetAttribute("href").Should()
            .Be("/culture/set?culture=en&redirectUri=%2Frevisions%3Fkind%3DStageMoved%26page%3D2");
        cut.Find("[data-testid='language-zh-CN']").TextContent.Trim().Should().Be("中文");
        cut.Find("[data-testid='language-en']").GetAttribute("aria-current").Should().Be("true", "the page is in English");

        Services.GetRequiredService<NavigationManager>().NavigateTo("/my-items");

        cut.WaitForAssertion(() => cut.Find("[data-testid='language-zh-CN']").GetAttribute("href").Should()
            .Be("/culture/set?culture=zh-CN&redirectUri=%2Fmy-items"));
    }

    [Fact]
    public void A_remembered_dark_theme_is_used_from_the_first_render()
    {
        _state.Persist("handoff-theme", "dark");

        var cut = RenderLayout(Text("page"));

        cut.Find("[data-testid='toggle-theme']").GetAttribute("aria-pressed").Should().Be("true");
        cut.Find("[data-testid='toggle-theme']").GetAttribute("aria-label").Should().Be("Use the light theme");
    }

    [Fact]
    public void Switching_the_theme_remembers_the_choice_in_the_browser()
    {
        _state.Persist("handoff-theme", "light");
        var module = JSInterop.SetupModule("./js/workspace.js");
        var setTheme = module.SetupVoid("setTheme", _ => true);
        var cut = RenderLayout(Text("page"));
        cut.Find("[data-testid='toggle-theme']").GetAttribute("aria-pressed").Should().Be("false");

        cut.Find("[data-testid='toggle-theme']").Click();

        cut.Find("[data-testid='toggle-theme']").GetAttribute("aria-pressed").Should().Be("true");
        setTheme.Invocations.Should().ContainSingle().Which.Arguments.Should().Equal("dark");
        _state.TriggerOnPersisting();
        _state.TryTake<string>("handoff-theme", out var persisted).Should().BeTrue();
        persisted.Should().Be("dark");
    }

    [Fact]
    public void The_app_bar_shows_the_signed_in_person_and_the_drawer_the_navigation()
    {
        var cut = RenderLayout(Text("page"));

        cut.Find("[data-testid='app-bar'] [data-testid='user-badge']").TextContent.Should()
            .Contain(Actors.Viewer.DisplayName).And.Contain("Viewer");
        cut.Find("[data-testid='navigation-drawer'] [data-testid='nav-dashboard']");
    }
}
