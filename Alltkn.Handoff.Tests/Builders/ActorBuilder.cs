using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Builders;

/// <summary>
/// Builds an <see cref="Actor"/> (the signed-in person a change is made by). The id and display name default
/// to ones derived from the roles, so two actors with the same roles are the same person.
/// </summary>
public sealed class ActorBuilder
{
    private readonly HashSet<Role> _roles = [];
    private string? _userId;
    private string? _displayName;

    public ActorBuilder WithId(string userId)
    {
        _userId = userId;
        return this;
    }

    public ActorBuilder Named(string displayName)
    {
        _displayName = displayName;
        return this;
    }

    /// <summary>Adds roles (a person may hold several).</summary>
    public ActorBuilder WithRoles(params IEnumerable<Role> roles)
    {
        _roles.UnionWith(roles);
        return this;
    }

    public ActorBuilder WithAllRoles() => WithRoles(Enum.GetValues<Role>());

    public Actor Build()
    {
        var ordered = _roles.Order().ToArray();
        var id = _userId ?? (ordered.Length == 0 ? "user-no-role" : "user-" + string.Join("-", ordered).ToLowerInvariant());
        var name = _displayName ?? (ordered.Length == 0 ? "No Role" : string.Join(" + ", ordered.Select(Actors.DisplayNameOf)));
        return new Actor(id, name, ordered);
    }

    public static implicit operator Actor(ActorBuilder builder) => builder.Build();
}

/// <summary>Ready-made people: one per role, several roles, every role.</summary>
public static class Actors
{
    public static Actor TeamAdmin => For(Role.TeamAdmin);

    public static Actor TechLead => For(Role.TechLead);

    public static Actor Finance => For(Role.Finance);

    public static Actor ReleaseOwner => For(Role.ReleaseOwner);

    public static Actor Viewer => For(Role.Viewer);

    /// <summary>A person holding every role, Viewer included.</summary>
    public static Actor AllRoles => new ActorBuilder().WithAllRoles().WithId("user-all-roles").Named("Alex (all roles)").Build();

    /// <summary>A person holding exactly one role.</summary>
    public static Actor For(Role role) => new ActorBuilder().WithRoles(role).Build();

    /// <summary>A person holding exactly these roles (none: a signed-in person without any role).</summary>
    public static Actor With(params Role[] roles) => new ActorBuilder().WithRoles(roles).Build();

    /// <summary>Every single role, Viewer included.</summary>
    public static IReadOnlyList<Role> EveryRole => Enum.GetValues<Role>();

    internal static string DisplayNameOf(Role role) => role switch
    {
        Role.TeamAdmin => "Tang Min (team admin)",
        Role.TechLead => "Li Wei (tech lead)",
        Role.Finance => "Zhou Fang (finance)",
        Role.ReleaseOwner => "Chen Jie (release owner)",
        Role.Viewer => "Wu Lan (viewer)",
        _ => role.ToString(),
    };
}
