using System.Globalization;
using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>The export menu: plain download links to the endpoints, and copying a package's Markdown to the clipboard.</summary>
public sealed class ExportMenuTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private DirectoryInfo _folder = null!;
    private MarkedOnboarding _marked = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = Xunit.TestContext.Current.CancellationToken;
        _folder = Directory.CreateTempSubdirectory("alltkn-export-menu-");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = Path.Combine(_folder.FullName, "handoff.db") })
            .Build();
        var signedIn = new SignedIn();
        _context.Services.AddMudServices();
        _context.Services.AddHandoffLocalization();
        _context.Services.AddHandoffData(configuration);
        _context.Services.AddHandoffServices();
        _context.Services.AddSingleton<ICurrentActor>(signedIn);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        await _context.Services.MigrateHandoffDatabaseAsync(cancellationToken);
        _marked = await MarkedOnboarding.StoreAsync(_context.Services.GetRequiredService<OnboardingService>(), signedIn, cancellationToken);
        signedIn.Actor = ExportActors.Viewer;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp directory.
        }
    }

    [Fact]
    public void The_menu_offers_every_download_as_a_link_the_browser_downloads()
    {
        var menu = Open();

        var links = menu.FindAll("a[href]").ToDictionary(a => a.GetAttribute("href")!, a => a);
        var id = _marked.Id;
        string[] expected =
        [
            $"/onboardings/{id}/export/technical.md", $"/onboardings/{id}/export/technical.json",
            $"/onboardings/{id}/export/checklist.csv?package=technical",
            $"/onboardings/{id}/export/business.md", $"/onboardings/{id}/export/business.json",
            $"/onboardings/{id}/export/checklist.csv?package=business",
            $"/onboardings/{id}/export/checklist.csv",
        ];
        links.Keys.Should().BeEquivalentTo(expected);
        links.Values.Should().OnlyContain(a => a.HasAttribute("download"), "Blazor's router leaves links with a download attribute to the browser");
        links[$"/onboardings/{id}/export/business.md"].TextContent.Should().Contain("Business package (Markdown)");
    }

    [Fact]
    public void Copy_puts_the_packages_markdown_in_the_persons_language_on_the_clipboard()
    {
        var clipboard = _context.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        clipboard.SetVoidResult();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var menu = Open();
            menu.Find("[data-testid=copy-technical]").Click();

            menu.WaitForAssertion(() => clipboard.Invocations.Should().ContainSingle(), TimeSpan.FromSeconds(10));
            var copied = clipboard.Invocations.Single().Arguments[0].Should().BeOfType<string>().Subject;
            copied.Should().StartWith("# 技术交接包").And.Contain("TECH-BaseUrl-3a").And.NotContain("BIZ-Customer-7f");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void A_refused_clipboard_is_explained_and_nothing_else_breaks()
    {
        var clipboard = _context.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        clipboard.SetException(new Microsoft.JSInterop.JSException("NotAllowedError: Write permission denied."));
        var menu = Open();

        menu.Find("[data-testid=copy-business]").Click();

        var snackbar = _context.Services.GetRequiredService<ISnackbar>();
        menu.WaitForAssertion(() => snackbar.ShownSnackbars.Should().ContainSingle(), TimeSpan.FromSeconds(10));
        clipboard.Invocations.Should().ContainSingle();
        snackbar.ShownSnackbars.Single().Message.Should().Contain("did not allow copying to the clipboard");
    }

    /// <summary>Renders the menu (with the popover host MudMenu needs) and opens it.</summary>
    private IRenderedComponent<MenuHost> Open()
    {
        var rendered = _context.Render<MenuHost>(parameters => parameters.AddChildContent(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ExportMenu>(1);
            builder.AddAttribute(2, nameof(ExportMenu.OnboardingId), _marked.Id);
            builder.CloseComponent();
        }));
        rendered.Find("[data-testid=export-menu] button").Click();
        return rendered;
    }

    /// <summary>A component that renders what it is given, to host the menu next to its popover provider.</summary>
    public sealed class MenuHost : ComponentBase
    {
        [Parameter]
        public RenderFragment? ChildContent { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) =>
            builder.AddContent(0, ChildContent);
    }
}
