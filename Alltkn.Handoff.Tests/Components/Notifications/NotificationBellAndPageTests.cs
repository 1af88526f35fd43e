using Alltkn.Handoff.App.Components.Layout;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using TestContext = Xunit.TestContext;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotificationsPage = Alltkn.Handoff.App.Components.Pages.Notifications.Notifications;

namespace Alltkn.Handoff.Tests.Components.Notifications;

/// <summary>The bell's live unread count and the /notifications page (paged in the database, newest first, mark read).</summary>
public sealed class NotificationBellAndPageTests : PageTestContext
{
    public NotificationBellAndPageTests()
    {
        SignIn(Actors.ReleaseOwner);
    }

    private async Task<Notification> DeliverAsync(string subject, string recipientId, int minutesAgo = 0)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var notification = new Notification(Guid.NewGuid(), recipientId, NotificationKind.WaitingOnYou, Guid.NewGuid(), null, subject,
            "Open the onboarding and finish your items.", "/onboardings/00000000-0000-0000-0000-000000000001", TestClock.Now.AddMinutes(-minutesAgo), EmailPlan.None);
        db.Add(notification);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return notification;
    }

    [Fact]
    public async Task The_bell_counts_the_unread_and_updates_when_a_notification_is_delivered_without_a_reload()
    {
        await DeliverAsync("Acme is waiting on you at Go-live", Actors.ReleaseOwner.UserId);
        await DeliverAsync("Someone else's", Actors.TechLead.UserId);

        var cut = Render<NotificationBell>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='notification-bell']").GetAttribute("data-unread").Should().Be("1"));

        await DeliverAsync("Beta is live", Actors.ReleaseOwner.UserId);
        Services.GetRequiredService<NotificationSignal>().Publish([Actors.ReleaseOwner.UserId]);

        cut.WaitForAssertion(() => cut.Find("[data-testid='notification-bell']").GetAttribute("data-unread").Should().Be("2"));
        cut.Find("[data-testid='notification-bell']").GetAttribute("aria-label").Should().Be("Notifications: 2 unread");
    }

    [Fact]
    public async Task The_bell_stops_listening_when_it_is_disposed()
    {
        var signal = Services.GetRequiredService<NotificationSignal>();
        var cut = Render<NotificationBell>();
        cut.WaitForAssertion(() => signal.SubscriberCount.Should().Be(1));

        cut.Instance.Dispose();

        signal.SubscriberCount.Should().Be(0);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_page_lists_the_person_s_notifications_newest_first_and_marks_one_and_then_all_read()
    {
        await DeliverAsync("Older", Actors.ReleaseOwner.UserId, minutesAgo: 10);
        await DeliverAsync("Newest", Actors.ReleaseOwner.UserId, minutesAgo: 1);
        await DeliverAsync("Not mine", Actors.Finance.UserId);

        var cut = Render<NotificationsPage>();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='notification-row']").Should().HaveCount(2));
        cut.FindAll("[data-testid='notification-link']").Select(a => a.TextContent).Should().Equal("● Newest", "● Older");

        cut.FindAll("[data-testid='mark-read']")[0].Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='notification-row']").Select(r => r.GetAttribute("data-read")).Should().Equal("true", "false"));

        cut.Find("[data-testid='mark-all-read']").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='notification-row']").Should().OnlyContain(r => r.GetAttribute("data-read") == "true"));
        (await Services.GetRequiredService<NotificationInbox>().UnreadCountAsync(TestContext.Current.CancellationToken)).Should().Be(0);
    }

    [Fact]
    public async Task The_page_reads_one_page_at_a_time_from_the_database()
    {
        for (var i = 0; i < 25; i++)
        {
            await DeliverAsync($"Notification {i:00}", Actors.ReleaseOwner.UserId, minutesAgo: i);
        }

        var page = await Services.GetRequiredService<NotificationInbox>().PageAsync(1, 20, TestContext.Current.CancellationToken);

        page.Should().NotBeNull();
        page!.Total.Should().Be(25);
        page.Rows.Select(r => r.Subject).Should().Equal(Enumerable.Range(20, 5).Select(i => $"Notification {i:00}"));
    }

    [Fact]
    public async Task Nobody_marks_another_person_s_notification_read()
    {
        var theirs = await DeliverAsync("Not mine", Actors.Finance.UserId);

        (await Services.GetRequiredService<NotificationInbox>().MarkReadAsync(theirs.Id, TestContext.Current.CancellationToken)).Should().Be(0);
    }

    [Fact]
    public async Task A_person_whose_roles_were_all_taken_away_reads_none_of_the_notifications_sent_to_them_and_is_told_why()
    {
        var noRole = new ActorBuilder().WithId("user-no-role").Named("Former colleague").WithRoles().Build();
        await DeliverAsync("Acme is waiting on you at Go-live", noRole.UserId);
        SignIn(noRole);
        var inbox = Services.GetRequiredService<NotificationInbox>();

        var cut = Render<NotificationsPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='may-not-read']").TextContent.Should().Contain("no role"));
        cut.FindAll("[data-testid='notifications-table']").Should().BeEmpty("the page says why instead of showing an empty list");
        cut.Markup.Should().NotContain("Acme");
        Render<NotificationBell>().Find("[data-testid='notification-bell']").GetAttribute("data-unread").Should().Be("0");
        (await inbox.PageAsync(0, 20, TestContext.Current.CancellationToken)).Should().BeNull();
        (await inbox.UnreadCountAsync(TestContext.Current.CancellationToken)).Should().BeNull();
        (await inbox.MarkAllReadAsync(TestContext.Current.CancellationToken)).Should().Be(0);

        SignIn(new ActorBuilder().WithId(noRole.UserId).Named("Former colleague").WithRoles(Alltkn.Handoff.Domain.People.Role.Viewer).Build());
        (await inbox.UnreadCountAsync(TestContext.Current.CancellationToken)).Should().Be(1, "nothing was marked read while they had no role");
    }

    [Fact]
    public async Task A_person_whose_roles_are_taken_away_while_the_page_is_open_is_told_why_at_the_next_reload_and_sees_the_list_again_when_one_is_given_back()
    {
        await DeliverAsync("Acme is waiting on you at Go-live", Actors.ReleaseOwner.UserId);
        var cut = Render<NotificationsPage>();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='notification-row']").Should().HaveCount(1));

        SignIn(new ActorBuilder().WithId(Actors.ReleaseOwner.UserId).Named(Actors.ReleaseOwner.DisplayName).WithRoles().Build());
        Services.GetRequiredService<NotificationSignal>().Publish([Actors.ReleaseOwner.UserId]);

        cut.WaitForAssertion(() => cut.Find("[data-testid='may-not-read']"));
        cut.Markup.Should().NotContain("Acme");

        SignIn(Actors.ReleaseOwner); // the role given back: the list again at the next reload
        Services.GetRequiredService<NotificationSignal>().Publish([Actors.ReleaseOwner.UserId]);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid='notification-row']").Should().HaveCount(1));
    }

    [Fact]
    public async Task The_page_is_in_Chinese_for_Chinese_readers()
    {
        UseCulture("zh-CN");
        await DeliverAsync("Acme", Actors.ReleaseOwner.UserId);

        var cut = Render<NotificationsPage>();

        cut.WaitForAssertion(() => cut.Markup.Should().Contain("全部标为已读").And.Contain("1 条未读"));
    }
}
