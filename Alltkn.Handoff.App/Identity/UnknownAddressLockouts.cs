using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Failed sign-ins with e-mail addresses that have no account, counted as Identity counts an account's
/// (<see cref="LockoutOptions"/>: the fifth failure in a row locks for five minutes, tries while locked are refused
/// without being counted, the count starts again after the lockout), so that the sign-in form answers an address
/// without an account exactly as it answers an account with wrong passwords, "locked" included, and nobody learns
/// from it which addresses have an account. Nothing of it is written to the database or the revision log.
/// <para>
/// Kept in memory, per instance of the app: after a restart, or on another instance sharing the PostgreSQL database,
/// an unknown address starts from zero while an account's count is in the database. Bounded, so that tries with made-up
/// addresses cannot fill the memory: an address is forgotten once its lockout has ended and its count is back to zero,
/// or <see cref="ForgetAfter"/> after its last failure; at most <see cref="MaxAddresses"/> addresses are kept (when
/// full, the one whose last failure is oldest goes); and only the first <see cref="MaxAddressLength"/> characters of an
/// address are kept (no account's e-mail is longer). An account's count lasts until it signs in, so an outsider who
/// waits a day between two failures, or who pushes out an address with ten thousand others from many places past the
/// per-client throttle (<see cref="SignInThrottle"/>), could still tell the two apart: the price of the bound.
/// </para>
/// </summary>
public sealed class UnknownAddressLockouts(IOptions<IdentityOptions> identityOptions, TimeProvider clock)
{
    /// <summary>The most addresses kept: a few megabytes at most.</summary>
    public const int MaxAddresses = 10_000;

    /// <summary>The characters of an address kept; Identity stores an account's e-mail in at most 256.</summary>
    public const int MaxAddressLength = 256;

    /// <summary>An address that has not failed for this long (and is not locked) starts from zero again.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    private readonly Dictionary<string, Failures> _addresses = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many addresses are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _addresses.Count;
            }
        }
    }

    /// <summary>True while the address (normalized, as <see cref="UserManager{TUser}.NormalizeEmail"/> gives it) is locked out.</summary>
    public bool IsLockedOut(string normalizedEmail)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            return _addresses.TryGetValue(Key(normalizedEmail), out var failures) && failures.LockedUntil > now;
        }
    }

    /// <summary>Counts a failure of an address that is not locked out; true when this failure locks it.</summary>
    public bool Failed(string normalizedEmail)
    {
        var key = Key(normalizedEmail);
        var now = clock.GetUtcNow();
        var lockout = identityOptions.Value.Lockout;
        lock (_lock)
        {
            if (!_addresses.TryGetValue(key, out var failures) || failures.IsForgotten(now))
            {
                _addresses.Remove(key);
                MakeRoom(now);
                failures = new Failures();
                _addresses[key] = failures;
            }
            failures.LastFailure = now;
            failures.Count++;
            if (failures.Count < lockout.MaxFailedAccessAttempts)
            {
                return false;
            }
            failures.Count = 0;
            failures.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
            return true;
        }
    }

    private static string Key(string normalizedEmail) =>
        normalizedEmail.Length > MaxAddressLength ? normalizedEmail[..MaxAddressLength] : normalizedEmail;

    /// <summary>Called full only: drops the forgotten addresses, then, if still full, the one whose last failure is oldest.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (_addresses.Count < MaxAddresses)
        {
            return;
        }
        foreach (var (key, failures) in _addresses)
        {
            if (failures.IsForgotten(now))
            {
                _addresses.Remove(key);
            }
        }
        if (_addresses.Count >= MaxAddresses)
        {
            _addresses.Remove(_addresses.MinBy(pair => pair.Value.LastFailure).Key);
        }
    }

    private sealed class Failures
    {
        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public bool IsForgotten(DateTimeOffset now) =>
            LockedUntil <= now && (Count == 0 || now - LastFailure >= ForgetAfter);
    }
}
