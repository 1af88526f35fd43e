using Alltkn.Handoff.Domain.Comments;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Domain.Permissions;

/// <summary>
/// Who may do what. The aggregate and the application services both ask this one place.
/// A Viewer changes nothing; the Viewer role adds no permission to the other roles a person holds.
/// A guest (a contact of the customer, <see cref="Actor.Guest"/>) holds no team role, so every team permission refuses
/// them; the guest questions below decide from their scope (onboardings and side) what of the customer's side they reach.
/// </summary>
public static class HandoffPolicy
{
    /// <summary>The roles that own each move (the gate owner). Forward moves belong to the owner of the stage being left.</summary>
    public static IReadOnlyList<Role> OwnersOf(Move move) => move switch
    {
        Move.StartTrial => [Role.TeamAdmin],
        Move.ConfirmTrial => [Role.TechLead],
        Move.StartInvoiceAndContract => [Role.Finance],
        Move.StartGoLive => [Role.Finance],
        Move.SignOffGoLive => [Role.ReleaseOwner],
        Move.Hold or Move.Resume or Move.Cancel => [Role.TeamAdmin],
        Move.Rollback => [Role.ReleaseOwner],
        _ => throw new ArgumentOutOfRangeException(nameof(move), move, null),
    };

    public static bool MayFire(Actor actor, Move move) => actor.HasAny(OwnersOf(move));

    /// <summary>Open onboardings (from a scenario's template): team admins.</summary>
    public static bool MayCreateOnboarding(Actor actor) => actor.Has(Role.TeamAdmin);

    /// <summary>
    /// Change an item with this update: the team as <see cref="MayEditItem(Actor, Role)"/> says; a guest only the items
    /// the customer completes on their side (<see cref="MayCompleteItem"/>), and of those only the status (open, in
    /// progress, done) and the evidence, never the assignee, the due date, a block or "not applicable".
    /// </summary>
    public static bool MayEditItem(Actor actor, HandoffItem item, ItemUpdate update)
    {
        if (!actor.IsGuest)
        {
            return MayEditItem(actor, item.OwnerRole);
        }
        return MayCompleteItem(actor, item)
               && update.Status is ItemStatus.Open or ItemStatus.InProgress or ItemStatus.Done
               && update.AssigneeUserId == item.AssigneeUserId && update.AssigneeName == item.AssigneeName
               && update.DueDate == item.DueDate && string.IsNullOrWhiteSpace(update.StatusReason);
    }

    /// <summary>
    /// Edit or complete an item (status, evidence, assignee, due date): its owner role, or a team admin.
    /// Viewer is never an owner that may edit: an item "owned" by Viewer is a team admin's to change.
    /// </summary>
    public static bool MayEditItem(Actor actor, Role itemOwner) =>
        (itemOwner != Role.Viewer && actor.Has(itemOwner)) || actor.Has(Role.TeamAdmin);

    /// <summary>Mark an item not applicable: team admins only (with a reason).</summary>
    public static bool MayMarkNotApplicable(Actor actor) => actor.Has(Role.TeamAdmin);

    /// <summary>
    /// Edit a field: team admins edit every field; tech leads the Technical package; finance the Business
    /// package; release owners the go-live fields (window, rollback conditions, ramp plan, troubleshooting fields, support matrix).
    /// The scenario is fixed at creation (it chose the checklist).
    /// </summary>
    public static bool MayEditField(Actor actor, OnboardingField field)
    {
        if (field == OnboardingField.Scenario)
        {
            return false;
        }
        if (actor.Has(Role.TeamAdmin))
        {
            return true;
        }
        return FieldCatalog.PackageOf(field) switch
        {
            HandoffPackage.Technical when actor.Has(Role.TechLead) => true,
            HandoffPackage.Business when actor.Has(Role.Finance) => true,
            _ => actor.Has(Role.ReleaseOwner) && GoLiveFields.Contains(field),
        };
    }

    public static readonly IReadOnlyList<OnboardingField> GoLiveFields =
    [
        OnboardingField.GoLiveWindow, OnboardingField.RollbackConditions, OnboardingField.RampPlan,
        OnboardingField.TroubleshootingFields, OnboardingField.SupportMatrix,
    ];

    /// <summary>Read everything: every signed-in person with any role, viewers included.</summary>
    public static bool MayRead(Actor actor) => actor.Roles.Count > 0;

