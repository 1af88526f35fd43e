using System.Globalization;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// Every kind of notification has its words in English and Chinese, the summary of role items due says its counts, and
/// the counts travel in the outbox payload without changing any other event's JSON.
/// </summary>
public sealed class RoleItemsDueTextTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static NotificationEvent Summary(DueCounts counts) =>
        new(NotificationKind.RoleItemsDue, Guid.Empty, "", null, null, null, null, new DateOnly(2026, 11, 25), "", "", [], ["lead"], counts);

    public static TheoryData<NotificationKind> Kinds() => [.. Enum.GetValues<NotificationKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_subject_and_a_body_in_English_and_Chinese(NotificationKind kind)
    {
        var texts = NotificationHarness.Texts();
        var e = new NotificationEvent(kind, Guid.NewGuid(), "Acme Robotics", Guid.NewGuid(), "trial.stream", "Streaming response verified",
            Stage.Trial, new DateOnly(2026, 11, 25), "admin", "Ann Admin", [], ["lead"], new DueCounts(1, 2, 3));

        var (englishSubject, englishBody) = texts.Render(e, English);
        var (chineseSubject, chineseBody) = texts.Render(e, Chinese);

        englishSubject.Should().NotStartWith("Subject.");
        englishBody.Should().NotStartWith("Do.");
        chineseSubject.Should().NotStartWith("Subject.").And.NotBe(englishSubject);
        chineseBody.Should().NotStartWith("Do.").And.NotBe(englishBody);
    }

    [Fact]
    public void The_summary_says_how_many_items_of_each_kind_and_links_to_my_items()
    {
        var e = Summary(new DueCounts(Overdue: 8, DueToday: 3, DueTomorrow: 1));

        var (subject, body) = NotificationHarness.Texts().Render(e, English);

        subject.Should().Be("12 items of your roles need attention: 8 overdue, 3 due today, 1 due tomorrow");
        body.Should().Contain("8 overdue, 3 due today, 1 due tomorrow").And.Contain("My items");
        e.Link.Should().Be("/my-items");
    }

    [Fact]
    public void The_counts_make_the_round_trip_and_events_without_them_keep_their_json()
    {
        var summary = Summary(new DueCounts(8, 3, 1));
        var item = new NotificationEvent(NotificationKind.Overdue, Guid.NewGuid(), "Acme Robotics", Guid.NewGuid(), "trial.stream", "Streaming",
            Stage.Trial, new DateOnly(2026, 11, 25), "", "", [], ["lead"]);

        NotificationEvent.FromJson(summary.ToJson()).Counts.Should().Be(new DueCounts(8, 3, 1));
        item.ToJson().Should().NotContain("counts");
        NotificationEvent.FromJson(item.ToJson()).Should().BeEquivalentTo(item);
        // A payload stored before the counts existed.
        var stored = """{"kind":"Overdue","onboardingId":"0196b2f0-0000-7000-8000-000000000001","onboardingName":"Acme Robotics","itemId":null,"itemKey":null,"itemTitle":null,"stage":"Trial","dueDate":"2026-11-25","actorId":"","actorName":"","roles":[],"userIds":["lead"]}""";
        NotificationEvent.FromJson(stored).Counts.Should().BeNull();
        NotificationEvent.FromJson(stored).Kind.Should().Be(NotificationKind.Overdue);
    }
}
