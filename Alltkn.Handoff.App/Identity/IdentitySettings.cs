namespace Alltkn.Handoff.App.Identity;

/// <summary>Configuration section <c>Handoff:Identity</c>.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Handoff:Identity";

    /// <summary>
    /// How often an open page and a sign-in cookie are checked against the database (person still there, not
    /// disabled, same security stamp). A disabled person's pages stop working within this time. Default one minute.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
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
