using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>
/// What a person types in a search box is searched for as typed: <c>%</c>, <c>_</c> and <c>\</c> are characters to
/// find, not <c>LIKE</c> wildcards that would match any text.
/// </summary>
public class SearchPatternTests : ProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Percent_underscore_and_backslash_are_searched_for_as_typed()
    {
        await using var database = await CreateDatabaseAsync();
        var percent = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Uptime 100% Ltd")).Build());
        var underscore = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("data_lake GmbH")).Build());
        var backslash = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer(@"Domain\Corp")).Build());
        await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Uptime 1000 Ltd")).Build());
        await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("dataXlake GmbH")).Build());
        await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("DomainCorp")).Build());
        var person = new ActorBuilder().WithRoles(Role.TechLead).WithId("user-underscore").Named("Ada_Lovelace").Build();
        await database.Contexts.AddPersonAsync(person, email: "ada_l@example.com");
        await database.Contexts.AddPersonAsync(new ActorBuilder().WithRoles(Role.TechLead).WithId("user-x").Named("AdaXLovelace").Build(),
            email: "adaxl@example.com");
        var list = database.Queries();
        var workspace = database.Workspace();

        (await list.ListAsync(new OnboardingListQuery { Search = "100%" }, Ct)).Items.Select(o => o.Id).Should().Equal(percent.Id);
        (await list.ListAsync(new OnboardingListQuery { Search = "a_l" }, Ct)).Items.Select(o => o.Id).Should().Equal(underscore.Id);
        (await list.ListAsync(new OnboardingListQuery { Search = @"n\C" }, Ct)).Items.Select(o => o.Id).Should().Equal(backslash.Id);
        (await list.ListAsync(new OnboardingListQuery { Search = "%" }, Ct)).Items.Select(o => o.Id).Should().Equal(percent.Id);
        (await workspace.SearchOnboardingsAsync("a_l", Ct)).Select(o => o.Id).Should().Equal(underscore.Id);
        (await workspace.SearchPeopleAsync("a_L", Ct)).Select(p => p.ActorId).Should().Equal(person.UserId);
    }
}

/// <summary>Every test of <see cref="SearchPatternTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class SearchPatternTestsOnPostgreSql : SearchPatternTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
