using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.Domain.Comments;

/// <summary>
/// One comment on a checklist item (issue 11, point 4): an aggregate of its own, not part of <see cref="Onboarding"/>.
/// Comments never change the checklist, its gates or its summary, so a comment neither loads the onboarding's items to
/// save nor contends with the item's version; a thread is read only when it is opened. Append-only: there is no delete,
/// the visibility is fixed when posted (an internal remark never becomes shared by an edit), and an edit by the author
/// keeps the earlier text in a revision entry. Every change adds entries to <see cref="PendingRevisions"/> for the
/// persistence layer to store, as <see cref="Onboarding"/> does.
/// </summary>
public sealed class ItemComment
{
    public const int MaxTextLength = 2000;

    private readonly List<RevisionEntry> _pendingRevisions = [];

    private ItemComment()
    {
        AuthorId = AuthorName = Text = "";
    }

    private ItemComment(HandoffItem item, Actor author, CommentSide side, CommentVisibility visibility, string text, DateTime nowUtc) : this()
    {
        Id = Guid.CreateVersion7();
        OnboardingId = item.OnboardingId;
        ItemId = item.Id;
        AuthorId = author.UserId;
        AuthorName = author.DisplayName;
        AuthorSide = side;
        Visibility = visibility;
        Text = text;
        CreatedAtUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
    }

    public Guid Id { get; private set; }

    public Guid OnboardingId { get; private set; }

    public Guid ItemId { get; private set; }

    public string AuthorId { get; private set; }

    public string AuthorName { get; private set; }

    public CommentSide AuthorSide { get; private set; }

    public CommentVisibility Visibility { get; private set; }

    public string Text { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When the author last edited the text (null: never edited).</summary>
    public DateTime? EditedAtUtc { get; private set; }

    /// <summary>Concurrency token, raised by every edit.</summary>
    public int Version { get; private set; }

    /// <summary>Revision entries of changes not yet stored.</summary>
    public IReadOnlyList<RevisionEntry> PendingRevisions => _pendingRevisions.AsReadOnly();

    public void ClearPendingRevisions() => _pendingRevisions.Clear();

    /// <summary>
    /// A comment on <paramref name="item"/> of <paramref name="onboarding"/> (a cancelled onboarding is read-only), by a
    /// team member or a guest of the customer (shared only, on items they see: <see cref="HandoffPolicy.MayComment(Actor, HandoffItem, CommentVisibility)"/>).
    /// The text is trimmed, required, and at most <see cref="MaxTextLength"/> characters.
    /// </summary>
    public static ItemComment Post(Onboarding onboarding, Guid itemId, Actor author, CommentVisibility visibility, string? text, DateTime nowUtc)
    {
        if (!HandoffPolicy.MayComment(author))
        {
            throw new DomainException("comment.not-permitted", "Viewers read comments; they do not write them.");
        }
        if (onboarding.IsClosed)
        {
            throw new DomainException("onboarding.cancelled",
                $"This onboarding was cancelled ({onboarding.CancelReason}); it can be read but no longer changed.", onboarding.CancelReason);
        }
        if (!Enum.IsDefined(visibility))
        {
            throw new DomainException("comment.visibility", "Say whether the comment is internal or shared with the customer.");
        }
        var item = onboarding.Item(itemId);
        if (Refusal(author, item, visibility) is { } refusal)
        {
            throw refusal;
        }
        var comment = new ItemComment(item, author, author.IsGuest ? CommentSide.Customer : CommentSide.Team, visibility, Clean(text), nowUtc);
        comment._pendingRevisions.Add(RevisionEntry.By(author, nowUtc, item.OnboardingId, RevisionKind.CommentAdded, item.Title,
            after: comment.Text, itemId: item.Id));
        return comment;
    }

    /// <summary>
    /// The author rewords their comment on <paramref name="item"/>; the earlier text is kept as the revision entry's before.
    /// Returns false when the text is the same. Nobody else may edit it, and nobody may delete it. The author must still
    /// be allowed to post it as it is (<see cref="Refusal(Actor, HandoffItem, CommentVisibility)"/>, the rule of
    /// <see cref="Post"/>): a guest whose invitation was revoked, or whose side no longer covers the item, no longer
    /// rewrites what they wrote.
    /// </summary>
    public bool Edit(string? text, Actor actor, HandoffItem item, DateTime nowUtc)
    {
        if (item.Id != ItemId)
        {
            throw new ArgumentException($"Comment {Id} is on item {ItemId}, not on item {item.Id}.", nameof(item));
        }
        if (!string.Equals(actor.UserId, AuthorId, StringComparison.Ordinal))
        {
            throw new DomainException("comment.edit-not-permitted", "Only the author may edit a comment.", AuthorName);
        }
        if (Refusal(actor, item, Visibility) is { } refusal)
        {
            throw refusal;
        }
        var cleaned = Clean(text);
        if (cleaned == Text)
        {
            return false;
        }
        _pendingRevisions.Add(RevisionEntry.By(actor, nowUtc, OnboardingId, RevisionKind.CommentEdited, item.Title,
            before: Text, after: cleaned, itemId: ItemId));
        Text = cleaned;
        EditedAtUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        Version++;
        return true;
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not write a comment of <paramref name="visibility"/> on <paramref name="item"/>
    /// (<see cref="HandoffPolicy.MayComment(Actor, HandoffItem, CommentVisibility)"/>), posting or editing alike; null when they may.
    /// </summary>
    public static DomainException? Refusal(Actor actor, HandoffItem item, CommentVisibility visibility) =>
        HandoffPolicy.MayComment(actor, item, visibility) ? null
        : actor.IsGuest ? new DomainException("comment.guest-not-permitted",
            "A guest of the customer writes only comments shared with the customer, on the items shared with their side.")
        : new DomainException("comment.not-permitted", "Viewers read comments; they do not write them.");

    private static string Clean(string? text) =>
        Common.Text.Required(text, "Comment", MaxTextLength);
}
