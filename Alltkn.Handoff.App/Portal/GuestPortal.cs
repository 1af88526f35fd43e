using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Invitations;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Portal;

/// <summary>One onboarding in a guest's list: the customer's name, the stage, and the guest's sides on it.</summary>
public sealed record GuestOnboarding(Guid Id, string Customer, Stage Stage, IReadOnlyList<GuestSide> Sides);

/// <summary>An item of the guest's package, and whether the guest completes it.</summary>
public sealed record GuestItem(HandoffItem Item, bool MayComplete);

/// <summary>
/// What a guest sees of one onboarding (issue 11, point 2): the customer's name, the stage and its path, the go-live
/// window, and only the items shared with their side. Never the team's fields, people's addresses or internal notes.
/// </summary>
public sealed record GuestPackage(
    Guid Id, string Customer, Stage Stage, Stage? StageBeforeHold, bool PassesInvoiceAndContract, GoLiveWindow? GoLiveWindow,
    IReadOnlyList<GuestSide> Sides, IReadOnlyList<GuestItem> Items)
{
    public int RequiredDone => Items.Count(i => i.Item.Required && i.Item.IsSettled);

    public int Required => Items.Count(i => i.Item.Required);
}

/// <summary>
/// The portal's reads, for the signed-in guest (scope as stored now): every answer filtered by
/// <see cref="HandoffPolicy"/> (<see cref="HandoffPolicy.MayReadOnboarding"/>, <see cref="HandoffPolicy.MaySeeItem"/>,
/// <see cref="HandoffPolicy.MayCompleteItem"/>). The team reads onboardings through <see cref="OnboardingService"/>;
/// here a team member gets Forbidden (the portal is the customer's view).
/// </summary>
public sealed class GuestPortal(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    Services.Exports.HandoffPackageExporter exporter,
    ItemReopenNotes reopenNotes,
    ILogger<GuestPortal> logger)
{
    /// <summary>The signed-in guest's onboardings (not cancelled), by customer; empty for anyone else.</summary>
    public async Task<IReadOnlyList<GuestOnboarding>> OnboardingsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentActor.GetAsync(cancellationToken) is not { Guest: { } scope })
        {
            return [];
        }
        var ids = scope.OnboardingIds.ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboardings = await db.Onboardings.AsNoTracking().Where(o => ids.Contains(o.Id) && o.Stage != Stage.Cancelled)
            .Select(o => new { o.Id, o.Details.Customer, o.Stage }).ToListAsync(cancellationToken);
        return onboardings.OrderBy(o => o.Customer, StringComparer.CurrentCulture)
            .Select(o => new GuestOnboarding(o.Id, o.Customer, o.Stage, scope.SidesOn(o.Id).Distinct().Order().ToArray()))
            .ToList();
    }

    /// <summary>The guest's package of one onboarding: Forbidden for anyone not invited to it (and for the team), NotFound when gone.</summary>
    public async Task<Outcome<GuestPackage>> PackageAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is not { Guest: { } scope } || !HandoffPolicy.MayReadOnboarding(actor, onboardingId))
        {
            logger.LogWarning("Refused: {Actor} may not read the customer's package of {Onboarding}", actor?.ToString() ?? "no signed-in person", onboardingId);
            return Outcome<GuestPackage>.From(Outcome.Forbidden("This page is for the customer's contacts invited to this onboarding."));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboarding = await db.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
        if (onboarding is null || onboarding.IsClosed)
        {
            return Outcome<GuestPackage>.From(Outcome.NotFound("This onboarding is no longer open."));
        }
        var items = onboarding.Items.OrderBy(i => i.SortOrder)
            .Where(i => HandoffPolicy.MaySeeItem(actor, i))
            .Select(i => new GuestItem(i, HandoffPolicy.MayCompleteItem(actor, i) && !onboarding.IsClosed))
            .ToList();
        return Outcome<GuestPackage>.Ok(new GuestPackage(onboarding.Id, onboarding.Details.Customer, onboarding.Stage,
            onboarding.StageBeforeHold, onboarding.Details.NeedsInvoiceOrContract, onboarding.GoLiveWindow,
            scope.SidesOn(onboardingId).Distinct().Order().ToArray(), items));
    }

    /// <summary>
    /// The customer's copy of a package as Markdown (issue 11: an export a guest may fetch holds only their package): for a
    /// guest invited to the onboarding as the contact whose package it is (<see cref="HandoffPolicy.MayExportCustomerPackage"/>),
    /// with only the items they see (<see cref="HandoffPolicy.MaySeeItem"/>), written and redacted by the team's exporter from
    /// what the portal page shows them (<see cref="Services.Exports.CustomerPackageView"/>: the go-live window, and each item's
    /// title, stage, status, own evidence and reopen note), never from the onboarding itself.
    /// Forbidden for anyone else (the other side, another onboarding, the team); NotFound when the onboarding is gone.
    /// </summary>
    public async Task<Outcome<string>> CustomerMarkdownAsync(Guid onboardingId, HandoffPackage package, System.Globalization.CultureInfo culture,
        CancellationToken cancellationToken = default)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null || !HandoffPolicy.MayExportCustomerPackage(actor, onboardingId, package))
        {
            logger.LogWarning("Refused: {Actor} may not download the customer's {Package} package of {Onboarding}",
                actor?.ToString() ?? "no signed-in person", package, onboardingId);
            return Outcome<string>.From(new Outcome
            {
                Status = OutcomeStatus.Forbidden, Code = "export.customer-not-permitted",
                Message = "Only the customer's contact of this package, invited to this onboarding, may download it.",
            });
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboarding = await db.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
        if (onboarding is null || onboarding.IsClosed)
        {
            return Outcome<string>.From(Outcome.NotFound("This onboarding is no longer open."));
        }
        var notes = await reopenNotes.ForOnboardingAsync(onboardingId, cancellationToken);
        var items = Services.Exports.HandoffPackageExporter.ItemsOf(onboarding, package)
            .Where(item => HandoffPolicy.MaySeeItem(actor, item))
            .Select(item => notes.TryGetValue(item.Id, out var note)
                ? Services.Exports.CustomerItemView.Of(item, note.ByName, note.Reason)
                : Services.Exports.CustomerItemView.Of(item))
            .ToArray();
        var view = new Services.Exports.CustomerPackageView(onboarding.Id, onboarding.Stage, onboarding.StageBeforeHold, onboarding.GoLiveWindow, items);
        return Outcome<string>.Ok(exporter.ToCustomerMarkdown(view, package, culture));
    }

    /// <summary>The signed-in person as a guest (null: not a guest), for the portal's pages.</summary>
    public async Task<Actor?> GuestAsync(CancellationToken cancellationToken = default) =>
        await currentActor.GetAsync(cancellationToken) is { IsGuest: true } guest ? guest : null;
}
