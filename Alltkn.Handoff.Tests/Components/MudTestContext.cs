using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// The one bunit setup for MudBlazor components: MudBlazor's services, JS interop in loose mode (MudBlazor calls
/// JS the tests need not answer), the app's real resource files through <c>AddLocalization</c>, and a
/// <see cref="MudPopoverProvider"/> rendered first so selects, menus and pickers can open.
/// Components render in <paramref name="culture"/> ("en" or "zh-CN"). Services a test adds (a database, the
/// services of the app) go in <paramref name="configureServices"/>: the provider is fixed once the popover
/// provider is rendered.
/// </summary>
public class MudTestContext : BunitContext
{
    public MudTestContext(string culture = "en", Action<IServiceCollection>? configureServices = null)
    {
        UseCulture(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        Services.AddLogging();
        configureServices?.Invoke(Services);
        PopoverProvider = Render<MudPopoverProvider>();
    }

    /// <summary>Where open selects, menus and pickers render their items.</summary>
    public IRenderedComponent<MudPopoverProvider> PopoverProvider { get; }

    /// <summary>Sets the UI culture (and culture) the resource files are read in, for the rest of the test.</summary>
    public static void UseCulture(string culture)
    {
        var info = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentCulture = info;
        CultureInfo.CurrentUICulture = info;
    }

    /// <summary>Renders the dialog provider too, for components that open MudBlazor dialogs.</summary>
    public IRenderedComponent<MudDialogProvider> RenderDialogProvider() => Render<MudDialogProvider>();
}
