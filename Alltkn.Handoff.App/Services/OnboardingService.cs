using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// The changes people make to onboardings. Each one: who is acting (from the sign-in, roles as stored now),
/// the secret screen, load the aggregate, let the domain decide (its permission policy and rules), save the
/// aggregate and its revision entries in one transaction, then tell open pages.
/// </summary>
public sealed class OnboardingService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    ChangeNotifier notifier,
    TimeProvider clock,
    ILogger<OnboardingService> logger)
{
    private const int BusyRetries = 5;

    public async Task<Outcome<Guid>> CreateAsync(Scenario scenario, OnboardingDetails details, CancellationToken cancellationToken = default)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Outcome<Guid>.From(Forbidden(null, "open an onboarding"));
        }
        if (SecretScreen.Check(details) is { Count: > 0 } secrets)
        {
            return Outcome<Guid>.From(Outcome.SecretFound(secrets));
        }
        Onboarding onboarding;
        try
        {
            onboarding = Onboarding.Open(scenario, details, actor, Now);
        }
        catch (DomainException refusal)
        {
            return Outcome<Guid>.From(Refused(refusal, actor, "open an onboarding"));
        }
        await RetryWhenBusyAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Onboardings.Add(onboarding);
            db.Revisions.AddRange(onboarding.PendingRevisions);
            await db.SaveChangesAsync(cancellationToken);
        });
        onboarding.ClearPendingRevisions();
        notifier.Publish(new WorkspaceChange(onboarding.Id, actor.UserId));
        return Outcome<Guid>.Ok(onboarding.Id);
    }

    /// <summary>
    /// Saves the fields the person changed (<paramref name="edited"/> against <paramref name="original"/>, what they
    /// started from). Fields others changed meanwhile are kept; if someone changed one of the same fields, nothing is
    /// saved and the conflict says which, what the person typed, and what is stored now.
    /// </summary>
    public Task<Outcome> UpdateDetailsAsync(Guid onboardingId, OnboardingDetails original, OnboardingDetails edited,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, "change the onboarding's fields", (onboarding, actor, now) =>
        {
            if (SecretScreen.Check(edited) is { Count: > 0 } secrets)
            {
                return Outcome.SecretFound(secrets);
            }
            var mine = FieldCatalog.Changed(original, edited);
            var clashes = mine
                .Where(f => FieldCatalog.Read(onboarding.Details, f) != FieldCatalog.Read(original, f)
                            && FieldCatalog.Read(onboarding.Details, f) != FieldCatalog.Read(edited, f))
                .Select(f => new ConflictDetail(f.ToString(), FieldCatalog.Read(edited, f), FieldCatalog.Read(onboarding.Details, f)))
                .ToArray();
            if (clashes.Length > 0)
            {
                return Outcome.Conflict(
                    "Someone else changed the same fields since you opened them; nothing was saved. Reload to see their values, then apply yours again.",
                    clashes);
            }
            var merged = mine.Aggregate(onboarding.Details, (d, f) => FieldCatalog.Copy(d, edited, f));
            onboarding.UpdateDetails(merged, actor, now);
            return null;
        }, retryOnConcurrency: true, cancellationToken);

    /// <summary>Changes an item's status, evidence, assignee or due date, as of the version the person saw.</summary>
    public Task<Outcome> UpdateItemAsync(Guid onboardingId, Guid itemId, int expectedVersion, ItemUpdate update,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, "change a checklist item", (onboarding, actor, now) =>
        {
            if (SecretScreen.Check(update) is { Count: > 0 } secrets)
            {
                return Outcome.SecretFound(secrets);
            }
            var item = onboarding.Item(itemId);
            if (item.Version != expectedVersion)
            {
                return ItemConflict(item, update);
            }
            onboarding.UpdateItem(itemId, update, actor, now);
            return null;
        }, retryOnConcurrency: false, cancellationToken);

    /// <summary>Sets (or, with no start, clears) the go-live window, given in the wall-clock time of its time zone.</summary>
    public Task<Outcome> SetGoLiveWindowAsync(Guid onboardingId, DateTime? startLocal, DateTime? endLocal, string? timeZoneId,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, "set the go-live window", (onboarding, actor, now) =>
        {
            var window = startLocal is null && endLocal is null
                ? null
                : GoLiveWindow.FromLocal(
                    startLocal ?? throw new DomainException("window.start-missing", "Give the window's start as well as its end."),
                    endLocal ?? throw new DomainException("window.end-missing", "Give the window's end as well as its start."),
                    timeZoneId ?? "");
            onboarding.SetGoLiveWindow(window, actor, now);
            return null;
        }, retryOnConcurrency: true, cancellationToken);

    public Task<Outcome> AssignSupportAsync(Guid onboardingId, SupportResponsibility responsibility, string? personName,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, "change the support matrix", (onboarding, actor, now) =>
        {
            if (SecretScreen.Check([(responsibility.ToString(), personName)]) is { Count: > 0 } secrets)
            {
                return Outcome.SecretFound(secrets);
            }
            onboarding.AssignSupport(responsibility, personName, actor, now);
            return null;
        }, retryOnConcurrency: true, cancellationToken);

    /// <summary>Makes a move, checked against the stage the person decided on.</summary>
    public Task<Outcome> FireAsync(Guid onboardingId, Move move, Stage expectedStage, string? reason = null,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, $"make the move {move}", (onboarding, actor, now) =>
        {
            if (SecretScreen.Check([("Reason", reason)]) is { Count: > 0 } secrets)
            {
                return Outcome.SecretFound(secrets);
            }
            if (onboarding.Stage != expectedStage)
            {
                return Outcome.Conflict(
                    $"This onboarding moved from {expectedStage} to {onboarding.Stage} since you looked; nothing was done. Look again before deciding.",
                    [new ConflictDetail("Stage", expectedStage.ToString(), onboarding.Stage.ToString())]);
            }
            onboarding.Fire(move, actor, now, reason);
            return null;
        }, retryOnConcurrency: false, cancellationToken);

    /// <summary>Loads one onboarding with its items and support matrix, untracked, for reading.</summary>
    public async Task<Onboarding?> FindAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Onboardings.AsNoTracking().Include(o => o.Items)
            .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<Outcome> ChangeAsync(Guid onboardingId, string action,
        Func<Onboarding, Actor, DateTime, Outcome?> act, bool retryOnConcurrency, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Forbidden(null, action);
        }
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var onboarding = await db.Onboardings.Include(o => o.Items)
                .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
            if (onboarding is null)
            {
                return Outcome.NotFound("That onboarding does not exist (it may have been removed). Go back to the list.");
            }
            try
            {
                if (act(onboarding, actor, Now) is { } early)
                {
                    return early;
                }
                if (onboarding.PendingRevisions.Count == 0)
                {
                    return Outcome.Ok();
                }
                db.Revisions.AddRange(onboarding.PendingRevisions);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (MoveRefusedException refused)
            {
                if (refused.Check.Reasons.Any(r => r.Code == UnmetReasonCode.MissingRole))
                {
                    LogRefusal(actor, action);
                }
                return new Outcome
                {
                    Status = OutcomeStatus.Refused, Code = refused.Code, Message = refused.Message,
                    Arguments = refused.Arguments, Reasons = refused.Check.Reasons,
                };
            }
            catch (DomainException refusal)
            {
                return Refused(refusal, actor, action);
            }
            catch (DbUpdateConcurrencyException) when (retryOnConcurrency && attempt < BusyRetries)
            {
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome.Conflict(
                    "Someone else saved a change to the same thing a moment ago; nothing of yours was saved. Reload, check, and save again.",
                    []);
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < BusyRetries)
            {
                await Task.Delay(50 * attempt, cancellationToken);
                continue;
            }
            notifier.Publish(new WorkspaceChange(onboardingId, actor.UserId));
            return Outcome.Ok();
        }
    }

    private static Outcome ItemConflict(HandoffItem stored, ItemUpdate theirs)
    {
        var details = new List<ConflictDetail>();
        void Compare(string subject, object? mine, object? now)
        {
            if (!Equals(mine, now))
            {
                details.Add(new ConflictDetail($"{stored.Title} · {subject}", mine?.ToString(), now?.ToString(), stored.CompletedByName));
            }
        }
        Compare("Status", theirs.Status, stored.Status);
        Compare("Evidence", theirs.Evidence, stored.Evidence);
        Compare("Assignee", theirs.AssigneeName, stored.AssigneeName);
        Compare("Due", theirs.DueDate, stored.DueDate);
        return Outcome.Conflict(
            $"'{stored.Title}' was changed by someone else since you opened it; nothing was saved. Reload it (what you typed is kept) and save again.",
            details);
    }

    private Outcome Refused(DomainException refusal, Actor actor, string action)
    {
        if (refusal.Code.EndsWith("not-permitted", StringComparison.Ordinal))
        {
            LogRefusal(actor, action);
            return new Outcome { Status = OutcomeStatus.Forbidden, Code = refusal.Code, Message = refusal.Message, Arguments = refusal.Arguments };
        }
        return new Outcome { Status = OutcomeStatus.Refused, Code = refusal.Code, Message = refusal.Message, Arguments = refusal.Arguments };
    }

    private Outcome Forbidden(Actor? actor, string action)
    {
        LogRefusal(actor, action);
        return Outcome.Forbidden("Sign in to do this.");
    }

    private void LogRefusal(Actor? actor, string action) =>
        logger.LogWarning("Refused: {Actor} may not {Action}", actor?.ToString() ?? "no signed-in person", action);

    private static async Task RetryWhenBusyAsync(Func<Task> save)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await save();
                return;
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < BusyRetries)
            {
                await Task.Delay(50 * attempt);
            }
        }
    }
}
