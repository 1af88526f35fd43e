using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>
/// The people of the benchmark workspace: for every role one person who signs in with the benchmark password
/// (<c>teamadmin@bench.example</c>, <c>techlead@…</c>, <c>finance@…</c>, <c>releaseowner@…</c>, <c>viewer@…</c>) and
/// <see cref="OthersPerRole"/> colleagues in the same role (<c>teamadmin-01@bench.example</c> …), all with that password.
/// </summary>
public static class BenchPeople
{
    public const int OthersPerRole = 50;

    public const string Domain = "bench.example";

    private static readonly string[] FamilyNames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Tan", "Lim", "Nair", "Weber", "Fischer", "Garcia", "Kim", "Sato"];

    private static readonly string[] GivenNames = ["Wei", "Fang", "Min", "Jie", "Hao", "Lei", "Qing", "Yang", "Di", "Priya", "Daniel", "Marcus", "Jonas", "Lena", "Emily", "Kevin", "Aiko", "Mateo", "Sara", "Noah"];

    /// <summary>The sign-in e-mail of the one benchmark person of <paramref name="role"/>, e.g. <c>teamadmin@bench.example</c>.</summary>
    public static string EmailOf(Role role) => $"{role.ToString().ToLowerInvariant()}@{Domain}";

    /// <summary>Everyone, role by role: index 0 of each role is the benchmark person of <see cref="EmailOf"/>.</summary>
    public static IReadOnlyList<BenchPerson> All { get; } = Build();

    private static List<BenchPerson> Build()
    {
        var people = new List<BenchPerson>();
        var n = 0;
        foreach (var role in Enum.GetValues<Role>())
        {
            people.Add(new BenchPerson(EmailOf(role), $"Bench {Spaced(role)}", role));
            for (var i = 1; i <= OthersPerRole; i++, n++)
            {
                var name = $"{GivenNames[n % GivenNames.Length]} {FamilyNames[n / GivenNames.Length % FamilyNames.Length]} ({Spaced(role)} {i:00})";
                people.Add(new BenchPerson($"{role.ToString().ToLowerInvariant()}-{i:00}@{Domain}", name, role));
            }
        }
        return people;
    }

    private static string Spaced(Role role) => role switch
    {
        Role.TeamAdmin => "team admin",
        Role.TechLead => "tech lead",
        Role.ReleaseOwner => "release owner",
        _ => role.ToString().ToLowerInvariant(),
    };
}

/// <summary>One benchmark person: one role each.</summary>
public sealed record BenchPerson(string Email, string DisplayName, Role Role);
