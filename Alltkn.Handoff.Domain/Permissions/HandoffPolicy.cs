using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Domain.Permissions;

/// <summary>
/// Who may do what. The aggregate and the application services both ask this one place.
/// A Viewer changes nothing; the Viewer role adds no permission to the other roles a person holds.
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

    /// <summary>Administer users and roles: team admins.</summary>
    public static bool MayAdministerUsers(Actor actor) => actor.Has(Role.TeamAdmin);
}
