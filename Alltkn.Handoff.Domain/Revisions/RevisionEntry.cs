using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Domain.Revisions;

/// <summary>
/// One kept change: who, when (UTC), what (subject, before and after) and why. Append-only:
/// nothing changes an entry once written (the database refuses UPDATE and DELETE on its table).
/// </summary>
public sealed class RevisionEntry
{
    private RevisionEntry()
    {
        ActorId = ActorName = Subject = "";
    }

    public RevisionEntry(
        Guid? onboardingId, DateTime atUtc, string actorId, string actorName, RevisionKind kind,
        string subject, string? before = null, string? after = null, string? reason = null, Guid? itemId = null, bool byCustomer = false)
    {
        Id = Guid.CreateVersion7();
        OnboardingId = onboardingId;
        ItemId = itemId;
        AtUtc = DateTime.SpecifyKind(atUtc, DateTimeKind.Utc);
        ActorId = actorId;
        ActorName = actorName;
        Kind = kind;
        Subject = subject;
        Before = before;
        After = after;
        Reason = reason;
        ByCustomer = byCustomer;
    }

    public static RevisionEntry By(Actor actor, DateTime atUtc, Guid? onboardingId, RevisionKind kind, string subject,
        string? before = null, string? after = null, string? reason = null, Guid? itemId = null) =>
        new(onboardingId, atUtc, actor.UserId, actor.DisplayName, kind, subject, before, after, reason, itemId, actor.IsGuest);

    public Guid Id { get; private set; }

    public Guid? OnboardingId { get; private set; }

    public Guid? ItemId { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string ActorId { get; private set; }

    public string ActorName { get; private set; }

    public RevisionKind Kind { get; private set; }

    /// <summary>What changed: a field name, an item's title, a move, an account.</summary>
    public string Subject { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>Made by a guest of the customer's side (signed in by an invitation link), not by the team.</summary>
    public bool ByCustomer { get; private set; }
}
