using Alltkn.Handoff.Domain.Comments;

namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// What a person is typing into one item's comment thread (a new comment and its visibility, the edit of one of their
/// comments), held by the page as <see cref="ItemDraft"/> is, not by the thread: a live reload can discard the item's row
/// and its thread (someone moved the onboarding on and the item's stage folded, or the item left "only my items"), and
/// what was typed must not go with them. The page holds one for each item whose thread is open; the thread opens again
/// with it when the row is shown again.
/// </summary>
public sealed class CommentDraft
{
    /// <summary>The new comment's text.</summary>
    public string? Text { get; set; }

    public CommentVisibility Visibility { get; set; } = CommentVisibility.Internal;

    /// <summary>The person's comment being edited, as of the version the edit started from (or was reloaded at); null when none is.</summary>
    public ItemComment? Editing { get; set; }

    public string? EditText { get; set; }

    /// <summary>The comment's text as stored when it was reloaded after a conflict (what saving will replace); null otherwise.</summary>
    public string? EditReloadedText { get; set; }

    /// <summary>The new comment was posted: the composer starts empty again.</summary>
    public void Posted()
    {
        Text = null;
        Visibility = CommentVisibility.Internal;
    }

    public void StartEdit(ItemComment comment)
    {
        Editing = comment;
        EditText = comment.Text;
        EditReloadedText = null;
    }

    public void EndEdit()
    {
        Editing = null;
        EditText = null;
        EditReloadedText = null;
    }
}
