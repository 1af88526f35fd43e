using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>
/// Who an item can be assigned to, decided by the service whichever page or endpoint calls it: a member of the team (an
/// account not disabled, holding a role), stored under the account's own name; and the search the item editor offers them by.
/// </summary>
public class ItemAssigneeTests : ProviderTests
{
    private const string RateLimit = "trial.rate-limit";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Actor LiWei = new ActorBuilder().WithRoles(Role.TechLead).WithId("li-wei").Named("Li Wei").Build();

    private static readonly Actor FormerLead = new ActorBuilder().WithRoles(Role.TechLead).WithId("former-lead").Named("Former Lead").Build();

    private async Task<(IHandoffTestDatabase Database, Onboarding Onboarding)> WorkspaceAsync()
    {
        var database = await CreateDatabaseAsync();
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(LiWei);
        await database.AddPersonAsync(FormerLead);
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        return (database, onboarding);
    }

    private static async Task<HandoffItem> StoredAsync(IHandoffTestDatabase database, Guid onboardingId)
    {
        await using var db = database.NewContext();
        return await db.HandoffItems.AsNoTracking().SingleAsync(i => i.OnboardingId == onboardingId && i.Key == RateLimit, Cancel);
    }

    private static Task<Outcome> AssignAsync(IHandoffTestDatabase database, HandoffItem item, string? userId, string? name, Actor? by = null) =>
        database.OnboardingServiceFor(by ?? Actors.TeamAdmin).UpdateItemAsync(item.OnboardingId, item.Id, item.Version,
            ItemUpdate.From(item) with { AssigneeUserId = userId, AssigneeName = name }, Cancel);

    private static async Task<int> RevisionsAsync(IHandoffTestDatabase database, Guid onboardingId)
    {
        await using var db = database.NewContext();
        return await db.Revisions.CountAsync(r => r.OnboardingId == onboardingId, Cancel);
    }

    [Fact]
    public async Task A_team_member_is_assigned_under_their_accounts_own_name_whatever_name_was_sent()
    {
        var (database, onboarding) = await WorkspaceAsync();
        await using var _ = database;

        var outcome = await AssignAsync(database, onboarding.ItemByKey(RateLimit), LiWei.UserId, "The CEO");

        outcome.Succeeded.Should().BeTrue(outcome.Message);
        var stored = await StoredAsync(database, onboarding.Id);
        stored.AssigneeUserId.Should().Be(LiWei.UserId);
        stored.AssigneeName.Should().Be("Li Wei", "the name comes from the account, not from the caller");
    }

    public static TheoryData<string> NotOnTheTeam => ["no role", "disabled", "no such account", "a customer's guest"];

    [Theory]
    [MemberData(nameof(NotOnTheTeam))]
    public async Task Someone_not_on_the_team_is_not_assigned_and_the_person_is_told_why_and_what_to_do(string who)
    {
        var (database, onboarding) = await WorkspaceAsync();
        await using var _ = database;
        var userId = who switch { "no such account" => "nobody-here", "a customer's guest" => "guest-former-lead", _ => FormerLead.UserId };
        if (who == "a customer's guest")
        {
            await database.AddGuestAccountAsync(userId, "Former Lead");
        }
        if (who == "no role")
        {
            await database.TakeRolesAwayAsync(FormerLead.UserId);
        }
        if (who == "disabled")
        {
            await using var db = database.NewContext();
            await db.Users.Where(u => u.Id == FormerLead.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true), Cancel);
        }
        var item = onboarding.ItemByKey(RateLimit);
        var revisionsBefore = await RevisionsAsync(database, onboarding.Id);

        var outcome = await AssignAsync(database, item, userId, "Former Lead");

