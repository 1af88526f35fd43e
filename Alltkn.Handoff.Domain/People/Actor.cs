namespace Alltkn.Handoff.Domain.People;

/// <summary>The signed-in person a change is made by, with the roles they hold now (or, for a guest, their scope).</summary>
public sealed class Actor
{
    public Actor(string userId, string displayName, IEnumerable<Role> roles, GuestScope? guest = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        UserId = userId;
        DisplayName = displayName;
        Roles = roles.ToHashSet();
        if (guest is not null && Roles.Count > 0)
        {
            throw new ArgumentException("A guest holds no team role.", nameof(roles));
        }
        Guest = guest;
    }

    /// <summary>A guest of the customer's side (no team role) with the onboardings and side they were invited to; null for the team.</summary>
    public GuestScope? Guest { get; }

    /// <summary>A contact of the customer signed in by an invitation link, not a member of the team.</summary>
    public bool IsGuest => Guest is not null;

    public string UserId { get; }

    public string DisplayName { get; }

    public IReadOnlySet<Role> Roles { get; }

    public bool Has(Role role) => Roles.Contains(role);

    public bool HasAny(IEnumerable<Role> roles) => roles.Any(Roles.Contains);

    public override string ToString() => IsGuest ? $"{DisplayName} (guest)" : $"{DisplayName} ({string.Join(", ", Roles)})";
}
