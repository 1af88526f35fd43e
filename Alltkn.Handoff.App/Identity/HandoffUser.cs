using Microsoft.AspNetCore.Identity;

namespace Alltkn.Handoff.App.Identity;

/// <summary>A person who signs in. Roles are Identity roles named after <see cref="Domain.People.Role"/>.</summary>
public sealed class HandoffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled person cannot sign in, and their open pages stop working at the next revalidation.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set when a team admin gave a temporary password: every page leads to <c>/account</c> until the person changes it.</summary>
    public bool MustChangePassword { get; set; }
}
