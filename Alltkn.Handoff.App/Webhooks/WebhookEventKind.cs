namespace Alltkn.Handoff.App.Webhooks;

/// <summary>What a webhook tells of: an endpoint chooses the kinds it wants.</summary>
public enum WebhookEventKind
{
    /// <summary>An onboarding was opened (<c>onboarding.opened</c>).</summary>
    OnboardingOpened,

    /// <summary>An onboarding moved from one stage to another (<c>onboarding.moved</c>): start of a stage, hold, resume.</summary>
    OnboardingMoved,

    /// <summary>A checklist item changed: status, assignee, due date or evidence (<c>item.changed</c>; never the evidence itself).</summary>
    ItemChanged,

    /// <summary>The go-live window was set, changed or cleared (<c>onboarding.go_live_window_changed</c>).</summary>
    GoLiveWindowChanged,

    /// <summary>Go-live was signed off: the onboarding is live (<c>onboarding.signed_off</c>).</summary>
    SignedOff,

    /// <summary>A live onboarding was rolled back to Go-live (<c>onboarding.rolled_back</c>).</summary>
    RolledBack,

    /// <summary>An onboarding was cancelled (<c>onboarding.cancelled</c>).</summary>
    Cancelled,
}

public static class WebhookEventKinds
{
    public static readonly IReadOnlyList<WebhookEventKind> All = Enum.GetValues<WebhookEventKind>();

    /// <summary>The event's <c>type</c> in the JSON body.</summary>
    public static string TypeName(this WebhookEventKind kind) => kind switch
    {
        WebhookEventKind.OnboardingOpened => "onboarding.opened",
        WebhookEventKind.OnboardingMoved => "onboarding.moved",
        WebhookEventKind.ItemChanged => "item.changed",
        WebhookEventKind.GoLiveWindowChanged => "onboarding.go_live_window_changed",
        WebhookEventKind.SignedOff => "onboarding.signed_off",
        WebhookEventKind.RolledBack => "onboarding.rolled_back",
        WebhookEventKind.Cancelled => "onboarding.cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Kinds as stored: their names, comma-separated, in the enum's order.</summary>
    public static string Store(IEnumerable<WebhookEventKind> kinds) => string.Join(",", kinds.Distinct().Order());

    public static IReadOnlySet<WebhookEventKind> Parse(string? stored) =>
        (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Enum.TryParse<WebhookEventKind>(n, out var kind) ? kind : (WebhookEventKind?)null)
            .OfType<WebhookEventKind>().ToHashSet();
}
