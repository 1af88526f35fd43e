using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.AspNetCore.Components;

namespace Alltkn.Handoff.App.Components.Onboardings;

/// <summary>
/// What every checklist row of a page is given alike (the person, the day, the page's callbacks), as one parameter: an open
/// page keeps each parameter of each row as a frame in two render trees (and a value boxed for it) for as long as it is
/// open. The page keeps one instance while it reads the same (record equality), so rows that did not change skip their render.
/// </summary>
public sealed record ChecklistRowContext
{
    public Actor? Actor { get; init; }

    /// <summary>Searches the people an item owned by a role can be assigned to, for the editor's assignee box (none without a page).</summary>
    public Func<string?, Role, CancellationToken, Task<IReadOnlyList<PersonOption>>>? SearchPeople { get; init; }

    /// <summary>The onboarding can no longer be changed (cancelled).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The reader's time zone (their account's or their browser's), for the times a row shows; null (UTC, saying so) until it is known.</summary>
    public TimeZoneInfo? Zone { get; init; }

    /// <summary>Today, for the overdue mark.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The stages the onboarding has passed, one bit per <see cref="Stage"/> (<see cref="Passed"/>).</summary>
    public int PassedStages { get; init; }

    public EventCallback<HandoffItem> OnEdit { get; init; }

    public EventCallback<HandoffItem> OnCancel { get; init; }

    public Func<ItemDraft, Task<Outcome>> OnSave { get; init; } = _ => Task.FromResult(Outcome.Ok());

    public EventCallback<ItemDraft> OnReloadKeepTyped { get; init; }

    /// <summary>
    /// The page's comment draft for an item (<see cref="CommentDraft"/>, held by the page as <see cref="ItemDraft"/> is),
    /// null while the item's thread is closed: looked up here rather than given to every row as a parameter of its own
    /// (one frame more per row, kept by an open page). None without a page.
    /// </summary>
    public Func<Guid, CommentDraft?> CommentDraftOf { get; init; } = NoCommentDraft;

    /// <summary>Opens an item's thread (the page makes its comment draft) or closes it (and drops what was typed in it).</summary>
    public EventCallback<HandoffItem> OnToggleComments { get; init; }

    /// <summary>Whether the onboarding has passed the stage (its items are then edited with that in mind).</summary>
    public bool Passed(Stage stage) => (PassedStages & (1 << (int)stage)) != 0;

    /// <summary>The bits of <see cref="PassedStages"/> for the onboarding as it stands.</summary>
    public static int PassedStagesOf(Onboarding onboarding) =>
        Enum.GetValues<Stage>().Where(onboarding.HasPassed).Aggregate(0, (bits, stage) => bits | (1 << (int)stage));

    private static CommentDraft? NoCommentDraft(Guid itemId) => null;

    /// <summary>A row shown alone (no page around it): nothing can be edited.</summary>
    public static readonly ChecklistRowContext None = new();
}
