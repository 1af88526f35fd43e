using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Alltkn.Handoff.App.Hosting;

/// <summary>
/// MudBlazor's snackbar without the <c>&lt;style&gt;</c> element it writes for each message: an <c>@keyframes</c> rule
/// under a random name (its fade in and out), added through the DOM while the circuit runs, which no hash or nonce of
/// the Content-Security-Policy can allow (<see cref="SecurityHeaders"/>). Without the rule the message shows and hides
/// at once instead of fading; its opacity is still set by its style attribute.
/// </summary>
/// <remarks>
/// MudBlazor keeps that element in a private render fragment, set when the element initializes; it is replaced here
/// with one that renders nothing. Should MudBlazor rename the field, the first snackbar fails loudly (and the
/// browser test of the policy with it) rather than the policy being broken quietly.
/// </remarks>
public sealed class SnackbarWithoutInlineStyle : MudSnackbarElement
{
    private static readonly FieldInfo StyleFragment =
        typeof(MudSnackbarElement).GetField("_css", BindingFlags.Instance | BindingFlags.NonPublic) is { } field
        && field.FieldType == typeof(RenderFragment)
            ? field
            : throw new InvalidOperationException(
                "MudSnackbarElement no longer keeps its <style> in the field _css: update SnackbarWithoutInlineStyle.");

    private static readonly RenderFragment Nothing = _ => { };

    protected override void OnInitialized()
    {
        base.OnInitialized();
        StyleFragment.SetValue(this, Nothing);
    }
}

/// <summary>
/// Creates the components Blazor renders, as its own activator does (constructor injection included), except
/// <see cref="MudSnackbarElement"/>, which becomes a <see cref="SnackbarWithoutInlineStyle"/>.
/// </summary>
public sealed class HandoffComponentActivator(IServiceProvider services) : IComponentActivator
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    public IComponent CreateInstance(Type componentType)
    {
        var type = componentType == typeof(MudSnackbarElement) ? typeof(SnackbarWithoutInlineStyle) : componentType;
        if (!typeof(IComponent).IsAssignableFrom(type))
        {
            throw new ArgumentException($"The type {type.FullName} does not implement {nameof(IComponent)}.", nameof(componentType));
        }
        var factory = Factories.GetOrAdd(type, t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes));
        return (IComponent)factory(services, []);
    }
}
