using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Issue 11, point 4: comments on items are append-only; an edit by the author keeps the earlier text as a revision
/// entry; the text is required and at most 2,000 characters; viewers read and never write.
/// </summary>
public sealed class ItemCommentTests
{
    private static readonly DateTime Now = TestClock.Now;

    private readonly Onboarding _onboarding = new OnboardingBuilder().AtStage(Stage.Trial).Build();

    private HandoffItem Item => _onboarding.ItemByKey("trial.rate-limit");

    private ItemComment Post(Actor author, string text = "429 seen at 10:02 on gpt-4o-mini; retry-after honoured",
        CommentVisibility visibility = CommentVisibility.Internal) =>
        ItemComment.Post(_onboarding, Item.Id, author, visibility, text, Now);

    [Fact]
    public void Posting_records_who_when_where_and_a_comment_added_revision()
    {
        var comment = Post(Actors.TechLead, "  Retry-after honoured  ", CommentVisibility.SharedWithCustomer);

        comment.Should().BeEquivalentTo(new
        {
            OnboardingId = _onboarding.Id,
            ItemId = Item.Id,
            AuthorId = Actors.TechLead.UserId,
            AuthorName = Actors.TechLead.DisplayName,
            AuthorSide = CommentSide.Team,
            Visibility = CommentVisibility.SharedWithCustomer,
            Text = "Retry-after honoured",
            CreatedAtUtc = Now,
            EditedAtUtc = (DateTime?)null,
            Version = 0,
        });
        var revision = comment.PendingRevisions.Should().ContainSingle().Subject;
        revision.Kind.Should().Be(RevisionKind.CommentAdded);
        revision.Subject.Should().Be(Item.Title);
        revision.ItemId.Should().Be(Item.Id);
        revision.OnboardingId.Should().Be(_onboarding.Id);
        revision.After.Should().Be("Retry-after honoured");
        revision.ActorId.Should().Be(Actors.TechLead.UserId);
    }

    [Fact]
    public void An_edit_by_the_author_keeps_the_earlier_text_as_a_revision_entry()
    {
        var comment = Post(Actors.TechLead, "First words");
        comment.ClearPendingRevisions();

        var changed = comment.Edit("Better words", Actors.TechLead, Item, Now.AddMinutes(5));

        changed.Should().BeTrue();
        comment.Text.Should().Be("Better words");
        comment.EditedAtUtc.Should().Be(Now.AddMinutes(5));
        comment.CreatedAtUtc.Should().Be(Now);
        comment.Version.Should().Be(1);
        var revision = comment.PendingRevisions.Should().ContainSingle().Subject;
        revision.Kind.Should().Be(RevisionKind.CommentEdited);
        revision.Before.Should().Be("First words");
        revision.After.Should().Be("Better words");
        revision.ItemId.Should().Be(Item.Id);
    }

    [Fact]
    public void The_same_text_again_is_no_edit()
    {
        var comment = Post(Actors.TechLead, "Words");
        comment.ClearPendingRevisions();

        comment.Edit(" Words ", Actors.TechLead, Item, Now).Should().BeFalse();

        comment.PendingRevisions.Should().BeEmpty();
        comment.Version.Should().Be(0);
        comment.EditedAtUtc.Should().BeNull();
    }

    [Fact]
    public void Nobody_but_the_author_edits_a_comment_not_even_a_team_admin()
    {
        var comment = Post(Actors.TechLead, "Mine");
        comment.ClearPendingRevisions();

        var edit = () => comment.Edit("Theirs", Actors.TeamAdmin, Item, Now);

        edit.Should().Throw<DomainException>().Which.Code.Should().Be("comment.edit-not-permitted");
        comment.Text.Should().Be("Mine");
        comment.PendingRevisions.Should().BeEmpty();
    }

    [Fact]
    public void Comments_can_be_neither_deleted_nor_made_shared_by_an_edit()
    {
        var mutators = typeof(ItemComment).GetMethods().Where(m => m.DeclaringType == typeof(ItemComment) && !m.IsSpecialName)
            .Select(m => m.Name).ToArray();

        mutators.Should().NotContain(name => name.Contains("Delete") || name.Contains("Remove") || name.Contains("Visibility"));
        typeof(ItemComment).GetProperty(nameof(ItemComment.Visibility))!.SetMethod!.IsPublic.Should().BeFalse();
        typeof(ItemComment).GetProperty(nameof(ItemComment.Text))!.SetMethod!.IsPublic.Should().BeFalse();
    }

    [Theory]
    [InlineData(ItemComment.MaxTextLength, true)]
    [InlineData(ItemComment.MaxTextLength + 1, false)]
    public void A_comment_holds_at_most_2000_characters(int length, bool accepted)
    {
        var post = () => Post(Actors.TechLead, new string('x', length));

        if (accepted)
        {
            post().Text.Should().HaveLength(ItemComment.MaxTextLength);
        }
        else
        {
            post.Should().Throw<DomainException>().Which.Code.Should().Be("field.too-long");
        }
    }

    [Fact]
    public void An_edit_longer_than_2000_characters_or_blank_is_refused_and_changes_nothing()
    {
        var comment = Post(Actors.TechLead, "Short");
        comment.ClearPendingRevisions();

        FluentActions.Invoking(() => comment.Edit(new string('y', ItemComment.MaxTextLength + 1), Actors.TechLead, Item, Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("field.too-long");
        FluentActions.Invoking(() => comment.Edit("   ", Actors.TechLead, Item, Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("field.required");
        comment.Text.Should().Be("Short");
        comment.PendingRevisions.Should().BeEmpty();
    }

    [Fact]
    public void A_blank_comment_is_refused()
    {
        FluentActions.Invoking(() => Post(Actors.TechLead, "  ")).Should().Throw<DomainException>().Which.Code.Should().Be("field.required");
    }

    [Fact]
    public void A_viewer_reads_but_does_not_comment_and_every_other_role_may()
    {
        FluentActions.Invoking(() => Post(Actors.Viewer)).Should().Throw<DomainException>().Which.Code.Should().Be("comment.not-permitted");
        foreach (var role in new[] { Role.TeamAdmin, Role.TechLead, Role.Finance, Role.ReleaseOwner })
        {
            Post(Actors.For(role)).AuthorId.Should().Be(Actors.For(role).UserId, "any team role may comment, whoever owns the item");
        }
    }

    [Fact]
    public void A_cancelled_onboarding_takes_no_comments()
    {
        var cancelled = new OnboardingBuilder().CancelledFrom(Stage.Trial).Build();

        var post = () => ItemComment.Post(cancelled, cancelled.ItemByKey("trial.rate-limit").Id, Actors.TechLead,
            CommentVisibility.Internal, "Too late", Now);

        post.Should().Throw<DomainException>().Which.Code.Should().Be("onboarding.cancelled");
    }

    [Fact]
    public void A_comment_on_an_item_of_another_onboarding_is_refused()
    {
        var other = new OnboardingBuilder().Build();

        var post = () => ItemComment.Post(_onboarding, other.Items.First().Id, Actors.TechLead, CommentVisibility.Internal, "Wrong place", Now);

        post.Should().Throw<DomainException>().Which.Code.Should().Be("item.not-found");
    }
}
