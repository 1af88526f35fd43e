using System.Linq.Expressions;
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

    /// <summary>The language the person chose on <c>/account</c> ("en" or "zh-CN"); null: the browser's (or the app-bar choice) decides.</summary>
    public string? PreferredLanguage { get; set; }

    /// <summary>The IANA time zone the person chose on <c>/account</c>; null: their browser's zone is used.</summary>
    public string? TimeZoneId { get; set; }

    /// <summary>The name this person is shown by (<see cref="ShownName(string?, string?, string?, string)"/>).</summary>
    public string ShownName() => ShownName(DisplayName, Email, UserName, Id);

    /// <summary>
    /// The name a person is shown by, in the revision log, as an assignee and in the app bar: the display name, else the
    /// e-mail, else the user name, else the id. Takes the columns, for queries that read only those.
    /// </summary>
    public static string ShownName(string? displayName, string? email, string? userName, string id) =>
        string.IsNullOrWhiteSpace(displayName) ? email ?? userName ?? id : displayName;

    /// <summary>
    /// <see cref="ShownName(string?, string?, string?, string)"/> in lower case, as a query's sort key (both providers translate
    /// it), so that people are listed by the name they are shown by whatever its case ("de Vries" beside "Dai Wei", not after
    /// every capital, as SQLite's binary order of the name alone put them).
    /// </summary>
    public static readonly Expression<Func<HandoffUser, string>> ShownNameFolded = u =>
        (u.DisplayName.Trim() == "" ? u.Email ?? u.UserName ?? u.Id : u.DisplayName).ToLower();
}
