namespace Alltkn.Handoff.Domain.Onboardings;

public enum ItemStatus
{
    Open,
    InProgress,
    Done,
    NotApplicable,
    Blocked,
}

public static class ItemStatuses
{
    /// <summary>Done or not applicable: the item no longer holds its gate.</summary>
    public static bool IsSettled(this ItemStatus status) => status is ItemStatus.Done or ItemStatus.NotApplicable;
}
