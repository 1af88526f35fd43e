namespace Alltkn.Handoff.App.Identity;

/// <summary>
/// Marker type for the names of the roles on screen (<c>Resources/Identity/RoleText.resx</c>, keyed by
/// <see cref="Domain.People.Role"/> name): <c>@inject IStringLocalizer&lt;RoleText&gt; Roles</c>, then <c>Roles[role.ToString()]</c>.
/// </summary>
public sealed class RoleText;
