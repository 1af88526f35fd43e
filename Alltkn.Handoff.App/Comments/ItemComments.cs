using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Comments;

/// <summary>
/// Comments on checklist items (issue 11, point 4), for the team now and the customer's guests later. Each change runs
/// the pipeline of <see cref="OnboardingService"/>: who is acting (roles as stored now), the permission (any role but
/// Viewer writes; every role reads, viewers included; only the author edits), the secret screen on the text (a pasted
/// key is refused with the masked text offered; nothing is saved), the domain acts, then the comment, its revision entry
/// and its notification outbox rows are saved in one transaction, and open pages of the onboarding are told.
/// </summary>
public sealed class ItemComments(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    ChangeNotifier notifier,
    TimeProvider clock,
    ILogger<ItemComments> logger)
{
    /// <summary>The name the screen and the refusals give the comment's text.</summary>
    public const string Field = "Comment";

    private const int Attempts = 5;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>How many comments each item of the onboarding has (items without any are left out): one grouped query.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> CountsAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { } actor || !HandoffPolicy.MayReadOnboarding(actor, onboardingId))
        {
            return new Dictionary<Guid, int>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (actor.IsGuest)
        {
            // A guest counts what they may read: shared comments of the items shared with their side.
            var items = await db.HandoffItems.AsNoTracking().Where(i => i.OnboardingId == onboardingId).ToListAsync(cancellationToken);
            var visible = items.Where(i => HandoffPolicy.MayReadComment(actor, i, CommentVisibility.SharedWithCustomer)).Select(i => i.Id).ToArray();
            return await db.Set<ItemComment>().AsNoTracking()
                .Where(c => c.OnboardingId == onboardingId && c.Visibility == CommentVisibility.SharedWithCustomer && visible.Contains(c.ItemId))
                .GroupBy(c => c.ItemId)
                .Select(g => new { ItemId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.ItemId, x => x.Count, cancellationToken);
        }
        return await db.Set<ItemComment>().AsNoTracking()
            .Where(c => c.OnboardingId == onboardingId)
            .GroupBy(c => c.ItemId)
            .Select(g => new { ItemId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ItemId, x => x.Count, cancellationToken);
    }

    /// <summary>
    /// An item's thread, oldest first, as far as the person may read it (<see cref="HandoffPolicy.MayReadComment"/>: the
    /// team every comment, a guest the shared comments of items shared with their side); empty for a person who may not read.
    /// </summary>
    public async Task<IReadOnlyList<ItemComment>> ThreadAsync(Guid onboardingId, Guid itemId, CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { } actor || !HandoffPolicy.MayReadOnboarding(actor, onboardingId))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.HandoffItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.OnboardingId == onboardingId, cancellationToken);
        if (item is null)
        {
            return [];
        }
        var thread = await db.Set<ItemComment>().AsNoTracking()
            .Where(c => c.OnboardingId == onboardingId && c.ItemId == itemId)
            .OrderBy(c => c.CreatedAtUtc).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return thread.Where(c => HandoffPolicy.MayReadComment(actor, item, c.Visibility)).ToList();
    }

    /// <summary>
    /// Posts a comment on an item. Its owner (the assignee, or the owner role when no one is assigned) and the people who
    /// commented on the item before are notified; never the author.
    /// </summary>
    public async Task<Outcome<Guid>> PostAsync(Guid onboardingId, Guid itemId, CommentVisibility visibility, string? text,
        CancellationToken cancellationToken = default)
    {
        const string action = "comment on an item";
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Outcome<Guid>.From(Refusals.NotSignedIn(logger, action));
        }
        if (!HandoffPolicy.MayComment(actor))
        {
            return Outcome<Guid>.From(Refusals.Forbidden(logger, actor, action, "comment.not-permitted", "Viewers read comments; they do not write them."));
        }
        if (Screen(text) is { } screened)
        {
            return Outcome<Guid>.From(screened);
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var onboarding = await db.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery()
                    .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
                if (onboarding is null)
                {
                    return Outcome<Guid>.From(OnboardingNotFound());
                }
                var comment = ItemComment.Post(onboarding, itemId, actor, visibility, text, Now);
                // The team's people in the thread: a guest is never notified (a notification could carry an internal remark).
                var earlier = await db.Set<ItemComment>().AsNoTracking()
                    .Where(c => c.ItemId == itemId && c.AuthorSide == CommentSide.Team).Select(c => c.AuthorId).Distinct().ToListAsync(cancellationToken);
                db.Add(comment);
                db.Revisions.AddRange(comment.PendingRevisions);
                await NotificationOutbox.AddAsync(db,
                    [NotificationRules.CommentAdded(onboarding, onboarding.Item(itemId), actor, earlier)], Now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                comment.ClearPendingRevisions();
                Publish(onboarding, actor);
                return Outcome<Guid>.Ok(comment.Id);
            }
            catch (DomainException refusal)
            {
                return Outcome<Guid>.From(Refusals.Answer(logger, actor, action, refusal));
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < Attempts)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
            catch (Exception failure) when (IsStorageFailure(failure))
            {
                return Outcome<Guid>.From(SaveFailed(failure, actor, action));
            }
        }
    }

    /// <summary>
    /// The author rewords their comment, as of the version they saw; the earlier text is kept in the revision log. If it
    /// was edited meanwhile (in another tab), nothing is saved and the conflict shows what is stored now. The author must
    /// still be allowed to post it (<see cref="ItemComment.Refusal"/>): a guest's access is the one they have now.
    /// </summary>
    public async Task<Outcome> EditAsync(Guid commentId, int expectedVersion, string? text, CancellationToken cancellationToken = default)
    {
        const string action = "edit a comment";
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Refusals.NotSignedIn(logger, action);
        }
        if (Screen(text) is { } screened)
        {
            return screened;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var comment = await db.Set<ItemComment>().FirstOrDefaultAsync(c => c.Id == commentId, cancellationToken);
                if (comment is null)
                {
                    return Outcome.NotFound("That comment does not exist. Reload the thread.");
                }
                if (!string.Equals(comment.AuthorId, actor.UserId, StringComparison.Ordinal))
                {
                    return Refusals.Forbidden(logger, actor, action, "comment.edit-not-permitted", "Only the author may edit a comment.", comment.AuthorName);
                }
                var item = await db.HandoffItems.AsNoTracking().Where(i => i.Id == comment.ItemId)
                    .Select(i => new { Item = i, Cancelled = db.Onboardings.Any(o => o.Id == i.OnboardingId && o.Stage == Stage.Cancelled) })
                    .SingleAsync(cancellationToken);
                // The rule of posting, asked of the item as it is and the author's access as it is now (a guest whose
                // invitation was revoked no longer reaches the item), before a conflict would show them the stored text.
                if (ItemComment.Refusal(actor, item.Item, comment.Visibility) is { } refused)
                {
                    return Refusals.Answer(logger, actor, action, refused);
                }
                if (item.Cancelled)
                {
                    return new Outcome
                    {
                        Status = OutcomeStatus.Refused, Code = "onboarding.cancelled",
                        Message = "This onboarding was cancelled; it can be read but no longer changed.", Arguments = [null],
                    };
                }
                if (comment.Version != expectedVersion)
                {
                    return Conflict(comment, text);
                }
                if (!comment.Edit(text, actor, item.Item, Now))
                {
                    return Outcome.Ok();
                }
                db.Revisions.AddRange(comment.PendingRevisions);
                await db.SaveChangesAsync(cancellationToken);
                comment.ClearPendingRevisions();
                notifier.Publish(new WorkspaceChange(comment.OnboardingId, actor.UserId) { EvidenceOnly = true });
                return Outcome.Ok();
            }
            catch (DomainException refusal)
            {
                return Refusals.Answer(logger, actor, action, refusal);
            }
            catch (DbUpdateConcurrencyException)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var stored = await db.Set<ItemComment>().AsNoTracking().FirstAsync(c => c.Id == commentId, cancellationToken);
                return Conflict(stored, text);
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < Attempts)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
            catch (Exception failure) when (IsStorageFailure(failure))
            {
                return SaveFailed(failure, actor, action);
            }
        }
    }

    /// <summary>
    /// The public boundary on the text: longer than a comment may be is refused before anything is scanned (as
    /// <see cref="SecretScreen"/> refuses an over-long field); a secret is refused with what was found and the masked text.
    /// </summary>
    public static Outcome? Screen(string? text)
    {
        var length = text.AsSpan().Trim().Length;
        if (length > ItemComment.MaxTextLength)
        {
            return new Outcome
            {
                Status = OutcomeStatus.Refused,
                Code = "field.too-long",
                Message = $"{Field} is {length} characters long; at most {ItemComment.MaxTextLength} are allowed. Nothing was saved: "
                          + "shorten it (what you typed is kept) and post again.",
                Arguments = [Field, length, ItemComment.MaxTextLength],
            };
        }
        return SecretScreen.Screen([(Field, text)]);
    }

    /// <summary>
    /// Open pages of the onboarding reload (the thread shows the comment live). A routing hint like an evidence-only
    /// change: the lists that show no comments (dashboard, onboardings, go-live) are not touched.
    /// </summary>
    private void Publish(Onboarding onboarding, Actor actor) =>
        notifier.Publish(new WorkspaceChange(onboarding.Id, actor.UserId) { Stages = [onboarding.Stage], EvidenceOnly = true });

    private static Outcome Conflict(ItemComment stored, string? theirs) =>
        Outcome.Conflict(
            "This comment was edited elsewhere since you opened it; nothing was saved. Reload it (what you typed is kept) and edit again.",
            [new ConflictDetail(Field, theirs?.Trim(), stored.Text, stored.AuthorName)]);

    private static Outcome OnboardingNotFound() =>
        Outcome.NotFound("That onboarding does not exist (it may have been removed). Go back to the list.");

    private static bool IsStorageFailure(Exception exception) => StorageFailure.Is(exception);

    private Outcome SaveFailed(Exception failure, Actor actor, string action)
    {
        logger.LogError(failure, "Saving failed: {Actor} tried to {Action}", actor, action);
        return Outcome.Failed(
            "The comment could not be saved (the database refused it); nothing was saved and what you typed is kept. Try again in a moment; if it keeps failing, tell your team admin.");
    }
}
