using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// What notifies whom, from an onboarding before and after one change and the change's revision entries (issue 10,
/// point 2). A question answered without a database: the outbox writes what it answers in the change's transaction.
/// </summary>
public static class NotificationRules
{
    private static readonly Role[] WindowAudience = [Role.ReleaseOwner, Role.TechLead, Role.TeamAdmin];

    public static IReadOnlyList<PlannedNotification> For(Onboarding onboarding, OnboardingBefore before, Actor actor)
    {
        var planned = new List<PlannedNotification>();
        foreach (var revision in onboarding.PendingRevisions)
        {
            switch (revision.Kind)
            {
                case RevisionKind.OnboardingCreated:
                    planned.Add(StageStarted(onboarding, onboarding.Stage, actor));
                    break;
                case RevisionKind.StageMoved when Enum.TryParse<Move>(revision.Subject, out var move):
                    planned.AddRange(AfterMove(onboarding, move, actor));
                    break;
                case RevisionKind.FieldChanged when revision.Subject == nameof(OnboardingField.GoLiveWindow):
                    planned.Add(new PlannedNotification(Event(onboarding, NotificationKind.GoLiveWindowChanged, actor, null, WindowAudience, [])));
                    break;
            }
        }
        foreach (var item in onboarding.Items.OrderBy(i => i.SortOrder))
        {
            var was = before.Items.GetValueOrDefault(item.Id);
            if (item.AssigneeUserId is { } assignee && assignee != was?.AssigneeUserId)
            {
                planned.Add(new PlannedNotification(Event(onboarding, NotificationKind.ItemAssigned, actor, item, [], [assignee])));
            }
        }
        if (WaitingOn(onboarding, before, actor) is { } waiting)
        {
            planned.Add(waiting);
        }
        return planned;
    }

    private static IEnumerable<PlannedNotification> AfterMove(Onboarding onboarding, Move move, Actor actor)
    {
        var assigned = Assignees(onboarding);
        switch (move)
        {
            case Move.StartTrial or Move.ConfirmTrial or Move.StartInvoiceAndContract or Move.StartGoLive:
                yield return StageStarted(onboarding, onboarding.Stage, actor);
                break;
            case Move.SignOffGoLive:
                yield return new PlannedNotification(Event(onboarding, NotificationKind.SignedOff, actor, null,
                    [Role.TeamAdmin, .. OwnersOf(onboarding, Stage.Live)], assigned));
                break;
            case Move.Hold:
                yield return new PlannedNotification(Event(onboarding, NotificationKind.OnHold, actor, null, [], assigned));
                break;
            case Move.Resume:
                yield return new PlannedNotification(Event(onboarding, NotificationKind.Resumed, actor, null, [], assigned));
                break;
            case Move.Cancel:
                yield return new PlannedNotification(Event(onboarding, NotificationKind.Cancelled, actor, null, [], assigned));
                break;
            case Move.Rollback:
                yield return new PlannedNotification(Event(onboarding, NotificationKind.RolledBack, actor, null, [], assigned));
                break;
        }
    }

    /// <summary>A stage started: the roles owning its items (and the people assigned to them) have current work.</summary>
    private static PlannedNotification StageStarted(Onboarding onboarding, Stage stage, Actor actor) =>
        new(Event(onboarding, NotificationKind.StageStarted, actor, null, OwnersOf(onboarding, stage),
            [.. onboarding.ItemsOf(stage).Select(i => i.AssigneeUserId).OfType<string>().Distinct()]));

    /// <summary>
    /// "Waiting on you": this change settled an item, and now the forward move is held only by items (and go-live
    /// fields) of one role, not all of which were that role's before. Those owners are told once per onboarding and stage.
    /// </summary>
    private static PlannedNotification? WaitingOn(Onboarding onboarding, OnboardingBefore before, Actor actor)
    {
        if (!onboarding.Stage.IsActive() || (before.Stage is { } was && was != onboarding.Stage))
        {
            return null;
        }
        var settledNow = onboarding.Items
            .Where(i => i.IsSettled && before.Items.TryGetValue(i.Id, out var was) && !was.Status.IsSettled())
            .ToArray();
        if (settledNow.Length == 0)
        {
            return null;
        }
        return WaitingFor(onboarding, actor, settledNow);
    }

