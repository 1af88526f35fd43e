using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Infrastructure;

namespace Alltkn.Handoff.Tests.Browser.Support;

/// <summary>A person who signs in to the workspace: e-mail, password, the name the team sees, roles.</summary>
public sealed record Person(string Email, string Password, string DisplayName, IReadOnlyList<Role> Roles)
{
    public override string ToString() => $"{DisplayName} ({string.Join(", ", Roles)})";
}

/// <summary>
/// The team of the journey: the bootstrap team admin of the test host and one person per gate role, each with a
/// strong password of their own (long passphrases, none on the common-password list).
/// </summary>
public static class JourneyPeople
{
    /// <summary>The bootstrap administrator (<see cref="HandoffAppFactory.AdminEmail"/>), shown to the team as Chen Jing.</summary>
    public static readonly Person TeamAdmin =
        new(HandoffAppFactory.AdminEmail, HandoffAppFactory.AdminPassword, "Chen Jing", [Role.TeamAdmin]);

    public static readonly Person TechLead =
        new("li.wei@alltkn.test", "granite orchard lantern 7431", "Li Wei", [Role.TechLead]);

    public static readonly Person Finance =
        new("zhang.min@alltkn.test", "copper meadow ledger 5820", "Zhang Min", [Role.Finance]);

    public static readonly Person ReleaseOwner =
        new("liu.yang@alltkn.test", "harbour signal compass 9164", "Liu Yang", [Role.ReleaseOwner]);

    /// <summary>Everyone the fixture creates (the team admin exists from the start).</summary>
    public static readonly IReadOnlyList<Person> Created = [TechLead, Finance, ReleaseOwner];
}