        outcome.Status.Should().Be(OutcomeStatus.Refused);
        outcome.Code.Should().Be("item.assignee-not-on-team");
        outcome.Message.Should().Be("Former Lead cannot be assigned 'Rate limit (429) handled': they are not on the team (their account is disabled " +
                                    "or holds no role, or there is no such account). Choose someone from the list, or ask a team admin to give them a role under Users. Nothing was saved.");
        var stored = await StoredAsync(database, onboarding.Id);
        stored.Version.Should().Be(item.Version, "nothing was saved");
        stored.AssigneeUserId.Should().BeNull();
        (await RevisionsAsync(database, onboarding.Id)).Should().Be(revisionsBefore, "a refused assignment leaves no revision");
    }

    [Fact]
    public async Task An_assignee_who_has_left_the_team_since_stays_on_the_item_while_the_rest_of_it_changes()
    {
        var (database, onboarding) = await WorkspaceAsync();
        await using var _ = database;
        (await AssignAsync(database, onboarding.ItemByKey(RateLimit), FormerLead.UserId, null)).Succeeded.Should().BeTrue();
        await database.TakeRolesAwayAsync(FormerLead.UserId);
        var assigned = await StoredAsync(database, onboarding.Id);

        var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).UpdateItemAsync(onboarding.Id, assigned.Id, assigned.Version,
            ItemUpdate.From(assigned) with { DueDate = new DateOnly(2026, 12, 18), AssigneeName = "Renamed by the caller" }, Cancel);

        outcome.Succeeded.Should().BeTrue(outcome.Message);
        var stored = await StoredAsync(database, onboarding.Id);
        stored.DueDate.Should().Be(new DateOnly(2026, 12, 18));
        stored.AssigneeUserId.Should().Be(FormerLead.UserId, "an assignee kept is not checked again");
        stored.AssigneeName.Should().Be("Former Lead", "a kept assignee keeps the stored name");
    }

    [Fact]
    public async Task Clearing_the_assignee_needs_no_one_on_the_team()
    {
        var (database, onboarding) = await WorkspaceAsync();
        await using var _ = database;
        (await AssignAsync(database, onboarding.ItemByKey(RateLimit), LiWei.UserId, null)).Succeeded.Should().BeTrue();
        var assigned = await StoredAsync(database, onboarding.Id);

        (await AssignAsync(database, assigned, null, null)).Succeeded.Should().BeTrue();

        var stored = await StoredAsync(database, onboarding.Id);
        stored.AssigneeUserId.Should().BeNull();
        stored.AssigneeName.Should().BeNull();
    }

    [Fact]
    public async Task The_search_offers_only_the_team_the_owner_roles_people_first_matching_what_is_typed()
    {
        var (database, _) = await WorkspaceAsync();
        await using var __ = database;
        var disabled = new ActorBuilder().WithRoles(Role.TechLead).WithId("disabled-lead").Named("Li Disabled").Build();
        var noRole = new ActorBuilder().WithId("li-no-role").Named("Li Norole").Build();
        await database.AddPersonAsync(disabled);
        await database.AddPersonAsync(noRole);
        await database.AddPersonAsync(Actors.Finance);
        await database.AddGuestAccountAsync("guest-li", "Li Guest");
        await using (var db = database.NewContext())
        {
            await db.Users.Where(u => u.Id == disabled.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true), Cancel);
        }
        var queries = database.Queries(Actors.Viewer);

        var everyone = await queries.AssigneesAsync("", Role.TechLead, Cancel);
        var typed = await queries.AssigneesAsync("li", Role.TechLead, Cancel);
        var byEmail = await queries.AssigneesAsync($"{Actors.Finance.UserId}@example", Role.TechLead, Cancel);

        everyone.Select(p => p.DisplayName).Should().Equal(["Former Lead", "Li Wei", "Tang Min (team admin)", "Zhou Fang (finance)"],
            "tech leads first, then the others, each by name; never a disabled account, one without a role or a customer's guest");
        everyone.Single(p => p.UserId == LiWei.UserId).Roles.Should().Equal(Role.TechLead);
        typed.Select(p => p.UserId).Should().Equal(LiWei.UserId);
        byEmail.Select(p => p.UserId).Should().Equal(Actors.Finance.UserId);
    }

    [Fact]
    public async Task The_search_offers_at_most_a_page_of_people()
    {
        var (database, _) = await WorkspaceAsync();
        await using var __ = database;
        for (var n = 0; n < WorkspaceQueries.Suggestions + 5; n++)
        {
            await database.AddPersonAsync(new ActorBuilder().WithRoles(Role.Finance).WithId($"finance-{n:00}").Named($"Finance {n:00}").Build());
        }

        var offered = await database.Queries().AssigneesAsync(null, Role.Finance, Cancel);

        offered.Should().HaveCount(WorkspaceQueries.Suggestions).And.OnlyContain(p => p.Roles.Contains(Role.Finance));
        offered.Select(p => p.DisplayName).Should().BeInAscendingOrder(StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_name_sent_beside_a_user_id_is_neither_stored_nor_screened_but_a_name_alone_is_screened()
    {
        var (database, onboarding) = await WorkspaceAsync();
        await using var __ = database;
        const string fullKey = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

        var beside = await AssignAsync(database, onboarding.ItemByKey(RateLimit), LiWei.UserId, $"Li Wei {fullKey}");
        var stored = await StoredAsync(database, onboarding.Id);
        var alone = await AssignAsync(database, stored, null, $"Li Wei {fullKey}");

        beside.Status.Should().Be(OutcomeStatus.Ok, "the name sent is not what is stored: the account's own name is");
        stored.AssigneeName.Should().Be("Li Wei");
        alone.Status.Should().Be(OutcomeStatus.SecretFound, "a name without an account is stored as given, so it is screened");
        alone.Secrets.Should().ContainSingle(f => f.Field == "Assignee");
        (await StoredAsync(database, onboarding.Id)).AssigneeName.Should().Be("Li Wei", "nothing of the refused change is saved");
    }

    [Fact]
    public async Task People_are_listed_by_the_name_they_are_shown_by_whatever_its_case()
    {
        var (database, _) = await WorkspaceAsync();
        await using var __ = database;
        string[] names = ["Eve Lin", "de Vries", "Dai Wei"];
        foreach (var name in names)
        {
            await database.AddPersonAsync(new ActorBuilder().WithRoles(Role.Finance).WithId(name.Replace(' ', '-').ToLowerInvariant()).Named(name).Build());
        }

        var assignees = await database.Queries(Actors.Viewer).AssigneesAsync(null, Role.Finance, Cancel);
        var people = await database.Workspace(Actors.Viewer).SearchPeopleAsync(null, Cancel);

        string[] expected = ["Dai Wei", "de Vries", "Eve Lin"];
        assignees.Select(p => p.DisplayName).Where(names.Contains).Should().Equal(expected, "a lower-case name sorts among the others, not after every capital");
        people.Select(p => p.Name).Where(names.Contains).Should().Equal(expected, "the revision log's person search lists people the same way");
    }
}

/// <summary>Every test of <see cref="ItemAssigneeTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class ItemAssigneeTestsOnPostgreSql : ItemAssigneeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