    /// <summary>
    /// "Waiting on you" when the gate owner tries a forward move and is refused: if only items (and go-live fields) of one
    /// role hold the gate, those owners are told, once per onboarding and stage (the same once as <see cref="WaitingOn"/>).
    /// </summary>
    public static PlannedNotification? WhenMoveRefused(Onboarding onboarding, Move move, Actor actor) =>
        move is Move.StartTrial or Move.ConfirmTrial or Move.StartInvoiceAndContract or Move.StartGoLive or Move.SignOffGoLive
        && onboarding.Stage.IsActive()
            ? WaitingFor(onboarding, actor, settledNow: [])
            : null;

    private static PlannedNotification? WaitingFor(Onboarding onboarding, Actor actor, IReadOnlyList<HandoffItem> settledNow)
    {
        var reasons = onboarding.GateReasons();
        if (reasons.Count == 0 || reasons.Any(r => r.OwnerRole is null))
        {
            return null;
        }
        var roles = reasons.Select(r => r.OwnerRole!.Value).Distinct().ToArray();
        if (roles.Length != 1 || (settledNow.Count > 0 && settledNow.All(i => i.OwnerRole == roles[0])))
        {
            return null;
        }
        var role = roles[0];
        var blocking = reasons.Where(r => r.Code == UnmetReasonCode.ItemNotDone)
            .Select(r => onboarding.Items.FirstOrDefault(i => i.Key == r.ItemKey && !i.IsSettled))
            .ToArray();
        var onlyItems = blocking.Length == reasons.Count;
        var assignees = blocking.Select(i => i?.AssigneeUserId).ToArray();
        // Every blocker assigned to someone: tell those people; otherwise the role (and whoever is assigned).
        IReadOnlyList<Role> toRoles = onlyItems && assignees.All(a => a is not null) ? [] : [role];
        // An assignee who has left the team is replaced by the role when the row is written (AssigneeOrOwners), so the once
        // of the key below is not spent on someone who is sent nothing.
        var toUsers = assignees.OfType<string>().Distinct().ToArray();
        var first = blocking.FirstOrDefault();
        return new PlannedNotification(
            Event(onboarding, NotificationKind.WaitingOnYou, actor, blocking.Length == 1 ? first : null, toRoles, toUsers),
            $"waiting:{onboarding.Id:N}:{onboarding.Stage}:{role}",
            [.. toUsers.Select(u => new ItemAssignee(u, role))]);
    }

    /// <summary>
    /// A comment was posted on <paramref name="item"/>: its owner (the assignee, or the owner role when no one is
    /// assigned or the assignee has left the team, see <see cref="AssigneeOrOwners"/>) and the people who commented on it
    /// before hear of it; never the author (the dispatcher drops the actor). The notification names the item and the
    /// author, never the comment's text.
    /// </summary>
    public static PlannedNotification CommentAdded(Onboarding onboarding, HandoffItem item, Actor author, IEnumerable<string> earlierCommenters)
    {
        IReadOnlyList<Role> roles = item.AssigneeUserId is null && item.OwnerRole != Role.Viewer ? [item.OwnerRole] : [];
        var users = earlierCommenters.Append(item.AssigneeUserId).OfType<string>()
            .Where(id => !string.Equals(id, author.UserId, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        IReadOnlyList<ItemAssignee> assignee = item.AssigneeUserId is { } id && users.Contains(id) && item.OwnerRole != Role.Viewer
            ? [new ItemAssignee(id, item.OwnerRole)]
            : [];
        return new PlannedNotification(Event(onboarding, NotificationKind.CommentAdded, author, item, roles, users), Assignees: assignee);
    }

    private static Role[] OwnersOf(Onboarding onboarding, Stage stage) =>
        [.. onboarding.ItemsOf(stage).Select(i => i.OwnerRole).Where(r => r != Role.Viewer).Distinct().Order()];

    private static string[] Assignees(Onboarding onboarding) =>
        [.. onboarding.Items.Select(i => i.AssigneeUserId).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    internal static NotificationEvent Event(Onboarding onboarding, NotificationKind kind, Actor actor, HandoffItem? item,
        IReadOnlyList<Role> roles, IReadOnlyList<string> users) =>
        new(kind, onboarding.Id, onboarding.Details.Customer, item?.Id, item?.Key, item?.Title, onboarding.WorkingStage,
            item?.DueDate, actor.UserId, actor.DisplayName, roles, users);
}
