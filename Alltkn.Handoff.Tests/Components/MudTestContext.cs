using System.Globalization;
using Alltkn.Handoff.App.Components.Layout;
using Alltkn.Handoff.App.Localization;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// The one MudBlazor setup for bunit tests: MudBlazor's services, JavaScript interop in loose mode (MudBlazor's own
/// calls answer with defaults), the app's real localization (its resx files, English unless <see cref="UseCulture"/>
/// says otherwise), the interactive server renderer, and a <see cref="MudPopoverProvider"/> rendered before the component under test, so menus, selects
/// and tooltips render their content. Register any further services before the first render.
/// </summary>
public abstract class MudTestContext : BunitContext
{
    private IRenderedComponent<MudPopoverProvider>? _popovers;
    private IRenderedComponent<MudDialogProvider>? _dialogs;
    private IRenderedComponent<HandoffSnackbars>? _snackbars;
    private CultureInfo _culture = CultureInfo.GetCultureInfo("en");

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Pages load from a real database; on a busy machine that takes longer than bunit's one second.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddMudServices();
        Services.AddHandoffLocalization();
        ApplyCulture();
    }

    /// <summary>Renders in this language from now on ("en" or "zh-CN").</summary>
    public void UseCulture(string name)
    {
        _culture = CultureInfo.GetCultureInfo(name);
        ApplyCulture();
    }

    /// <summary>Renders the component after the popover provider (rendered once, first).</summary>
    public IRenderedComponent<TComponent> RenderMud<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        _ = Popovers;
        return parameters is null ? Render<TComponent>() : Render<TComponent>(parameters);
    }

    /// <summary>
    /// Renders a component that brings its own MudBlazor providers (the layout), with no provider of this context
    /// rendered before it.
    /// </summary>
    public IRenderedComponent<TComponent> RenderWithOwnProviders<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        if (_popovers is not null)
        {
            throw new InvalidOperationException("A popover provider was rendered already; a second one would compete with the component's own.");
        }
        ApplyCulture();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return parameters is null ? Render<TComponent>() : Render<TComponent>(parameters);
    }

    /// <summary>The popover provider: where open menus, select lists and tooltips are rendered.</summary>
    public IRenderedComponent<MudPopoverProvider> Popovers
    {
        get
        {
            ApplyCulture();
            if (_popovers is null)
            {
                // The workspace runs interactive on the server; components ask (e.g. before calling JavaScript).
                // Set on first render: it reaches into the services, after which none can be added.
                SetRendererInfo(new RendererInfo("Server", isInteractive: true));
                _popovers = Render<MudPopoverProvider>();
            }
            return _popovers;
        }
    }

    /// <summary>The dialog provider (rendered on first use, after the popover provider): where dialogs appear.</summary>
    public IRenderedComponent<MudDialogProvider> Dialogs
    {
        get
        {
            _ = Popovers;
            return _dialogs ??= Render<MudDialogProvider>();
        }
    }

    /// <summary>The app's snackbar view (rendered on first use): where messages appear.</summary>
    public IRenderedComponent<HandoffSnackbars> Snackbars
    {
        get
        {
            _ = Popovers;
            return _snackbars ??= Render<HandoffSnackbars>();
        }
    }

    private void ApplyCulture()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _culture;
    }
}