    /// <summary>Read one onboarding: the team (<see cref="MayRead"/>), or a guest invited to it.</summary>
    public static bool MayReadOnboarding(Actor actor, Guid onboardingId) =>
        MayRead(actor) || actor.Guest?.Covers(onboardingId) == true;

    /// <summary>
    /// See an item: the team every item; a guest only an item of an onboarding they were invited to that the template
    /// shares with their side (<see cref="HandoffItem.CustomerSide"/>, seen or completed by the customer).
    /// </summary>
    public static bool MaySeeItem(Actor actor, HandoffItem item) =>
        MayRead(actor) || (actor.Guest is { } guest && item.CustomerRole != CustomerRole.None
                           && guest.SidesOn(item.OnboardingId).Any(side => side.Covers(item.CustomerSide)));

    /// <summary>
    /// Complete an item as the customer: a guest, on an item they see whose template says the customer completes it
    /// (<see cref="CustomerRole.Completes"/>). The team completes items by <see cref="MayEditItem(Actor, Role)"/>.
    /// </summary>
    public static bool MayCompleteItem(Actor actor, HandoffItem item) =>
        actor.IsGuest ? MaySeeItem(actor, item) && item.CustomerRole == CustomerRole.Completes : MayEditItem(actor, item.OwnerRole);

    /// <summary>Comment at all: any team role but Viewer (viewers read, never change), or a guest (on what they see, shared only).</summary>
    public static bool MayComment(Actor actor) => actor.IsGuest || actor.Roles.Any(r => r != Role.Viewer);

    /// <summary>
    /// Comment on this item with this visibility: the team (any role but Viewer) internal or shared; a guest only shared
    /// comments, on items they see.
    /// </summary>
    public static bool MayComment(Actor actor, HandoffItem item, CommentVisibility visibility) =>
        actor.IsGuest
            ? visibility == CommentVisibility.SharedWithCustomer && MaySeeItem(actor, item)
            : MayComment(actor);

    /// <summary>Read a comment: the team every comment; a guest only shared comments of items they see.</summary>
    public static bool MayReadComment(Actor actor, HandoffItem item, CommentVisibility visibility) =>
        MayRead(actor) || (visibility == CommentVisibility.SharedWithCustomer && MaySeeItem(actor, item));

    /// <summary>
    /// Invite (revoke, re-send a link to) the customer's contact of a side: a team admin, or the owner of that side (the
    /// tech lead the technical contact, finance the business contact).
    /// </summary>
    public static bool MayInvite(Actor actor, GuestSide side) =>
        actor.Has(Role.TeamAdmin) || side switch
        {
            GuestSide.Technical => actor.Has(Role.TechLead),
            GuestSide.Business => actor.Has(Role.Finance),
            _ => false,
        };

    /// <summary>
    /// Download the customer's copy of a package (Markdown, only the items shared with them): a guest invited to the
    /// onboarding as the contact whose package it is (the technical contact the Technical package, the business contact
    /// the Business package). Never the other package, never the team's exports (CSV, JSON, the team's Markdown).
    /// </summary>
    public static bool MayExportCustomerPackage(Actor actor, Guid onboardingId, HandoffPackage package) =>
        actor.Guest?.SidesOn(onboardingId).Any(side => side.Package() == package) == true;

    /// <summary>
    /// Reopen an item the customer completes (set it back to open when done, with a reason the customer reads): the
    /// vendor's owner role of the item, or a team admin (<see cref="MayEditItem(Actor, Role)"/>); never a guest. Only an
    /// item the template has the customer complete (<see cref="CustomerRole.Completes"/>).
    /// </summary>
    public static bool MayReopenCustomerItem(Actor actor, HandoffItem item) =>
        !actor.IsGuest && item.CustomerRole == CustomerRole.Completes && MayEditItem(actor, item.OwnerRole);

    /// <summary>Read the revision log (the team's history of changes): the team (<see cref="MayRead"/>); never a guest.</summary>
    public static bool MayReadRevisions(Actor actor) => !actor.IsGuest && MayRead(actor);

    /// <summary>Administer users and roles: team admins.</summary>
    public static bool MayAdministerUsers(Actor actor) => actor.Has(Role.TeamAdmin);
}
