using Alltkn.Handoff.App.Services;
using Microsoft.AspNetCore.Components;

namespace Alltkn.Handoff.App.Components.Shared;

/// <summary>
/// What a prerender read, kept on this server for the interactive render of the same page to take once instead of reading
/// it again (issue 9, point 4): the onboarding page and the list pages, through <see cref="HandoffToken"/>. The page hands over only a token through its persistent component state: an onboarding
/// aggregate with its items and history is neither small nor made to be serialized (its state is private), and pages must
/// stay small, so the data itself stays here, as the objects the prerender read. The process's one <see cref="PrerenderStore"/>.
/// </summary>
public static class PrerenderHandoff
{
    /// <summary>How long a prerender's read waits for its interactive render.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(20);

    /// <summary>The most reads kept at once (beyond it a prerender keeps nothing, and its page reads again).</summary>
    public const int Capacity = 256;

    private static readonly PrerenderStore Store = new(TimeProvider.System, Lifetime, Capacity);

    /// <summary>How many reads wait now, taken by nobody and not yet dropped (for tests and diagnostics).</summary>
    public static int Count => Store.Count;

    /// <summary>Keeps <paramref name="value"/> for <paramref name="owner"/>'s interactive render; its token, or null when full.</summary>
    public static Guid? Keep(object value, string owner) => Store.Keep(value, owner);

    /// <summary>Takes what was kept under <paramref name="token"/> for <paramref name="owner"/> (once); null when there is none.</summary>
    public static T? Take<T>(Guid? token, string owner) where T : class => Store.Take<T>(token, owner);
}

/// <summary>
/// What a page persists for its interactive render when its read stays on the server (<see cref="PrerenderHandoff"/>): the
/// token of that read, the notifier and <see cref="ChangeNotifier.Sequence"/> it was read against, and, for a page of one
/// onboarding, which one (a list page may show any onboarding: any change since makes its read out of date).
/// </summary>
public sealed record HandoffToken(Guid Token, Guid Notifier, long Sequence, Guid? OnboardingId)
{
    /// <summary>
    /// At the end of the prerender: keeps <paramref name="read"/> for <paramref name="owner"/>'s interactive render and
    /// persists its token under <paramref name="key"/> (nothing when the store is full: the interactive render then reads).
    /// <paramref name="sequence"/> is the notifier's <see cref="ChangeNotifier.Sequence"/> taken before the read;
    /// <paramref name="onboardingId"/> the onboarding the read is of, for a page of one.
    /// </summary>
    public static void Keep(PersistentComponentState state, string key, object read, string owner, ChangeNotifier notifier, long sequence,
        Guid? onboardingId = null)
    {
        if (PrerenderHandoff.Keep(read, owner) is { } token)
        {
            state.PersistAsJson(key, new HandoffToken(token, notifier.Instance, sequence, onboardingId));
        }
    }

    /// <summary>
    /// In the interactive render: the prerender's read under <paramref name="key"/>, for <paramref name="owner"/> (and of
    /// <paramref name="onboardingId"/>, for a page of one), when nothing that can touch it was heard since it was read: a
    /// change of that onboarding (or of people), or for a list any change. False otherwise, and the page reads.
    /// </summary>
    public static bool TryTake<T>(PersistentComponentState state, string key, string owner, ChangeNotifier notifier,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? read, Guid? onboardingId = null) where T : class
    {
        read = state.TryTakeFromJson<HandoffToken>(key, out var handed) && handed is not null
               && PrerenderHandoff.Take<T>(handed.Token, owner) is { } kept
               && handed.Notifier == notifier.Instance && handed.OnboardingId == onboardingId
               && !(onboardingId is { } id ? notifier.ChangedSince(id, handed.Sequence) : notifier.ChangedSince(handed.Sequence))
            ? kept
            : null;
        return read is not null;
    }
}

/// <summary>
/// A small read a component of the onboarding page persists as JSON (<see cref="PersistentComponentState"/>) from its
/// prerender for its interactive render, with what is needed to know whether it is still current: the notifier it was
/// heard against and that notifier's <see cref="ChangeNotifier.Sequence"/> before the read.
/// </summary>
public sealed record PrerenderedRead<T>(Guid OnboardingId, Guid Notifier, long Sequence, T Value)
{
    /// <summary>
    /// At the end of the prerender, persists <paramref name="value"/> (asked then) under <paramref name="key"/>; nothing when the
    /// host has no persistent component state. Dispose the subscription when the component goes.
    /// </summary>
    public static PersistingComponentStateSubscription? Keep(IServiceProvider services, string key, Guid onboardingId, long sequence, Func<T?> value)
    {
        if (services.GetService<PersistentComponentState>() is not { } state || services.GetService<ChangeNotifier>() is not { } notifier)
        {
            return null;
        }
        return state.RegisterOnPersisting(() =>
        {
            if (value() is { } read)
            {
                state.PersistAsJson(key, new PrerenderedRead<T>(onboardingId, notifier.Instance, sequence, read));
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>In the interactive render: the prerender's read under <paramref name="key"/> when it is of this onboarding and nothing of it changed since.</summary>
    public static bool TryTake(IServiceProvider services, string key, Guid onboardingId, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (services.GetService<PersistentComponentState>() is not { } state || services.GetService<ChangeNotifier>() is not { } notifier
            || !state.TryTakeFromJson<PrerenderedRead<T>>(key, out var read) || read is null || read.Value is null
            || read.OnboardingId != onboardingId || read.Notifier != notifier.Instance || notifier.ChangedSince(onboardingId, read.Sequence))
        {
            return false;
        }
        value = read.Value;
        return true;
    }
}
