using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// Service scenarios of the SQLite suites run against a real PostgreSQL server: the dashboard's charts (SQL of its own
/// there), searches that ignore the case as SQLite's LIKE does, and a move decided on a stage the onboarding has left.
/// Skipped, saying why, without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgreSqlServiceTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static readonly DateTime Now = TestClock.Now; // Friday 20 November 2026

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_charts_read_the_funnel_the_median_days_and_the_weeks_going_live_on_PostgreSQL()
    {
        await using var charts = await PostgreSqlDatabase.CreateAsync();
        // A: opened 10 days ago, moved to Trial 4 days ago (6 days at Inquiry). B: opened and taken live today.
        // C: at Inquiry. D: cancelled (left out of the funnel).
        var a = Onboarding.Open(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("A").Build(), Actors.TeamAdmin, Now.AddDays(-10));
        a.CompleteRequiredItems(Now.AddDays(-4));
        a.StartTrial(Actors.TeamAdmin, Now.AddDays(-4));
        await charts.SaveAsync(a);
        await charts.SaveAsync(new OnboardingBuilder().At(Now).WithDetails(d => d.ForCustomer("B")).AtStage(Stage.Live).Build());
        await charts.SaveAsync(new OnboardingBuilder().At(Now).WithDetails(d => d.ForCustomer("C")).Build());
        await charts.SaveAsync(new OnboardingBuilder().At(Now).WithDetails(d => d.ForCustomer("D")).AtStage(Stage.Cancelled).Build());

        var data = await ActivatorUtilities.CreateInstance<DashboardCharts>(charts.Services, new TestActor(Actors.Viewer)).LoadAsync(Ct);

        data.Should().NotBeNull();
        data!.Funnel.Select(s => (s.Stage, s.Reached, s.Now)).Should().Equal(
            (Stage.Inquiry, 3, 1), (Stage.Trial, 2, 1), (Stage.CommercialConfirmation, 1, 0), (Stage.InvoiceAndContract, 1, 0),
            (Stage.GoLive, 1, 0), (Stage.Live, 1, 1));
        // A spent 6 days at Inquiry, B none (opened and moved on the same instant): the median of two is their mean.
        data.MedianDays.Single(m => m.Stage == Stage.Inquiry).Should().Be(new StageMedian(Stage.Inquiry, 3, 2));
        data.GoingLive.Should().HaveCount(DashboardCharts.Weeks);
        data.GoingLive[^1].Should().Be(new GoLiveWeek(new DateOnly(2026, 11, 16), 1));
        data.GoingLive.Take(DashboardCharts.Weeks - 1).Should().OnlyContain(w => w.Count == 0);
        data.Health.Values.Sum().Should().Be(3);
    }

    [Fact]
    public async Task Searches_find_onboardings_and_people_whatever_the_case_on_PostgreSQL()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var acme = await database.SaveAsync(new OnboardingBuilder()
            .WithDetails(d => d.ForCustomer($"Acme Robotics {tag}", $"Acme Procurement GmbH {tag}")).Build());
        await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Beta Labs {tag}")).Build());
        var person = new ActorBuilder().WithRoles(Role.TechLead).WithId($"user-{tag}").Named($"Grace Hopper {tag}").Build();
        await database.Contexts.AddPersonAsync(person, email: $"grace.{tag}@example.com");
        var list = ActivatorUtilities.CreateInstance<OnboardingQueries>(database.Services, new TestActor(Actors.TeamAdmin));
        var workspace = ActivatorUtilities.CreateInstance<WorkspaceQueries>(database.Services, new TestActor(Actors.TeamAdmin));

        var byLowerCase = await list.ListAsync(new OnboardingListQuery { Search = $"acme robotics {tag}" }, Ct);
        var byUpperCase = await list.ListAsync(new OnboardingListQuery { Search = $"PROCUREMENT GMBH {tag.ToUpperInvariant()}" }, Ct);
        var suggested = await workspace.SearchOnboardingsAsync($"aCmE rObOtIcS {tag}", Ct);
        var people = await workspace.SearchPeopleAsync($"GRACE HOPPER {tag.ToUpperInvariant()}", Ct);
        var byEmail = await workspace.SearchPeopleAsync($"Grace.{tag.ToUpperInvariant()}@EXAMPLE", Ct);

        byLowerCase.Items.Should().ContainSingle().Which.Id.Should().Be(acme.Id);
        byUpperCase.Items.Should().ContainSingle().Which.Id.Should().Be(acme.Id);
        suggested.Should().ContainSingle().Which.Id.Should().Be(acme.Id);
        people.Should().ContainSingle().Which.ActorId.Should().Be(person.UserId);
        byEmail.Should().ContainSingle().Which.ActorId.Should().Be(person.UserId);
        (await list.ListAsync(new OnboardingListQuery { Search = $"gamma {tag}" }, Ct)).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_move_decided_on_a_stage_the_onboarding_has_left_is_a_conflict_and_does_nothing_on_PostgreSQL()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithGateSatisfied().Build());

        var trial = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Ct);
        var stale = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.Hold, Stage.Inquiry, "Customer asked to pause", Ct);

        trial.Status.Should().Be(OutcomeStatus.Ok);
        stale.Status.Should().Be(OutcomeStatus.Conflict);
        stale.Conflicts.Should().ContainSingle().Which.Should().Be(new ConflictDetail("Stage", "Inquiry", "Trial", Actors.TeamAdmin.DisplayName));
        await using var db = database.NewContext();
        (await db.Onboardings.SingleAsync(o => o.Id == onboarding.Id, Ct)).Stage.Should().Be(Stage.Trial);
        (await db.Revisions.CountAsync(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.StageMoved, Ct)).Should().Be(1);
    }

    [Fact]
    public async Task The_same_move_sent_four_times_at_once_is_made_once_on_PostgreSQL()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithGateSatisfied().Build());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Ct), Ct)));

        outcomes.Count(o => o.Status == OutcomeStatus.Ok).Should().Be(1);
        outcomes.Where(o => o.Status != OutcomeStatus.Ok).Should().OnlyContain(o => o.Status == OutcomeStatus.Conflict);
        await using var db = database.NewContext();
        (await db.Revisions.CountAsync(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.StageMoved, Ct)).Should().Be(1);
    }
}
