using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Health as OnRamp scores it: overdue ÷ due so far (under 20 % on track, 20–60 % at risk, over 60 % off track), and the
/// working days in the stage against the template's expected days; the worse of the two, with its reasons, on a fixed clock.
/// </summary>
public sealed class HealthTests
{
    private static readonly DateTime Friday = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private static DateOnly D(int month, int day) => new(2026, month, day);

    // Opened Friday 20 November: two Inquiry items due Monday 23, four due Tuesday 24 (Enterprise trial: six in all).
    private static Onboarding Opened() => new OnboardingBuilder().At(Friday).Build();

    [Theory]
    [InlineData(0, 0, HealthLevel.OnTrack)]
    [InlineData(0, 5, HealthLevel.OnTrack)]
    [InlineData(19, 100, HealthLevel.OnTrack)]
    [InlineData(1, 5, HealthLevel.AtRisk)] // 20 %
    [InlineData(3, 5, HealthLevel.AtRisk)] // 60 %
    [InlineData(61, 100, HealthLevel.OffTrack)]
    [InlineData(2, 3, HealthLevel.OffTrack)] // 66 %
    public void The_overdue_share_gives_the_level(int overdue, int dueSoFar, HealthLevel expected) =>
        HealthCheck.LevelOfOverdue(overdue, dueSoFar).Should().Be(expected);

    [Fact]
    public void Nothing_due_yet_is_on_track_and_says_so()
    {
        var health = Opened().CheckHealth(D(11, 20));

        health.Level.Should().Be(HealthLevel.OnTrack);
        health.DueSoFar.Should().Be(0);
        health.Reasons.Select(r => r.Code).Should().Contain(HealthReasonCode.NothingDueYet);
        health.ChangesOn.Should().Be(D(11, 23), "the first items fall due on Monday");
    }

    [Fact]
    public void Items_past_their_date_and_not_done_make_it_at_risk_then_off_track()
    {
        var onboarding = Opened();

        var tuesday = onboarding.CheckHealth(D(11, 24));
        tuesday.DueSoFar.Should().Be(6);
        tuesday.Overdue.Should().Be(2);
        tuesday.Level.Should().Be(HealthLevel.AtRisk, "2 of 6 is 33 %");
        tuesday.Reasons[0].Code.Should().Be(HealthReasonCode.OverdueItems);
        tuesday.Reasons[0].Message.Should().Be("2 of 6 items due so far overdue (33 %).");

        var wednesday = onboarding.CheckHealth(D(11, 25));
        wednesday.Overdue.Should().Be(6);
        wednesday.Level.Should().Be(HealthLevel.OffTrack);
    }

    [Fact]
    public void Work_done_late_counts_as_due_but_not_overdue()
    {
        var onboarding = Opened();
        foreach (var key in onboarding.ItemsOf(Stage.Inquiry).Select(i => i.Key).Skip(1).ToArray())
        {
            onboarding.CompleteItem(key, nowUtc: Friday.AddDays(4));
        }

        var health = onboarding.CheckHealth(D(11, 25));

        health.Overdue.Should().Be(1);
        health.DueSoFar.Should().Be(6);
        health.Level.Should().Be(HealthLevel.OnTrack, "1 of 6 is 16 %");
    }

    [Fact]
    public void Items_marked_not_applicable_are_not_due()
    {
        var onboarding = Opened();
        foreach (var item in onboarding.ItemsOf(Stage.Inquiry).ToArray())
        {
            onboarding.MarkNotApplicable(item.Key, nowUtc: Friday);
        }

        onboarding.CheckHealth(D(11, 25)).DueSoFar.Should().Be(0);
    }

    [Fact]
    public void A_stage_past_its_expected_days_is_at_risk_and_past_twice_as_many_off_track()
    {
        var onboarding = Opened().CompleteRequiredItems(Friday);
        var expected = ChecklistTemplates.ExpectedWorkingDays(Stage.Inquiry)!.Value;

        onboarding.CheckHealth(WorkingDays.Add(D(11, 20), expected)).Level.Should().Be(HealthLevel.OnTrack);
        var late = onboarding.CheckHealth(WorkingDays.Add(D(11, 20), expected + 1));
        late.Level.Should().Be(HealthLevel.AtRisk);
        late.Reasons[0].Code.Should().Be(HealthReasonCode.DaysInStage);
        late.Reasons[0].Message.Should().Be($"{expected + 1} working days in Inquiry; the template expects {expected}.");
        onboarding.CheckHealth(WorkingDays.Add(D(11, 20), 2 * expected + 1)).Level.Should().Be(HealthLevel.OffTrack);
    }

    [Fact]
    public void On_hold_the_clock_stands_still()
    {
        var onboarding = new OnboardingBuilder().At(Friday).AtStage(Stage.OnHold).Build();

        var muchLater = onboarding.CheckHealth(D(12, 31));

        muchLater.Should().BeEquivalentTo(onboarding.CheckHealth(D(11, 20)));
        muchLater.Level.Should().Be(HealthLevel.OnTrack);
        muchLater.ChangesOn.Should().BeNull("time alone changes nothing on hold");
        muchLater.Reasons.Select(r => r.Code).Should().Contain(HealthReasonCode.OnHold);
    }

    [Fact]
    public void A_cancelled_onboarding_is_not_tracked()
    {
        var onboarding = new OnboardingBuilder().At(Friday).AtStage(Stage.Cancelled).Build();

        onboarding.CheckHealth(D(12, 31)).Level.Should().Be(HealthLevel.NotTracked);
        onboarding.Health.Level.Should().Be(HealthLevel.NotTracked);
        onboarding.Health.ChangesOn.Should().BeNull();
    }

    [Fact]
    public void A_live_onboarding_is_judged_by_its_recheck_date_alone()
    {
        var onboarding = new OnboardingBuilder().At(Friday).AtStage(Stage.Live).Build();
        var recheck = onboarding.ItemByKey(ChecklistTemplates.Keys.LiveReview).DueDate!.Value;

        var health = onboarding.CheckHealth(recheck.AddDays(30));

        health.ExpectedDays.Should().BeNull();
        health.Overdue.Should().Be(1, "the review was not done by its recheck date");
    }

    [Fact]
    public void Every_change_stores_the_health_as_of_its_day()
    {
        var onboarding = Opened();
        var tuesday = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

        onboarding.CompleteItem("inquiry.contact-type", nowUtc: tuesday);

        onboarding.Health.Should().Be(HealthSummary.Of(onboarding.CheckHealth(D(11, 24))));
        onboarding.Health.Level.Should().Be(HealthLevel.OnTrack, "1 of 6 overdue");
        onboarding.Health.Score.Should().Be(1000 + 16);
    }

    [Fact]
    public void The_stored_health_stays_true_every_day_until_the_day_it_names()
    {
        var onboarding = new OnboardingBuilder().At(Friday).AtStage(Stage.Trial).Build();
        var day = D(11, 20);
        for (var step = 0; step < 40; step++)
        {
            var stored = HealthSummary.Of(onboarding.CheckHealth(day));
            var next = stored.ChangesOn ?? day.AddDays(60);
            for (var d = day; d < next && d < day.AddDays(60); d = d.AddDays(1))
            {
                HealthSummary.Of(onboarding.CheckHealth(d)).Should().Be(stored with { }, $"nothing changes between {day} and {next} ({d})");
            }
            if (stored.ChangesOn is null)
            {
                break;
            }
            day = next;
        }
        day.Should().BeAfter(D(12, 20), "the walk went past every due date and the stage's expected days");
    }
}
