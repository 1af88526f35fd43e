namespace Alltkn.Handoff.App.Identity;

/// <summary>Configuration section <c>Handoff:Identity</c>.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Handoff:Identity";

    /// <summary>
    /// How often an open page (a Blazor circuit) is checked against the database (person still there, not disabled,
    /// same security stamp). A disabled person's open pages stop working within this time. Default one minute.
    /// Requests with the sign-in cookie are checked every time (<see cref="SignInCookieCheck"/>).
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Failed sign-ins one client (IP address) may make in a row before it must wait (<see cref="SignInThrottle"/>).
    /// Default 4, fewer than the 5 failures that lock an account, so one client cannot lock an account at once.
    /// </summary>
    public int FailedSignInsPerClient { get; set; } = 4;

    /// <summary>A throttled client gets one more try after this time. Default five minutes.</summary>
    public TimeSpan FailedSignInRefill { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Configuration section <c>Handoff:BootstrapAdmin</c>: the first team admin for automated deployments and tests.</summary>
public sealed class BootstrapAdminSettings
{
    public const string Section = "Handoff:BootstrapAdmin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    /// <summary>Optional; the part of the e-mail before the @ when empty.</summary>
    public string? DisplayName { get; set; }
}
