namespace Alltkn.Handoff.App.Notifications;

/// <summary>What a notification is about: each person chooses per kind how it reaches them.</summary>
public enum NotificationKind
{
    /// <summary>An item was assigned to you.</summary>
    ItemAssigned,

    /// <summary>A stage started (a move was made): items your role owns are current now.</summary>
    StageStarted,

    /// <summary>A forward move is blocked only by items you own.</summary>
    WaitingOnYou,

    /// <summary>An item of yours is due tomorrow.</summary>
    DueTomorrow,

    /// <summary>An item of yours is due today.</summary>
    DueToday,

    /// <summary>An item of yours is overdue (repeated every 2 working days at most).</summary>
    Overdue,

    /// <summary>An onboarding you are assigned in was put on hold.</summary>
    OnHold,

    /// <summary>An onboarding you are assigned in was resumed.</summary>
    Resumed,

    /// <summary>An onboarding you are assigned in was cancelled.</summary>
    Cancelled,

    /// <summary>A live onboarding you are assigned in was rolled back to Go-live.</summary>
    RolledBack,

    /// <summary>The go-live window was set or changed.</summary>
    GoLiveWindowChanged,

    /// <summary>Go-live was signed off: the onboarding is live.</summary>
    SignedOff,

    /// <summary>A webhook endpoint failed for a day and was paused (to team admins).</summary>
    WebhookPaused,

    /// <summary>The date to check again that the post-go-live review set is reached: look at the live customer again.</summary>
    RecheckDue,

    /// <summary>Someone commented on an item you own (your role, or you are assigned to it) or on whose thread you commented.</summary>
    CommentAdded,

    /// <summary>
    /// Many items of your roles that no one is assigned to are overdue or due today or tomorrow: one summary a day (with the
    /// counts) instead of one reminder each (<see cref="NotificationOptions.RoleRemindersPerItemAtMost"/>).
    /// </summary>
    RoleItemsDue,
}

/// <summary>How a person wants one kind of notification: always in the app, and maybe by e-mail.</summary>
public enum NotificationDelivery
{
    /// <summary>In the app only (the bell and /notifications).</summary>
    InApp,

    /// <summary>In the app and by e-mail at once.</summary>
    EmailNow,

    /// <summary>In the app, and in one e-mail a day at the person's digest time.</summary>
    DailyDigest,
}
