using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// E-mail through MailKit to a real SMTP server in the test: the right people, in their language, plain text and HTML,
/// a link that opens the item, never an evidence value or a secret; daily digests at the person's own time, once.
/// </summary>
public class EmailDeliveryTests : ProviderTests
{
    private const string SiteUrl = "https://handoff.example.com";

    private static readonly Actor AdminEn = new ActorBuilder().WithRoles(Role.TeamAdmin).WithId("admin-en").Named("Tang Min").Build();
    private static readonly Actor AdminZh = new ActorBuilder().WithRoles(Role.TeamAdmin).WithId("admin-zh").Named("唐敏").Build();

    private static OutboxDispatcher Dispatcher(IHandoffTestDatabase database, InProcessSmtpServer smtp, string owner = "one")
    {
        var email = new EmailOptions { Host = "127.0.0.1", Port = smtp.Port, TlsMode = SecureSocketOptions.None, SiteUrl = SiteUrl, From = "Alltkn Handoff <handoff@example.com>" };
        return database.Dispatcher(owner, new SmtpMailSender(Options.Create(email)), email: email);
    }

    [Fact]
    public async Task Waiting_on_you_is_mailed_to_each_owner_in_their_language_with_a_link_to_the_item_and_no_evidence()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var database = await CreateDatabaseAsync();
        await database.AddPersonAsync(AdminEn, language: "en");
        await database.AddPersonAsync(AdminZh, language: "zh-CN");
        await database.AddPersonAsync(Actors.TechLead);
        await database.ChooseAsync(AdminEn, NotificationKind.WaitingOnYou, NotificationDelivery.EmailNow);
        await database.ChooseAsync(AdminZh, NotificationKind.WaitingOnYou, NotificationDelivery.EmailNow);
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).AtStage(Stage.Trial).Build()
            .CompleteRequiredItems(null, ChecklistTemplates.Keys.AccountAndKeyOwnership, "trial.rate-limit"));
        var item = onboarding.ItemByKey("trial.rate-limit");
        var evidence = ValidEvidence.For(item.EvidenceKind)!;
        var outcome = await database.OnboardingServiceFor(Actors.TechLead).UpdateItemAsync(onboarding.Id, item.Id, item.Version,
            ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = evidence }, TestContext.Current.CancellationToken);
        outcome.Succeeded.Should().BeTrue(outcome.Message);

        await Dispatcher(database, smtp).DrainAsync();

        var mails = await smtp.WaitForAsync(2);
        mails.Should().HaveCount(2);
        var english = mails.Single(m => m.To.Mailboxes.Single().Address == "admin-en@example.com");
        var chinese = mails.Single(m => m.To.Mailboxes.Single().Address == "admin-zh@example.com");
        english.Subject.Should().Be("Acme Robotics is waiting on you at Trial");
        chinese.Subject.Should().Be("Acme Robotics 在企业试用阶段等你处理");
        var link = $"{SiteUrl}/onboardings/{onboarding.Id}#item-{ChecklistTemplates.Keys.AccountAndKeyOwnership}";
        foreach (var mail in mails)
        {
            mail.TextBody.Should().Contain(link);
            mail.HtmlBody.Should().Contain($"href=\"{link}\"");
            mail.From.Mailboxes.Single().Address.Should().Be("handoff@example.com");
            (mail.TextBody + mail.HtmlBody + mail.Subject).Should().NotContain(evidence, "an evidence value never goes into a mail");
        }
        chinese.TextBody.Should().Contain("推进只在等你负责的事项");
        english.TextBody.Should().Contain("the move forward waits only on what you own");
        (await database.OutboxAsync()).Should().OnlyContain(m => m.State == OutboxState.Delivered);
        smtp.Received.Should().HaveCount(2, "nobody else chose e-mail, and the tech lead who acted is not told");
    }

    [Fact]
    public async Task With_no_host_e_mail_is_off_and_everyone_is_told_in_the_app_only()
    {
        await using var database = await CreateDatabaseAsync();
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(Actors.TechLead);
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.EmailNow);
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build().CompleteRequiredItems());
        await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);
        var sender = new SmtpMailSender(Options.Create(new EmailOptions()));

        await database.Dispatcher("one", sender).DrainAsync();

        sender.Enabled.Should().BeFalse();
        (await database.NotificationsAsync()).Should().ContainSingle().Which.Email.Should().Be(EmailPlan.None);
        (await database.OutboxAsync()).Should().ContainSingle().Which.State.Should().Be(OutboxState.Delivered);
    }

    [Fact]
    public async Task A_person_whose_roles_were_all_taken_away_is_neither_notified_nor_e_mailed_even_as_an_item_s_assignee()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var database = await CreateDatabaseAsync();
        var former = new ActorBuilder().WithRoles(Role.TechLead).WithId("tech-lead-former").Named("Former tech lead").Build();
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(Actors.TechLead);
        await database.AddPersonAsync(former);
        await database.ChooseAsync(Actors.TechLead, NotificationKind.ItemAssigned, NotificationDelivery.EmailNow);
        await database.ChooseAsync(former, NotificationKind.ItemAssigned, NotificationDelivery.EmailNow);
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build());
        var service = database.OnboardingServiceFor(Actors.TeamAdmin);
        foreach (var (person, item) in new[] { (Actors.TechLead, onboarding.Items.First()), (former, onboarding.Items.Last()) })
        {
            var outcome = await service.UpdateItemAsync(onboarding.Id, item.Id, item.Version,
                ItemUpdate.From(item) with { AssigneeUserId = person.UserId, AssigneeName = person.DisplayName }, TestContext.Current.CancellationToken);
            outcome.Succeeded.Should().BeTrue(outcome.Message);
        }
        // Assigned while still on the team; the roles are taken away before the assignment's notice goes out.
        await database.TakeRolesAwayAsync(former.UserId);

        await Dispatcher(database, smtp).DrainAsync();

        (await smtp.WaitForAsync(1)).Should().ContainSingle().Which.To.Mailboxes.Single().Address.Should().Be($"{Actors.TechLead.UserId}@example.com");
        (await database.NotificationsAsync()).Select(n => n.RecipientId).Should().Equal(Actors.TechLead.UserId);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        smtp.Received.Should().HaveCount(1, "the assignment to the former tech lead told nobody");
    }

    [Fact]
    public async Task A_digest_written_while_the_person_had_a_role_is_not_sent_once_their_roles_were_all_taken_away()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var database = await CreateDatabaseAsync();
        database.Clock.UtcNow = new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc);
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(Actors.TechLead);
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.DailyDigest);
        await using (var db = database.NewContext())
        {
            db.Add(new DigestSchedule(Actors.TechLead.UserId, new TimeOnly(9, 0)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer("Acme Robotics")).Build().CompleteRequiredItems());
        await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
            cancellationToken: TestContext.Current.CancellationToken);
        var dispatcher = Dispatcher(database, smtp);
        await dispatcher.DrainAsync();
        (await database.NotificationsAsync()).Should().ContainSingle(n => n.RecipientId == Actors.TechLead.UserId, "they had a role when it was written");

        await database.TakeRolesAwayAsync(Actors.TechLead.UserId);
        database.Clock.Advance(TimeSpan.FromMinutes(31));
        (await database.Digests().RunAsync(TestContext.Current.CancellationToken)).Should().Be(1);
        await dispatcher.DrainAsync();

        await Task.Delay(200, TestContext.Current.CancellationToken);
        smtp.Received.Should().BeEmpty("nothing of the workspace is mailed to someone who no longer has a role in it");
        (await database.OutboxAsync()).Should().OnlyContain(m => m.State == OutboxState.Delivered);
    }

    [Fact]
    public async Task A_daily_digest_goes_out_once_at_the_person_s_time_in_their_time_zone_with_the_day_s_notifications()
    {
        await using var smtp = new InProcessSmtpServer();
        await using var database = await CreateDatabaseAsync();
        database.Clock.UtcNow = new DateTime(2026, 11, 20, 0, 30, 0, DateTimeKind.Utc); // 08:30 in Shanghai
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(Actors.TechLead, language: "zh-CN", timeZone: "Asia/Shanghai");
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.DailyDigest);
        await using (var db = database.NewContext())
        {
            db.Add(new DigestSchedule(Actors.TechLead.UserId, new TimeOnly(9, 0)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        foreach (var customer in new[] { "Acme Robotics", "Beta Foods" })
        {
            var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).Build().CompleteRequiredItems());
            await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
                cancellationToken: TestContext.Current.CancellationToken);
        }
        var dispatcher = Dispatcher(database, smtp);
        await dispatcher.DrainAsync();

        (await database.Digests().RunAsync(TestContext.Current.CancellationToken)).Should().Be(0, "it is 08:30 in Shanghai, the digest is at 09:00");
        database.Clock.Advance(TimeSpan.FromMinutes(31));
        var made = await Task.WhenAll(database.Digests().RunAsync(TestContext.Current.CancellationToken),
            database.Digests().RunAsync(TestContext.Current.CancellationToken));
        made.Sum().Should().Be(1, "two schedulers make one digest");
        await dispatcher.DrainAsync();
        database.Clock.Advance(TimeSpan.FromHours(2));
        await database.Digests().RunAsync(TestContext.Current.CancellationToken);
        await dispatcher.DrainAsync();

        var mail = (await smtp.WaitForAsync(1)).Should().ContainSingle().Subject;
        await Task.Delay(200, TestContext.Current.CancellationToken);
        smtp.Received.Should().HaveCount(1, "one digest a day");
        mail.Subject.Should().Be("Alltkn 交接：你的每日摘要（2 条通知）");
        mail.TextBody.Should().Contain("Acme Robotics").And.Contain("Beta Foods").And.Contain($"{SiteUrl}/onboardings/");
        mail.HtmlBody.Should().Contain("<ul>");
        (await database.NotificationsAsync()).Should().OnlyContain(n => n.DigestedAtUtc != null);
    }

    [Fact]
    public async Task A_person_who_moves_their_time_zone_west_after_today_s_digest_gets_no_second_digest_for_their_new_yesterday()
    {
        var mail = new RecordingMailSender();
        await using var database = await CreateDatabaseAsync();
        database.Clock.UtcNow = new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc); // 09:00 on the 20th in Shanghai
        await database.AddPersonAsync(Actors.TeamAdmin);
        await database.AddPersonAsync(Actors.TechLead, timeZone: "Asia/Shanghai");
        await database.ChooseAsync(Actors.TechLead, NotificationKind.StageStarted, NotificationDelivery.DailyDigest);
        var dispatcher = database.Dispatcher("one", mail);
        async Task StartTrialAsync(string customer)
        {
            var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer(customer)).Build().CompleteRequiredItems());
            await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry,
                cancellationToken: TestContext.Current.CancellationToken);
            await dispatcher.DrainAsync();
        }
        await StartTrialAsync("Acme Robotics");
        (await database.Digests().RunAsync(TestContext.Current.CancellationToken)).Should().Be(1, "08:00 has passed in Shanghai");
        await dispatcher.DrainAsync();
        mail.Sent.Should().ContainSingle();

        // An hour later something new waits, and the person moves to Los Angeles, where it is 18:00 on the 19th.
        database.Clock.Advance(TimeSpan.FromHours(1));
        await StartTrialAsync("Beta Foods");
        await using (var db = database.NewContext())
        {
            await db.Users.Where(u => u.Id == Actors.TechLead.UserId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.TimeZoneId, "America/Los_Angeles"), TestContext.Current.CancellationToken);
        }

        (await database.Digests().RunAsync(TestContext.Current.CancellationToken)).Should().Be(0, "today's digest (their 19th in Los Angeles) went out an hour ago");
        await dispatcher.DrainAsync();
        mail.Sent.Should().ContainSingle();

        // Later days go out in Los Angeles, with what waited since. (Not the 20th there: that date's key is the Shanghai digest's.)
        database.Clock.UtcNow = new DateTime(2026, 11, 21, 16, 30, 0, DateTimeKind.Utc); // 08:30 on the 21st in Los Angeles
        (await database.Digests().RunAsync(TestContext.Current.CancellationToken)).Should().Be(1);
        await dispatcher.DrainAsync();
        mail.Sent.Should().HaveCount(2);
        mail.Sent.Last().Content.Text.Should().Contain("Beta Foods").And.NotContain("Acme Robotics");
    }
}

/// <summary>Every test of <see cref="EmailDeliveryTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class EmailDeliveryTestsOnPostgreSql : EmailDeliveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
