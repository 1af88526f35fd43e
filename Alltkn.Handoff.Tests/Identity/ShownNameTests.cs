using Alltkn.Handoff.App.Identity;

namespace Alltkn.Handoff.Tests.Identity;

/// <summary>The one rule for the name a person is shown by, and the sort key the people searches order by.</summary>
public sealed class ShownNameTests
{
    public static TheoryData<string?, string?, string?, string> Accounts => new()
    {
        { "Li Wei", "li.wei@acme.example", "li.wei@acme.example", "id-1" },
        { "de Vries", "dv@acme.example", "dv", "id-2" },
        { null, "Zhou.Fang@acme.example", "zhou", "id-3" },
        { "   ", "Tang.Min@acme.example", "tang", "id-4" },
        { null, null, "Former-Lead", "id-5" },
        { "", null, null, "ID-6" },
    };

    [Theory]
    [MemberData(nameof(Accounts))]
    public void The_display_name_else_the_email_else_the_user_name_else_the_id(string? displayName, string? email, string? userName, string id)
    {
        var expected = !string.IsNullOrWhiteSpace(displayName) ? displayName : email ?? userName ?? id;

        HandoffUser.ShownName(displayName, email, userName, id).Should().Be(expected);
        new HandoffUser { DisplayName = displayName ?? "", Email = email, UserName = userName, Id = id }.ShownName().Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public void The_searches_sort_key_is_the_shown_name_in_lower_case(string? displayName, string? email, string? userName, string id)
    {
        var user = new HandoffUser { DisplayName = displayName ?? "", Email = email, UserName = userName, Id = id };

        HandoffUser.ShownNameFolded.Compile()(user).Should().Be(user.ShownName().ToLowerInvariant());
    }
}
