using System.Data.Common;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Comments;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Comments;

/// <summary>
/// Comments through the service over a real SQLite file: who may write, the secret guard, the comment, its revision
/// entry and its notifications saved together (to the item's owner and the thread, never the author), edits by the
/// author only with the earlier text kept, no deletes, and open pages told.
/// </summary>
public class ItemCommentServiceTests : ProviderTests
{
    private const string RateLimit = "trial.rate-limit";
    private const string MinimalRequest = "trial.minimal-request";

    /// <summary>A made-up relay key in the shape New API issues (sk- and 48 letters and digits); not a real key.</summary>
    private const string RelayKey = "sk-Q7fK2mP9xR4tL8wN3vB6yH1cJ5dG0sA2eZ7uI4oT9pM3kX8r";

    private static readonly Actor TechLead = new ActorBuilder().WithId("user-li-wei").Named("Li Wei").WithRoles(Role.TechLead).Build();
    private static readonly Actor OtherTechLead = new ActorBuilder().WithId("user-he-na").Named("He Na").WithRoles(Role.TechLead).Build();
    private static readonly Actor Finance = new ActorBuilder().WithId("user-zhou-fang").Named("Zhou Fang").WithRoles(Role.Finance).Build();
    private static readonly Actor Admin = new ActorBuilder().WithId("user-tang-min").Named("Tang Min").WithRoles(Role.TeamAdmin).Build();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ItemComments CommentsAs(IHandoffTestDatabase database, Actor? actor) =>
        ActivatorUtilities.CreateInstance<ItemComments>(database.Services, new TestActor(actor));

    private static async Task<List<ItemComment>> StoredCommentsAsync(IHandoffTestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.Set<ItemComment>().AsNoTracking().OrderBy(c => c.CreatedAtUtc).ToListAsync(Cancel);
    }

    private static async Task<List<RevisionEntry>> CommentRevisionsAsync(IHandoffTestDatabase database)
    {
        await using var db = database.NewContext();
        return (await db.Revisions.AsNoTracking().Where(r => r.Kind == RevisionKind.CommentAdded || r.Kind == RevisionKind.CommentEdited)
            .ToListAsync(Cancel)).OrderBy(r => r.AtUtc).ToList();
    }

    /// <summary>An onboarding at Trial whose Rate limit item is assigned to <see cref="TechLead"/> (by a team admin, unlogged), saved.</summary>
    private static async Task<Onboarding> SaveAtTrialWithRateLimitAssignedToTechLeadAsync(IHandoffTestDatabase database)
    {
        var built = new OnboardingBuilder().AtStage(Stage.Trial).Build();
        var assigned = built.ItemByKey(RateLimit);
        built.UpdateItem(assigned.Id, ItemUpdate.From(assigned) with { AssigneeUserId = TechLead.UserId, AssigneeName = TechLead.DisplayName },
            Actors.TeamAdmin, TestClock.Now);
        built.ClearPendingRevisions();
        return await database.SaveAsync(built);
    }

    private static async Task<List<NotificationEvent>> CommentNotificationsAsync(IHandoffTestDatabase database) =>
        (await database.OutboxAsync()).Where(m => m.Type == OutboxTypes.Notification).Select(m => NotificationEvent.FromJson(m.Payload))
            .Where(e => e.Kind == NotificationKind.CommentAdded).ToList();

