namespace Alltkn.Handoff.Domain.People;

/// <summary>The signed-in person a change is made by, with the roles they hold now.</summary>
public sealed class Actor
{
    public Actor(string userId, string displayName, IEnumerable<Role> roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        UserId = userId;
        DisplayName = displayName;
        Roles = roles.ToHashSet();
    }

    public string UserId { get; }

    public string DisplayName { get; }

    public IReadOnlySet<Role> Roles { get; }

    public bool Has(Role role) => Roles.Contains(role);

    public bool HasAny(IEnumerable<Role> roles) => roles.Any(Roles.Contains);

    public override string ToString() => $"{DisplayName} ({string.Join(", ", Roles)})";
}
