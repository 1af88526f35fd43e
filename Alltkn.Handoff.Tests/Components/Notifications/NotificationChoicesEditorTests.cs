using Alltkn.Handoff.App.Components.Pages.Notifications;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Tests.Builders;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace Alltkn.Handoff.Tests.Components.Notifications;

/// <summary>Per-kind notification choices and the digest time on /account, stored for the signed-in person.</summary>
public sealed class NotificationChoicesEditorTests : PageTestContext
{
    public NotificationChoicesEditorTests()
    {
        SignIn(Actors.TechLead);
    }

    [Fact]
    public async Task Choosing_e_mail_for_one_kind_and_a_digest_for_another_is_stored_with_the_digest_time()
    {
        var cut = Render<NotificationChoicesEditor>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='notify-WaitingOnYou']"));

        cut.Find("[data-testid='notify-WaitingOnYou']").Change(nameof(NotificationDelivery.EmailNow));
        cut.Find("[data-testid='notify-Overdue']").Change(nameof(NotificationDelivery.DailyDigest));
        cut.Find("[data-testid='digest-time']").Change("07:45");
        cut.Find("[data-testid='save-notification-choices']").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid='notification-choices-saved']"));
        var stored = await Services.GetRequiredService<NotificationChoices>().LoadAsync(TestContext.Current.CancellationToken);
        stored.PerKind[NotificationKind.WaitingOnYou].Should().Be(NotificationDelivery.EmailNow);
        stored.PerKind[NotificationKind.Overdue].Should().Be(NotificationDelivery.DailyDigest);
        stored.PerKind[NotificationKind.ItemAssigned].Should().Be(NotificationDelivery.InApp);
        stored.DigestTime.Should().Be(new TimeOnly(7, 45));
    }

    [Fact]
    public void A_time_that_is_not_a_time_is_refused_with_a_message_and_nothing_is_saved()
    {
        var cut = Render<NotificationChoicesEditor>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='digest-time']"));

        cut.Find("[data-testid='digest-time']").Change("half past eight");
        cut.Find("[data-testid='save-notification-choices']").Click();

        cut.Find("[data-testid='notification-choices-error']").TextContent.Should().Contain("\"half past eight\" is not a time of day");
        cut.FindAll("[data-testid='notification-choices-saved']").Should().BeEmpty();
    }

    [Fact]
    public void Without_an_e_mail_server_the_page_says_e_mail_is_off_in_Chinese_too()
    {
        UseCulture("zh-CN");

        var cut = Render<NotificationChoicesEditor>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='email-off']").TextContent.Should().Contain("此服务器未开启邮件"));
        cut.Find("[data-testid='notify-ItemAssigned']").TextContent.Should().Contain("仅在应用内");
    }

    [Fact]
    public void A_paused_webhook_is_offered_to_team_admins_only_the_only_ones_it_reaches()
    {
        var techLead = Render<NotificationChoicesEditor>();
        techLead.WaitForAssertion(() => techLead.Find("[data-testid='notify-WaitingOnYou']"));
        techLead.FindAll("[data-testid='notify-WebhookPaused']").Should().BeEmpty();

        SignIn(Actors.TeamAdmin);
        var admin = Render<NotificationChoicesEditor>();
        admin.WaitForAssertion(() => admin.Find("[data-testid='notify-WebhookPaused']"));
        admin.FindAll("select").Should().HaveCount(Enum.GetValues<NotificationKind>().Length);
    }

    [Fact]
    public void A_person_without_a_role_is_offered_nothing_and_told_why()
    {
        SignIn(new ActorBuilder().WithId("user-no-role").Named("Former colleague").WithRoles().Build());

        var cut = Render<NotificationChoicesEditor>();

        cut.WaitForAssertion(() => cut.Find("[data-testid='notification-choices-no-role']").TextContent.Should().Contain("no role"));
        cut.FindAll("select").Should().BeEmpty();
        cut.FindAll("[data-testid='save-notification-choices']").Should().BeEmpty();
    }
}
