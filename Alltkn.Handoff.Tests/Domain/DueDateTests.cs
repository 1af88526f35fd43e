using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Due dates from the template, on a fixed clock across weekends: set when a stage starts (working days after its start,
/// or before the expected go-live date), kept when a person set a later one, stopped by a hold and moved on by the working
/// days held; every date the workspace sets is in the log, attributed to the person who started the stage, with why.
/// </summary>
public sealed class DueDateTests
{
    // Friday 20, Saturday 21, Sunday 22, Monday 23 November 2026.
    private static readonly DateTime Friday = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Saturday = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static Onboarding OpenedOnFriday(DateOnly? expectedGoLive = null, bool setGoLive = true) =>
        Onboarding.Open(Scenario.EnterpriseTrial,
            new DetailsBuilder().With(d => d with { ExpectedGoLiveDate = setGoLive ? expectedGoLive ?? D(12, 15) : null }).Build(),
            Actors.TeamAdmin, Friday);

    [Theory]
    [InlineData("2026-11-20", 0, "2026-11-20")] // a Friday is its own day
    [InlineData("2026-11-21", 0, "2026-11-23")] // a Saturday starts on Monday
    [InlineData("2026-11-20", 1, "2026-11-23")] // one working day after a Friday is the Monday
    [InlineData("2026-11-21", 3, "2026-11-25")]
    [InlineData("2026-11-20", 10, "2026-12-04")]
    [InlineData("2026-11-23", -1, "2026-11-20")]
    public void Working_days_skip_weekends(string from, int days, string expected) =>
        WorkingDays.Add(DateOnly.Parse(from), days).Should().Be(DateOnly.Parse(expected));

    [Theory]
    [InlineData("2026-11-20", "2026-11-23", 1)] // Friday to Monday: one working day
    [InlineData("2026-11-20", "2026-11-22", 0)] // Friday to Sunday: none
    [InlineData("2026-11-20", "2026-12-04", 10)]
    [InlineData("2026-11-21", "2026-11-30", 6)]
    [InlineData("2026-11-23", "2026-11-20", 0)]
    public void Working_days_between_two_dates_count_the_weekdays_after_the_first(string from, string to, int expected) =>
        WorkingDays.Between(DateOnly.Parse(from), DateOnly.Parse(to)).Should().Be(expected);

    [Fact]
    public void Every_template_item_of_every_scenario_has_a_due_offset()
    {
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            ChecklistTemplates.For(scenario).Should().OnlyContain(t => t.Due != null, scenario.ToString());
            ChecklistTemplates.For(scenario).Where(t => t.Stage == Stage.GoLive)
                .Should().OnlyContain(t => t.Due!.Anchor == DueAnchor.BeforeExpectedGoLive, "Go-live items count back from the go-live date");
        }
    }

    [Fact]
    public void Opening_gives_the_inquiry_items_their_dates_counted_in_working_days_over_the_weekend()
    {
        var onboarding = OpenedOnFriday();

        onboarding.ItemByKey("inquiry.contact-type").DueDate.Should().Be(D(11, 23), "one working day after Friday is Monday");
        onboarding.ItemByKey("inquiry.safety").DueDate.Should().Be(D(11, 23));
        onboarding.ItemByKey("inquiry.use-case").DueDate.Should().Be(D(11, 24));
        onboarding.ItemsOf(Stage.Inquiry).Should().OnlyContain(i => i.DueDate != null);
        onboarding.Items.Where(i => i.Stage != Stage.Inquiry).Should().OnlyContain(i => i.DueDate == null, "later stages have not started");
        onboarding.StageStartedOn.Should().Be(D(11, 20));
    }

    [Fact]
    public void Each_date_the_workspace_sets_is_logged_as_set_by_who_started_the_stage_with_why()
    {
        var onboarding = OpenedOnFriday();
        var item = onboarding.ItemByKey("inquiry.use-case");

        var entry = onboarding.PendingRevisions.Single(e => e.ItemId == item.Id);

        entry.Kind.Should().Be(RevisionKind.ItemChanged);
        entry.ActorId.Should().Be(Actors.TeamAdmin.UserId);
        entry.AtUtc.Should().Be(Friday);
        entry.Before.Should().Be("Due: —");
        entry.After.Should().Be("Due: 2026-11-24");
        entry.Reason.Should().Be("From the template: 2 working days after Inquiry started (2026-11-20).");
    }

    [Fact]
    public void A_stage_started_on_a_saturday_counts_from_the_monday()
    {
        var onboarding = OpenedOnFriday().CompleteRequiredItems(Friday);

        onboarding.StartTrial(Actors.TeamAdmin, Saturday);

        onboarding.ItemByKey(ChecklistTemplates.Keys.AccountAndKeyOwnership).DueDate.Should().Be(D(12, 1));
        onboarding.ItemByKey("trial.minimal-request").DueDate.Should().Be(D(12, 2));
        onboarding.ItemByKey("trial.small-traffic-plan").DueDate.Should().Be(D(12, 8));
        onboarding.PendingRevisions.Where(e => e.AtUtc == Saturday && e.Kind == RevisionKind.ItemChanged)
            .Should().HaveCount(onboarding.ItemsOf(Stage.Trial).Count())
            .And.OnlyContain(e => e.ActorId == Actors.TeamAdmin.UserId && e.Reason!.Contains("after Trial started"));
    }

    [Fact]
    public void Go_live_items_count_back_from_the_expected_go_live_date()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.CommercialConfirmation).At(Friday).WithGateSatisfied().Build();

        onboarding.StartGoLive(Actors.Finance, Friday);

        // Expected go-live Tuesday 15 December 2026.
        onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow).DueDate.Should().Be(D(12, 8), "5 working days before");
        onboarding.ItemByKey(ChecklistTemplates.Keys.RollbackConditions).DueDate.Should().Be(D(12, 10));
        onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff).DueDate.Should().Be(D(12, 15), "signed off on the day");
        onboarding.PendingRevisions.Single(e => e.ItemId == onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow).Id && e.AtUtc == Friday
                && e.After!.StartsWith("Due"))
            .Reason.Should().Contain("before the expected go-live date (2026-12-15)");
    }

    [Fact]
    public void A_go_live_date_on_a_sunday_is_signed_off_on_the_friday_before()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.CommercialConfirmation).At(Friday).WithGateSatisfied()
            .WithDetails(d => d with { ExpectedGoLiveDate = D(12, 13) }).Build();

        onboarding.StartGoLive(Actors.Finance, Friday);

        onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff).DueDate.Should().Be(D(12, 11));
    }

    [Fact]
    public void Without_an_expected_go_live_date_go_live_items_count_from_the_stage_start()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.CommercialConfirmation).At(Friday).WithGateSatisfied()
            .WithDetails(d => d with { ExpectedGoLiveDate = null }).Build();

        onboarding.StartGoLive(Actors.Finance, Friday);

        onboarding.ItemByKey(ChecklistTemplates.Keys.GoLiveWindow).DueDate.Should().Be(D(11, 25), "3 working days after Friday");
        onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff).DueDate.Should().Be(D(12, 4), "10 working days after Friday");
    }

    [Fact]
    public void A_go_live_date_already_past_makes_the_go_live_items_due_when_the_stage_starts()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.CommercialConfirmation).At(Friday).WithGateSatisfied()
            .WithDetails(d => d with { ExpectedGoLiveDate = D(11, 18) }).Build();

        onboarding.StartGoLive(Actors.Finance, Friday);

        onboarding.ItemsOf(Stage.GoLive).Should().OnlyContain(i => i.DueDate == D(11, 20));
    }

    [Fact]
    public void Going_live_gives_the_post_go_live_review_its_recheck_date()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).At(Friday).WithGateSatisfied().Build();

        onboarding.SignOffGoLive(Actors.ReleaseOwner, Friday);

        onboarding.ItemByKey(ChecklistTemplates.Keys.LiveReview).DueDate
            .Should().Be(D(12, 4), $"{ChecklistTemplates.RecheckWorkingDays} working days after going live");
    }

    [Fact]
    public void A_later_date_a_person_set_while_preparing_an_item_early_is_kept_when_its_stage_starts()
    {
        var onboarding = OpenedOnFriday();
        var rateLimit = onboarding.ItemByKey("trial.rate-limit");
        onboarding.UpdateItem(rateLimit.Id, ItemUpdate.From(rateLimit) with { DueDate = D(12, 18) }, Actors.TechLead, Friday);
        onboarding.CompleteRequiredItems(Friday);

        onboarding.StartTrial(Actors.TeamAdmin, Saturday);

        rateLimit.DueDate.Should().Be(D(12, 18));
        onboarding.ItemByKey("trial.stream").DueDate.Should().Be(D(12, 4));
    }

    [Fact]
    public void A_person_can_still_change_a_date_the_template_gave_and_that_is_logged()
    {
        var onboarding = OpenedOnFriday();
        var item = onboarding.ItemByKey("inquiry.use-case");
        onboarding.ClearPendingRevisions();

        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = D(11, 30) }, Actors.TeamAdmin, Saturday).Should().BeTrue();

        item.DueDate.Should().Be(D(11, 30));
        var entry = onboarding.PendingRevisions.Should().ContainSingle().Which;
        entry.Before.Should().Be("Due: 2026-11-24");
        entry.After.Should().Be("Due: 2026-11-30");
    }

    [Fact]
    public void Resuming_moves_every_open_due_date_on_by_the_working_days_held()
    {
        var onboarding = OpenedOnFriday();
        var done = onboarding.CompleteItem("inquiry.contact-type", nowUtc: Friday);
        onboarding.Hold("Waiting for the budget approval", Actors.TeamAdmin, Friday);
        onboarding.ClearPendingRevisions();
        var wednesday = new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc);

        onboarding.Resume(Actors.TeamAdmin, wednesday);

        // Held Friday to Wednesday: Monday, Tuesday, Wednesday = 3 working days.
        onboarding.ItemByKey("inquiry.safety").DueDate.Should().Be(D(11, 26), "Monday 23 + 3 working days");
        onboarding.ItemByKey("inquiry.use-case").DueDate.Should().Be(D(11, 27), "Tuesday 24 + 3 working days");
        done.DueDate.Should().Be(D(11, 23), "a settled item's date is history");
        onboarding.StageStartedOn.Should().Be(D(11, 25), "the stage's own clock stood still too");
        onboarding.HeldSinceUtc.Should().BeNull();
        var shifts = onboarding.PendingRevisions.Where(e => e.Kind == RevisionKind.ItemChanged).ToArray();
        shifts.Should().HaveCount(onboarding.ItemsOf(Stage.Inquiry).Count() - 1)
            .And.OnlyContain(e => e.ActorId == Actors.TeamAdmin.UserId
                                  && e.Reason == "Moved on by 3 working days: the onboarding was on hold from 2026-11-20 to 2026-11-25.");
    }

    [Fact]
    public void A_hold_over_a_weekend_alone_moves_nothing()
    {
        var onboarding = OpenedOnFriday();
        var before = onboarding.Items.ToDictionary(i => i.Id, i => i.DueDate);
        onboarding.Hold("Customer's office closed", Actors.TeamAdmin, Friday);

        onboarding.Resume(Actors.TeamAdmin, new DateTime(2026, 11, 22, 20, 0, 0, DateTimeKind.Utc));

        onboarding.Items.ToDictionary(i => i.Id, i => i.DueDate).Should().Equal(before);
    }

    [Fact]
    public void A_rollback_gives_the_reopened_sign_off_a_new_date()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.Live).At(Friday).Build();
        var later = new DateTime(2026, 12, 21, 9, 0, 0, DateTimeKind.Utc);

        onboarding.Rollback("Error rate above the rollback condition", Actors.ReleaseOwner, later);

        var signOff = onboarding.ItemByKey(ChecklistTemplates.Keys.SignOff);
        signOff.Status.Should().Be(ItemStatus.Open);
        signOff.DueDate.Should().Be(D(12, 21), "the expected go-live date has passed: due when Go-live starts again");
        onboarding.StageStartedOn.Should().Be(D(12, 21));
    }
}
