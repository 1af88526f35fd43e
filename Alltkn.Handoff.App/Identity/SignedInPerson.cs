using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.Components.Authorization;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// The signed-in person as the pages show them: read once per request or circuit (this is scoped) and shared by every
/// component of it, instead of one read of the person and their roles per component and per reload. Read again when
/// people change (a role given or taken, an account disabled or enabled: <see cref="ListKind.People"/>), when the
/// sign-in changes, and at least every <see cref="MaxAge"/>. <see cref="Changed"/> tells the components that show it.
/// </summary>
/// <remarks>
/// This decides what a page offers, never what a person may do: the services check every call against the roles stored
/// at that moment (<see cref="ICurrentActor"/>), so a person demoted or disabled while a page is open is refused at
/// once even before the page has caught up.
/// </remarks>
public sealed class SignedInPerson : IDisposable
{
    /// <summary>The longest a read is kept, whatever is heard.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ICurrentActor _actor;
    private readonly ChangeNotifier _notifier;
    private readonly TimeProvider _clock;
    private readonly AuthenticationStateProvider? _authentication;
    private readonly Lock _lock = new();
    private Task<Actor?>? _current;
    private long _readAt;
    private IDisposable? _subscription;
    private bool _disposed;

    public SignedInPerson(ICurrentActor actor, ChangeNotifier notifier, TimeProvider clock, AuthenticationStateProvider? authentication = null)
    {
        _actor = actor;
        _notifier = notifier;
        _clock = clock;
        _authentication = authentication;
        if (_authentication is not null)
        {
            _authentication.AuthenticationStateChanged += OnSignInChanged;
        }
    }

    /// <summary>The person was read again (after a change of people or of the sign-in): components that show them render again.</summary>
    public event Action? Changed;

    /// <summary>The signed-in person with their roles (null: no one, or a disabled account), from this request's or circuit's read.</summary>
    public Task<Actor?> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<Actor?> current;
        lock (_lock)
        {
            _subscription ??= _disposed ? null : _notifier.SubscribeToList(ListKind.People, OnPeopleChangedAsync);
            if (_current is null || _current.IsFaulted || _current.IsCanceled || _clock.GetElapsedTime(_readAt) > MaxAge)
            {
                _readAt = _clock.GetTimestamp();
                // Not the caller's token: the read is shared, and one component closing must not cancel it for the others.
                _current = _actor.GetAsync(CancellationToken.None);
            }
            current = _current;
        }
        return current.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the read: the next <see cref="GetAsync"/> reads the person again.</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _current = null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _subscription?.Dispose();
            _subscription = null;
        }
        if (_authentication is not null)
        {
            _authentication.AuthenticationStateChanged -= OnSignInChanged;
        }
    }

    private Task OnPeopleChangedAsync()
    {
        Forget();
        Changed?.Invoke();
        return Task.CompletedTask;
    }

    private void OnSignInChanged(Task<AuthenticationState> state)
    {
        Forget();
        Changed?.Invoke();
    }
}
