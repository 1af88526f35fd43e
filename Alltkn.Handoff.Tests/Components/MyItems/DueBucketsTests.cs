using Alltkn.Handoff.App.Components.Pages.MyItems;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Components.MyItems;

public sealed class DueBucketsTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now);

    private static ItemRow Row(Onboarding onboarding, string key, DateOnly? due, ItemStatus? status = null)
    {
        var item = onboarding.ItemByKey(key);
        onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { DueDate = due }, Actors.TeamAdmin, TestClock.Now);
        if (status == ItemStatus.Done)
        {
            onboarding.CompleteItem(key);
        }
        return new ItemRow(onboarding.Id, onboarding.Details.Customer, onboarding.Stage, item);
    }

    [Theory]
    [InlineData(-3, DueBucket.Overdue)]
    [InlineData(-1, DueBucket.Overdue)]
    [InlineData(0, DueBucket.Today)]
    [InlineData(1, DueBucket.ThisWeek)]
    [InlineData(7, DueBucket.ThisWeek)]
    [InlineData(8, DueBucket.Later)]
    public void An_open_item_falls_in_the_bucket_of_its_due_date(int daysFromToday, DueBucket expected)
    {
        var onboarding = new OnboardingBuilder().Build();

        var row = Row(onboarding, "inquiry.use-case", Today.AddDays(daysFromToday));

        DueBuckets.Of(row.Item, Today).Should().Be(expected);
    }

    [Fact]
    public void An_item_without_a_due_date_and_a_settled_item_have_buckets_of_their_own()
    {
        var onboarding = new OnboardingBuilder().Build();

        DueBuckets.Of(Row(onboarding, "inquiry.use-case", null).Item, Today).Should().Be(DueBucket.NoDueDate);
        DueBuckets.Of(Row(onboarding, "inquiry.contact-type", Today.AddDays(-5), ItemStatus.Done).Item, Today).Should().Be(DueBucket.Settled);
    }

    [Fact]
    public void Groups_come_overdue_first_and_each_sorts_by_due_date_either_way()
    {
        var onboarding = new OnboardingBuilder().Build();
        var rows = new[]
        {
            Row(onboarding, "inquiry.use-case", Today.AddDays(20)),
            Row(onboarding, "inquiry.contact-type", Today.AddDays(-1)),
            Row(onboarding, "inquiry.needs", Today.AddDays(-4)),
            Row(onboarding, "inquiry.go-live-contact", null),
            Row(onboarding, "inquiry.safety", Today.AddDays(10)),
        };

        var earliest = DueBuckets.Group(rows, Today);
        earliest.Select(g => g.Bucket).Should().Equal(DueBucket.Overdue, DueBucket.Later, DueBucket.NoDueDate);
        earliest[0].Rows.Select(r => r.Item.Key).Should().Equal("inquiry.needs", "inquiry.contact-type");
        earliest[1].Rows.Select(r => r.Item.Key).Should().Equal("inquiry.safety", "inquiry.use-case");

        var latest = DueBuckets.Group(rows, Today, latestFirst: true);
        latest[0].Rows.Select(r => r.Item.Key).Should().Equal("inquiry.contact-type", "inquiry.needs");
        latest[1].Rows.Select(r => r.Item.Key).Should().Equal("inquiry.use-case", "inquiry.safety");
    }
}
