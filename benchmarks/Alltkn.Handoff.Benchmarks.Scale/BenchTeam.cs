using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>A stored person as the domain sees them (their user id and display name) and the e-mail they sign in with.</summary>
internal sealed record BenchMember(Actor Actor, string Email);

/// <summary>The people who work on one onboarding: one per role, picked from the workspace's people of that role.</summary>
internal sealed class BenchTeam(IReadOnlyDictionary<Role, BenchMember> members)
{
    public BenchMember this[Role role] => members[role];

    public IEnumerable<BenchMember> Members => members.Values;

    public static BenchTeam Pick(IReadOnlyDictionary<Role, IReadOnlyList<BenchMember>> people, Random random) =>
        new(people.ToDictionary(p => p.Key, p => p.Value[random.Next(p.Value.Count)]));
}