    [Fact]
    public async Task A_team_member_posts_a_comment_with_its_revision_entry_in_one_save()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);
        using var heard = new HeardChanges(database.Notifier);

        var outcome = await CommentsAs(database, Finance).PostAsync(onboarding.Id, item.Id, CommentVisibility.SharedWithCustomer,
            "Budget allows a higher limit next month", Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Ok, outcome.Message);
        var stored = (await StoredCommentsAsync(database)).Should().ContainSingle().Subject;
        stored.Id.Should().Be(outcome.Value);
        stored.Should().BeEquivalentTo(new
        {
            OnboardingId = onboarding.Id, ItemId = item.Id, AuthorId = Finance.UserId, AuthorName = "Zhou Fang",
            AuthorSide = CommentSide.Team, Visibility = CommentVisibility.SharedWithCustomer, Text = "Budget allows a higher limit next month",
            CreatedAtUtc = database.Clock.GetUtcNow().UtcDateTime,
        });
        var revision = (await CommentRevisionsAsync(database)).Should().ContainSingle().Subject;
        revision.Kind.Should().Be(RevisionKind.CommentAdded);
        revision.ItemId.Should().Be(item.Id);
        revision.ActorId.Should().Be(Finance.UserId);
        revision.After.Should().Be("Budget allows a higher limit next month");
        heard.All.Should().ContainSingle().Which.Should().Be(new WorkspaceChange(onboarding.Id, Finance.UserId));
        (await CommentsAs(database, Actors.Viewer).ThreadAsync(onboarding.Id, item.Id, Cancel)).Should().ContainSingle()
            .Which.Text.Should().Be("Budget allows a higher limit next month", "viewers read comments");
        (await CommentsAs(database, Actors.Viewer).CountsAsync(onboarding.Id, Cancel)).Should().Equal(
            new Dictionary<Guid, int> { [item.Id] = 1 });
    }

    [Fact]
    public async Task A_viewer_or_no_one_signed_in_may_not_comment_and_nothing_is_saved()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);
        var revisions = await database.RevisionCountAsync();

        var viewer = await CommentsAs(database, Actors.Viewer).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Looks fine", Cancel);
        var nobody = await CommentsAs(database, null).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Looks fine", Cancel);

        viewer.Status.Should().Be(OutcomeStatus.Forbidden);
        viewer.Code.Should().Be("comment.not-permitted");
        nobody.Status.Should().Be(OutcomeStatus.Forbidden);
        (await StoredCommentsAsync(database)).Should().BeEmpty();
        (await database.RevisionCountAsync()).Should().Be(revisions);
        (await database.OutboxAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_pasted_key_is_refused_with_the_masked_text_offered_and_nothing_is_saved()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);
        var revisions = await database.RevisionCountAsync();
        var text = $"The customer's test key {RelayKey} hit 429 at 10:02";

        var outcome = await CommentsAs(database, TechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.SharedWithCustomer, text, Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        var secret = outcome.Secrets.Should().ContainSingle().Subject;
        secret.Field.Should().Be(ItemComments.Field);
        secret.Findings.Should().ContainSingle().Which.Kind.Should().Be(SensitiveKind.RelayApiKey);
        var masked = $"sk-{RelayKey[3..7]}**********{RelayKey[^4..]}";
        secret.MaskedText.Should().Be($"The customer's test key {masked} hit 429 at 10:02");
        outcome.Message.Should().NotContain(RelayKey);
        (await StoredCommentsAsync(database)).Should().BeEmpty();
        (await database.RevisionCountAsync()).Should().Be(revisions);
        (await database.OutboxAsync()).Should().BeEmpty();

        var again = await CommentsAs(database, TechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.SharedWithCustomer, secret.MaskedText, Cancel);

        again.Status.Should().Be(OutcomeStatus.Ok, again.Message);
        (await StoredCommentsAsync(database)).Should().ContainSingle().Which.Text.Should().Be(secret.MaskedText);
    }

    [Fact]
    public async Task A_key_pasted_into_an_edit_is_refused_and_the_stored_text_stays()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);
        var posted = await CommentsAs(database, TechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "First", Cancel);

        var outcome = await CommentsAs(database, TechLead).EditAsync(posted.Value, 0, $"Authorization: Bearer {RelayKey}", Cancel);

        outcome.Status.Should().Be(OutcomeStatus.SecretFound);
        (await StoredCommentsAsync(database)).Single().Text.Should().Be("First");
        (await CommentRevisionsAsync(database)).Should().ContainSingle().Which.Kind.Should().Be(RevisionKind.CommentAdded);
    }

    [Fact]
    public async Task A_comment_longer_than_2000_characters_is_refused_before_it_is_scanned()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);

        var outcome = await CommentsAs(database, TechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal,
            new string('x', ItemComment.MaxTextLength + 1), Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Refused);
        outcome.Code.Should().Be("field.too-long");
        outcome.Arguments.Should().Equal(ItemComments.Field, ItemComment.MaxTextLength + 1, ItemComment.MaxTextLength);
        (await StoredCommentsAsync(database)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_owner_role_of_an_unassigned_item_and_earlier_commenters_are_told_never_the_author()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);
        item.AssigneeUserId.Should().BeNull();

        await CommentsAs(database, Finance).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Is the limit enough?", Cancel);
        await CommentsAs(database, Admin).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Asking the customer", Cancel);
        await CommentsAs(database, Finance).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Thanks", Cancel);

        var events = await CommentNotificationsAsync(database);
        events.Should().HaveCount(3);
        events.Should().AllSatisfy(e =>
        {
            e.OnboardingId.Should().Be(onboarding.Id);
            e.ItemId.Should().Be(item.Id);
            e.ItemKey.Should().Be(RateLimit);
            e.Roles.Should().Equal(Role.TechLead);
            e.UserIds.Should().NotContain(e.ActorId);
            e.ToJson().Should().NotContain("Is the limit enough", "a notification names the item and the author, never the text");
        });
        events[0].UserIds.Should().BeEmpty("nobody commented before");
        events[1].ActorId.Should().Be(Admin.UserId);
        events[1].UserIds.Should().Equal(Finance.UserId);
        events[2].ActorId.Should().Be(Finance.UserId);
        events[2].UserIds.Should().Equal(Admin.UserId);
    }

    [Fact]
    public async Task A_comment_on_an_item_whose_assignee_has_left_the_team_is_told_to_the_holders_of_its_owner_role()
    {
        await using var database = await CreateDatabaseAsync();
        await database.AddPersonAsync(TechLead);
        await database.AddPersonAsync(OtherTechLead);
        await database.AddPersonAsync(Finance);
        await database.TakeRolesAwayAsync(TechLead.UserId);
        var onboarding = await SaveAtTrialWithRateLimitAssignedToTechLeadAsync(database);
        var item = onboarding.ItemByKey(RateLimit);

        await CommentsAs(database, Finance).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Is the limit enough?", Cancel);

        var told = (await CommentNotificationsAsync(database)).Should().ContainSingle().Subject;
        told.Roles.Should().Equal(Role.TechLead);
        told.UserIds.Should().BeEmpty();
        await database.Dispatcher("comments-test").DrainAsync();
        (await database.NotificationsAsync()).Where(n => n.Kind == NotificationKind.CommentAdded).Select(n => n.RecipientId)
            .Should().Equal(OtherTechLead.UserId);
    }

    [Fact]
    public async Task An_assigned_items_assignee_is_told_instead_of_the_whole_owner_role_and_the_author_hears_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await SaveAtTrialWithRateLimitAssignedToTechLeadAsync(database);
        var item = onboarding.ItemByKey(RateLimit);
        // The assignee is on the team (one who has left is replaced by the owner role: the test above).
        await database.AddPersonAsync(TechLead, language: "zh-CN");
        await database.AddPersonAsync(OtherTechLead);
        await database.AddPersonAsync(new ActorBuilder().WithId("user-third").Named("Third").WithRoles(Role.TechLead).Build());

        await CommentsAs(database, OtherTechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "I can take this one", Cancel);
        await CommentsAs(database, TechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "Mine, thanks", Cancel);

        var events = await CommentNotificationsAsync(database);
        events[0].Roles.Should().BeEmpty();
        events[0].UserIds.Should().Equal(TechLead.UserId);
        events[1].Roles.Should().BeEmpty();
        events[1].UserIds.Should().Equal([OtherTechLead.UserId], "the assignee wrote it: only the earlier commenter is told");

        // Delivered: each recipient once, in their language; another tech lead (not assigned, not in the thread) hears nothing.
        await database.Dispatcher("comments-test").RunOnceAsync(Cancel);
        var inbox = (await database.NotificationsAsync()).Where(n => n.Kind == NotificationKind.CommentAdded).ToList();
        inbox.Select(n => n.RecipientId).Should().BeEquivalentTo([TechLead.UserId, OtherTechLead.UserId]);
        inbox.Single(n => n.RecipientId == TechLead.UserId).Subject.Should().Contain("He Na").And.Contain("评论");
        inbox.Single(n => n.RecipientId == OtherTechLead.UserId).Subject.Should().Contain("Li Wei commented on");
        inbox.Should().AllSatisfy(n => n.Link.Should().EndWith($"#item-{RateLimit}"));
    }

    [Fact]
    public async Task Only_the_author_edits_and_the_earlier_text_is_kept_in_the_revision_log()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(RateLimit);
        var posted = await CommentsAs(database, TechLead).PostAsync(onboarding.Id, item.Id, CommentVisibility.Internal, "429 at 10:02", Cancel);
        var outboxRows = (await database.OutboxAsync()).Count;

        var byAdmin = await CommentsAs(database, Admin).EditAsync(posted.Value, 0, "Rewritten by someone else", Cancel);
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        var byAuthor = await CommentsAs(database, TechLead).EditAsync(posted.Value, 0, "429 at 10:02, retry-after 20 s", Cancel);
        var stale = await CommentsAs(database, TechLead).EditAsync(posted.Value, 0, "From an older tab", Cancel);

        byAdmin.Status.Should().Be(OutcomeStatus.Forbidden);
        byAdmin.Code.Should().Be("comment.edit-not-permitted");
        byAuthor.Status.Should().Be(OutcomeStatus.Ok, byAuthor.Message);
        stale.Status.Should().Be(OutcomeStatus.Conflict);
        stale.Conflicts.Should().ContainSingle().Which.Stored.Should().Be("429 at 10:02, retry-after 20 s");
        var stored = (await StoredCommentsAsync(database)).Single();
        stored.Text.Should().Be("429 at 10:02, retry-after 20 s");
        stored.Version.Should().Be(1);
        stored.EditedAtUtc.Should().Be(database.Clock.GetUtcNow().UtcDateTime);
        var revisions = await CommentRevisionsAsync(database);
        revisions.Select(r => r.Kind).Should().Equal(RevisionKind.CommentAdded, RevisionKind.CommentEdited);
        revisions[1].Before.Should().Be("429 at 10:02");
        revisions[1].After.Should().Be("429 at 10:02, retry-after 20 s");
        revisions[1].ActorId.Should().Be(TechLead.UserId);
        (await database.OutboxAsync()).Should().HaveCount(outboxRows, "an edit notifies nobody");
    }

    [Fact]
    public async Task A_guest_whose_invitation_was_revoked_may_no_longer_edit_their_shared_comment()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        var item = onboarding.ItemByKey(MinimalRequest);
        var invited = new Actor("guest-1", "ops@acme.example", [], new GuestScope([new GuestGrant(onboarding.Id, GuestSide.Technical)]));
        var posted = await CommentsAs(database, invited).PostAsync(onboarding.Id, item.Id, CommentVisibility.SharedWithCustomer,
            "200 from the office network", Cancel);
        posted.Status.Should().Be(OutcomeStatus.Ok, posted.Message);

        // The invitation is revoked: the same guest now reaches nothing of the onboarding.
        var revoked = new Actor("guest-1", "ops@acme.example", [], new GuestScope([]));
        var outcome = await CommentsAs(database, revoked).EditAsync(posted.Value, 0, "Rewritten after the revocation", Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Forbidden, outcome.Message);
        var stored = (await StoredCommentsAsync(database)).Single();
        stored.Text.Should().Be("200 from the office network");
        stored.Version.Should().Be(0);
        (await CommentRevisionsAsync(database)).Should().ContainSingle().Which.Kind.Should().Be(RevisionKind.CommentAdded);
    }

    [Fact]
    public async Task The_database_refuses_to_delete_a_comment()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().AtStage(Stage.Trial).Build());
        await CommentsAs(database, TechLead).PostAsync(onboarding.Id, onboarding.ItemByKey(RateLimit).Id, CommentVisibility.Internal, "Kept", Cancel);

        using var connection = database.OpenRawConnection();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM \"ItemComments\"";
        var act = () => delete.ExecuteNonQuery();

        act.Should().Throw<DbException>().WithMessage("*append-only*");
        (await StoredCommentsAsync(database)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_cancelled_onboarding_takes_no_comments()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().CancelledFrom(Stage.Trial).Build());

        var outcome = await CommentsAs(database, TechLead).PostAsync(onboarding.Id, onboarding.ItemByKey(RateLimit).Id,
            CommentVisibility.Internal, "Too late", Cancel);

        outcome.Status.Should().Be(OutcomeStatus.Refused);
        outcome.Code.Should().Be("onboarding.cancelled");
        (await StoredCommentsAsync(database)).Should().BeEmpty();
    }

    [Fact]
    public async Task Items_stored_before_sharing_existed_are_backfilled_from_their_template_by_key()
    {
        await using var database = await CreateDatabaseAsync();
        var onboarding = await database.SaveAsync(new OnboardingBuilder().WithScenario(Scenario.ContractOrCorporatePayment).Build());
        await using (var db = database.NewContext())
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var previous = migrations[migrations.FindIndex(m => m.EndsWith("_ItemComments", StringComparison.Ordinal)) - 1];
            await migrator.MigrateAsync(previous, Cancel);
            (await db.Database.GetPendingMigrationsAsync(Cancel)).Should().ContainSingle(m => m.EndsWith("_ItemComments", StringComparison.Ordinal));
            await migrator.MigrateAsync(cancellationToken: Cancel);
        }

        var stored = await database.LoadAsync(onboarding.Id);
        stored.Items.Should().HaveCount(onboarding.Items.Count);
        foreach (var item in stored.Items)
        {
            var template = ChecklistTemplates.Find(item.Key)!;
            item.CustomerSide.Should().Be(template.CustomerSide, item.Key);
            item.CustomerRole.Should().Be(template.CustomerRole, item.Key);
        }
    }
}

/// <summary>Every test of <see cref="ItemCommentServiceTests"/> again, on a PostgreSQL database of its own (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class ItemCommentServiceTestsOnPostgreSql : ItemCommentServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
