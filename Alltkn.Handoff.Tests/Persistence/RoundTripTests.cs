using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>What is saved comes back equal, property by property, and its state machine answers the same.</summary>
public class RoundTripTests : ProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Actor[] Everyone =
        [Actors.TeamAdmin, Actors.TechLead, Actors.Finance, Actors.ReleaseOwner, Actors.Viewer, Actors.AllRoles];

    [Fact]
    public async Task An_onboarding_on_hold_with_items_in_every_status_evidence_window_and_support_matrix_reloads_equal()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = RichOnboarding();
        onboarding.Items.Select(i => i.Status).Distinct().Should().BeEquivalentTo(Enum.GetValues<ItemStatus>(), "the onboarding covers every status");
        onboarding.Stage.Should().Be(Stage.OnHold);
        var pending = onboarding.PendingRevisions.ToArray();

        await database.SaveAsync(onboarding);
        await using var db = database.NewContext();
        var reloaded = await db.Onboardings.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);

        var expected = MappedState.Of(db.Model, onboarding);
        MappedState.Of(db.Model, reloaded).Should().Equal(expected);
        expected.Should().Contain(l => l.StartsWith("Onboarding.Details.Customer = ", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("Onboarding.GoLiveWindow.StartUtc = ", StringComparison.Ordinal) && l.EndsWith("(Utc)", StringComparison.Ordinal))
            .And.Contain("Onboarding.SupportMatrix has 6")
            .And.Contain(l => l.StartsWith("Items[golive.logs-alerts].StatusReason = ", StringComparison.Ordinal));
        reloaded.Details.Should().Be(onboarding.Details);
        reloaded.GoLiveWindow.Should().Be(onboarding.GoLiveWindow);
        OnboardingSnapshot.Of(reloaded).Should().Be(OnboardingSnapshot.Of(onboarding));

        var stored = await db.Revisions.AsNoTracking().Where(r => r.OnboardingId == onboarding.Id).ToListAsync(Cancel);
        stored.Select(r => MappedState.Of(db.Model, r)).Should().BeEquivalentTo(pending.Select(r => MappedState.Of(db.Model, r)),
            "every revision entry is stored as it was recorded");
    }

    [Fact]
    public async Task A_reloaded_onboarding_answers_every_move_for_every_person_as_before_and_can_make_them()
    {
        await using var database = await CreateDatabaseAsync();
        var twin = RichOnboarding();
        var onboarding = await database.SaveAsync(RichOnboarding());
        var reloaded = await database.LoadAsync(onboarding.Id);

        foreach (var actor in Everyone)
        {
            Answers(reloaded, actor).Should().Equal(Answers(onboarding, actor), $"{actor} gets the same answers after a reload");
            Answers(reloaded, actor).Should().Equal(Answers(twin, actor));
        }

        // The machine of a tracked, reloaded aggregate makes the move and the result is stored.
        await using (var db = database.NewContext())
        {
            var tracked = await db.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);
            tracked.Resume(Actors.TeamAdmin, TestClock.Later());
            db.Revisions.AddRange(tracked.PendingRevisions);
            await db.SaveChangesAsync(Cancel);
        }
        twin.Resume(Actors.TeamAdmin, TestClock.Later());
        var resumed = await database.LoadAsync(onboarding.Id);
        resumed.Stage.Should().Be(Stage.GoLive);
        resumed.StageBeforeHold.Should().BeNull();
        foreach (var actor in Everyone)
        {
            Answers(resumed, actor).Should().Equal(Answers(twin, actor), $"{actor} gets the same answers after the move");
        }
        Answers(resumed, Actors.ReleaseOwner).Should().Contain(a => a.StartsWith("SignOffGoLive GoLive->Live", StringComparison.Ordinal));
    }

    public static TheoryData<string> Paths =>
    [
        "Inquiry", "Trial", "CommercialConfirmation", "InvoiceAndContract", "GoLive", "Live", "Rolled back",
        "OnHold from Trial", "Cancelled from GoLive", "PersonalTopUp at Trial", "InvoiceInquiry at Live",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_onboarding_walked_to_any_stage_reloads_equal_and_answers_the_same_moves(string path)
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = Walked(path);

        await database.SaveAsync(onboarding);
        await using var db = database.NewContext();
        var reloaded = await db.Onboardings.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == onboarding.Id, Cancel);

        MappedState.Of(db.Model, reloaded).Should().Equal(MappedState.Of(db.Model, onboarding));
        foreach (var actor in Everyone)
        {
            Answers(reloaded, actor).Should().Equal(Answers(onboarding, actor));
        }
        var moves = await db.Revisions.CountAsync(r => r.OnboardingId == onboarding.Id && r.Kind == RevisionKind.StageMoved, Cancel);
        if (path != "Inquiry")
        {
            moves.Should().BePositive("the onboarding got there by real moves, each one logged");
        }
    }

    private static Onboarding Walked(string path) => path switch
    {
        "Rolled back" => Rollback(new OnboardingBuilder().NeedingInvoice().AtStage(Stage.Live).Build()),
        "OnHold from Trial" => new OnboardingBuilder().HeldFrom(Stage.Trial).Build(),
        "Cancelled from GoLive" => new OnboardingBuilder().CancelledFrom(Stage.GoLive).Build(),
        "PersonalTopUp at Trial" => new OnboardingBuilder().WithScenario(Scenario.PersonalTopUp).AtStage(Stage.Trial).WithGateSatisfied().Build(),
        "InvoiceInquiry at Live" => new OnboardingBuilder().WithScenario(Scenario.InvoiceInquiry).NeedingInvoice().AtStage(Stage.Live).Build(),
        "InvoiceAndContract" => new OnboardingBuilder().WithScenario(Scenario.ContractOrCorporatePayment).NeedingEverything().AtStage(Stage.InvoiceAndContract).Build(),
        _ => new OnboardingBuilder().AtStage(Enum.Parse<Stage>(path)).Build(),
    };

    private static Onboarding Rollback(Onboarding live)
    {
        live.Rollback("429 above 5% at 30% traffic", Actors.ReleaseOwner, TestClock.Later());
        return live;
    }

    /// <summary>
    /// On hold from Go-live, after invoice and contract: Done items with evidence on every passed stage, and at
    /// Go-live one Done, one Blocked, one In progress (assigned to a user, due), one Open, and a Live item marked
    /// not applicable; window and full support matrix set.
    /// </summary>
    private static Onboarding RichOnboarding()
    {
        var onboarding = new OnboardingBuilder()
            .WithScenario(Scenario.ContractOrCorporatePayment)
            .NeedingEverything()
            .AtStage(Stage.GoLive)
            .Build();
        var now = TestClock.Now;
        onboarding.SetValidGoLiveWindow(now).FillSupportMatrix(now);
        onboarding.CompleteItem("golive.rollback");
        var logs = onboarding.ItemByKey("golive.logs-alerts");
        onboarding.UpdateItem(logs.Id, ItemUpdate.From(logs) with
        {
            Status = ItemStatus.Blocked,
            StatusReason = "Alert channel not created yet",
            AssigneeName = "Li Wei",
            DueDate = new DateOnly(2026, 12, 1),
        }, Actors.TechLead, now);
        var fields = onboarding.ItemByKey("golive.support-fields");
        onboarding.UpdateItem(fields.Id, ItemUpdate.From(fields) with
        {
            Status = ItemStatus.InProgress,
            Evidence = "Draft in the runbook, section 5",
            AssigneeUserId = "user-chen-jie",
            AssigneeName = "Chen Jie",
            DueDate = new DateOnly(2026, 12, 3),
        }, Actors.ReleaseOwner, now);
        onboarding.MarkNotApplicable("live.review", "The customer runs its own post-launch review");
        onboarding.Hold("Customer froze releases until the audit ends", Actors.TeamAdmin, TestClock.Later(1));
        return onboarding;
    }

    private static string[] Answers(Onboarding onboarding, Actor actor) =>
        onboarding.CheckMoves(actor, TestClock.Now)
            .Select(c => $"{c.Move} {c.From}->{c.To}: {string.Join(" | ", c.Reasons.Select(r => $"{r.Code} {r.Message}"))}")
            .ToArray();
}

/// <summary>Every test of <see cref="RoundTripTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class RoundTripTestsOnPostgreSql : RoundTripTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
