using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// How the services answer a refusal, decided once: which of the domain's refusals are the person's permission
/// (forbidden, and logged) and which are a rule of the work (refused), the answer to nobody signed in, and the one log
/// line of a person refused. The pages, the API and the guest pages then hear the same answer for the same refusal
/// from every service (<see cref="OnboardingService"/>, <see cref="Comments.ItemComments"/>, <see cref="Portal.GuestInvitations"/>).
/// </summary>
public static class Refusals
{
    /// <summary>The domain's codes for a refusal of the person's permission (<c>item.not-permitted</c>, <c>item.admin-only</c>, …).</summary>
    public static bool IsPermission(string code) =>
        code.EndsWith("not-permitted", StringComparison.Ordinal) || code.EndsWith("admin-only", StringComparison.Ordinal);

    /// <summary>
    /// The outcome of a domain refusal: an item that is not there is not found; a refusal of the person's permission is
    /// forbidden (and logged as <paramref name="actor"/> refused <paramref name="action"/>); any other rule is refused.
    /// Code, message and arguments are the domain's, so a page can localize them.
    /// </summary>
    public static Outcome Answer(ILogger logger, Actor actor, string action, DomainException refusal)
    {
        var status = refusal.Code == "item.not-found" ? OutcomeStatus.NotFound
            : IsPermission(refusal.Code) ? OutcomeStatus.Forbidden
            : OutcomeStatus.Refused;
        if (status == OutcomeStatus.Forbidden)
        {
            logger.Refused(actor, action);
        }
        return new Outcome { Status = status, Code = refusal.Code, Message = refusal.Message, Arguments = refusal.Arguments };
    }

    /// <summary>The person may not do this: logged, and answered with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public static Outcome Forbidden(ILogger logger, Actor? actor, string action, string code, string message, params object?[] arguments)
    {
        logger.Refused(actor, action);
        return new Outcome { Status = OutcomeStatus.Forbidden, Code = code, Message = message, Arguments = arguments };
    }

    /// <summary>Nobody is signed in: logged, and answered "Sign in to do this."</summary>
    public static Outcome NotSignedIn(ILogger logger, string action) =>
        Forbidden(logger, null, action, "forbidden", "Sign in to do this.");

    /// <summary>
    /// The signed-in person (as <paramref name="currentActor"/> reads them now) when they may read the workspace
    /// (<see cref="HandoffPolicy.MayRead"/>: a role, viewers included); null otherwise, the refusal logged as them
    /// refused <paramref name="action"/>. The one check of the team's reads (<see cref="OnboardingQueries"/>, <see cref="WorkspaceQueries"/>,
    /// <see cref="DashboardCharts"/>, <see cref="OnboardingService.ReadAsync"/>, <see cref="Notifications.NotificationInbox"/>).
    /// </summary>
    public static async Task<Actor?> TeamReaderAsync(this ICurrentActor currentActor, ILogger logger, string action, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is not null && HandoffPolicy.MayRead(actor))
        {
            return actor;
        }
        logger.Refused(actor, action);
        return null;
    }

    /// <summary>The code of a read of the team's onboardings refused to someone outside the team (no one signed in, or no role).</summary>
    public const string NotTheTeamCode = "onboardings.not-permitted";

    /// <summary>
    /// The answer to someone outside the team who asked to read <paramref name="what"/> ("the onboardings", "an onboarding"),
    /// after <see cref="TeamReaderAsync"/> refused and logged them: one answer for the list, the page and the API alike.
    /// </summary>
    public static Outcome NotTheTeam(string what) => new()
    {
        Status = OutcomeStatus.Forbidden, Code = NotTheTeamCode, Message = $"Sign in with a role in this workspace to read {what}.",
    };

    /// <summary>
    /// The same check as <see cref="TeamReaderAsync"/> without a log line, for what is asked on every page whoever is
    /// signed in (the notification bell's count): the signed-in person when they may read the workspace, null otherwise.
    /// </summary>
    public static async Task<Actor?> TeamMemberAsync(this ICurrentActor currentActor, CancellationToken cancellationToken) =>
        await currentActor.GetAsync(cancellationToken) is { } actor && HandoffPolicy.MayRead(actor) ? actor : null;

    /// <summary>The one log line of a refused person (a warning: who, and what they may not do).</summary>
    public static void Refused(this ILogger logger, Actor? actor, string action) =>
        logger.LogWarning("Refused: {Actor} may not {Action}", actor?.ToString() ?? "no signed-in person", action);
}
