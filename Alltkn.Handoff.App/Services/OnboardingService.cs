using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// The changes people make to onboardings. Each one: who is acting (from the sign-in, roles as stored now),
/// load the aggregate, the domain's permission policy for that person, the secret screen, the person's view
/// checked against what is stored (optimistic concurrency), let the domain act, save the aggregate and its
/// revision entries in one transaction, then tell open pages (out of line, and without waiting for them: the
/// <see cref="ChangeNotifier"/> queues their reloads elsewhere, so a save takes as long with fifty pages open as with none).
/// </summary>
/// <remarks>
/// Concurrency: every row carries an application-managed Version the domain raises. Changes to different
/// items of one onboarding touch different rows and never contend. When a save loses a race, changes that are
/// merged field by field (details, window, support matrix, one item) are reloaded and checked again against what
/// the person started from; a move is never retried: it was decided on the state the person saw, so it ends in
/// a <see cref="OutcomeStatus.Conflict"/> that lists what changed. "Database is busy" is waited out (the
/// connection's Default Timeout) and retried here; it never reaches a person. Saves wait in line for the app's one write turn
/// (<see cref="WriteGate"/>), and changes of one onboarding stay in line from load to save, so the gate summary stored
/// with each change (<see cref="GateSummary"/>, computed by the domain) is never computed from a stale read.
/// </remarks>
public sealed class OnboardingService(
    IDbContextFactory<AppDbContext> dbFactory,
    ICurrentActor currentActor,
    ChangeNotifier notifier,
    TimeProvider clock,
    ILogger<OnboardingService> logger)
{
    private const int Attempts = 5;

    private static Task<Onboarding?> LoadForChange(AppDbContext db, Guid id, CancellationToken cancellationToken) =>
        CompiledPerModel<Loads>.For(db).ForChange(db, id, cancellationToken);

    /// <summary>
    /// An onboarding with its items (and support matrix) as a change and as the onboarding's page read it, compiled
    /// once per model (<see cref="CompiledPerModel{TQueries}"/>): EF then neither builds the query's expression tree nor
    /// looks it up in its query cache each time.
    /// </summary>
    private sealed class Loads
    {
        /// <summary>Tracked, for a change.</summary>
        public readonly Func<AppDbContext, Guid, CancellationToken, Task<Onboarding?>> ForChange =
            EF.CompileAsyncQuery((AppDbContext context, Guid onboardingId, CancellationToken _) =>
                context.Onboardings.Include(o => o.Items).AsSplitQuery().FirstOrDefault(o => o.Id == onboardingId));

        /// <summary>Untracked, for reading.</summary>
        public readonly Func<AppDbContext, Guid, CancellationToken, Task<Onboarding?>> ForReading =
            EF.CompileAsyncQuery((AppDbContext context, Guid onboardingId, CancellationToken _) =>
                context.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery().FirstOrDefault(o => o.Id == onboardingId));
    }

    private delegate Outcome? Act(Onboarding onboarding, Actor actor, DateTime nowUtc);

    /// <summary>An <see cref="Act"/> that also reads something else it needs from the change's own context (in the onboarding's line).</summary>
    private delegate ValueTask<Outcome?> ActReading(AppDbContext db, Onboarding onboarding, Actor actor, DateTime nowUtc, CancellationToken cancellationToken);

    private enum WhenOutraced
    {
        /// <summary>Reload and act again: the act checks the person's view against the fresh state itself.</summary>
        Retry,

        /// <summary>Report what changed: the decision was made on the state the person saw.</summary>
        Report,
    }

    public Task<Outcome<Guid>> CreateAsync(Scenario scenario, OnboardingDetails details, CancellationToken cancellationToken = default) =>
        CreateAsync(scenario, details, key: null, cancellationToken);

    /// <summary>
    /// Opens an onboarding. With a <paramref name="key"/> (the API's Idempotency-Key), a retry of the same request by the
    /// same person returns the onboarding the first one opened (code <see cref="ReplayedCode"/>) instead of opening
    /// another, even when the two arrive at once; the same key with another request is refused.
    /// </summary>
    public async Task<Outcome<Guid>> CreateAsync(Scenario scenario, OnboardingDetails details, CreateRequestKey? key,
        CancellationToken cancellationToken = default)
    {
        const string action = "open an onboarding";
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Outcome<Guid>.From(Refusals.NotSignedIn(logger, action));
        }
        if (!HandoffPolicy.MayCreateOnboarding(actor))
        {
            return Outcome<Guid>.From(Refusals.Forbidden(logger, actor, action, "onboarding.create-not-permitted",
                "Only a team admin may open an onboarding.", Role.TeamAdmin));
        }
        if (key is not null && await KeyedAsync(actor, key, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        if (SecretScreen.Screen(details) is { } screened)
        {
            return Outcome<Guid>.From(screened);
        }
        Onboarding onboarding;
        try
        {
            onboarding = Onboarding.Open(scenario, details, actor, Now);
        }
        catch (DomainException refusal)
        {
            return Outcome<Guid>.From(Refusals.Answer(logger, actor, action, refusal));
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                db.Onboardings.Add(onboarding);
                db.Revisions.AddRange(onboarding.PendingRevisions);
                if (key is not null)
                {
                    db.Add(new IdempotencyKey(actor.UserId, key.Key, key.Fingerprint, onboarding.Id, Now));
                }
                await Notifications.NotificationOutbox.RecordAsync(db, onboarding, Notifications.OnboardingBefore.New, actor, Now, cancellationToken);
                await Webhooks.WebhookOutbox.RecordAsync(db, onboarding, Notifications.OnboardingBefore.New, actor, Now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException unique) when (key is not null && UniqueViolation.Is(unique))
            {
                // The same request arrived twice at once and the other one stored the key first: its onboarding is the answer.
                return await KeyedAsync(actor, key, cancellationToken) ?? Outcome<Guid>.From(SaveFailed(unique, actor, action));
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < Attempts)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
            catch (Exception failure) when (IsStorageFailure(failure))
            {
                return Outcome<Guid>.From(SaveFailed(failure, actor, action));
            }
        }
        onboarding.ClearPendingRevisions();
        notifier.Publish(new WorkspaceChange(onboarding.Id, actor.UserId) { Stages = [onboarding.Stage] });
        return Outcome<Guid>.Ok(onboarding.Id);
    }

    /// <summary>
    /// Saves the fields the person changed (<paramref name="edited"/> against <paramref name="original"/>, what they
    /// started from). Fields others changed meanwhile are kept; if someone changed one of the same fields, nothing is
    /// saved and the conflict says which, what the person typed, what is stored now, and who stored it.
    /// </summary>
    public Task<Outcome> UpdateDetailsAsync(Guid onboardingId, OnboardingDetails original, OnboardingDetails edited,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, "change the onboarding's fields", (onboarding, actor, now) =>
        {
            var mine = FieldCatalog.Changed(original, edited).Where(f => !Same(FieldCatalog.Read(original, f), FieldCatalog.Read(edited, f))).ToArray();
            if (mine.Where(f => !HandoffPolicy.MayEditField(actor, f)).ToArray() is { Length: > 0 } refused)
            {
                return Refusals.Forbidden(logger, actor, "change " + string.Join(", ", refused), "field.not-permitted",
                    $"You may not change {string.Join(", ", refused)}: ask a team admin or the owner of that package.",
                    string.Join(", ", refused));
            }
            if (SecretScreen.Screen(mine.Where(FieldCatalog.FreeText.Contains).Select(f => (f.ToString(), FieldCatalog.Read(edited, f))))
                is { } screened)
            {
                return screened;
            }
            var clashes = mine
                .Where(f => !Same(FieldCatalog.Read(onboarding.Details, f), FieldCatalog.Read(original, f))
                            && !Same(FieldCatalog.Read(onboarding.Details, f), FieldCatalog.Read(edited, f)))
                .Select(f => new ConflictDetail(f.ToString(), FieldCatalog.Read(edited, f), FieldCatalog.Read(onboarding.Details, f)))
                .ToArray();
            if (clashes.Length > 0)
            {
                return Outcome.Conflict(
                    $"Someone else changed {string.Join(", ", clashes.Select(c => c.Subject))} since you opened them; nothing was saved. Reload to see their values, then apply yours again.",
                    clashes);
            }
            var merged = mine.Aggregate(onboarding.Details, (d, f) => FieldCatalog.Copy(d, edited, f));
            onboarding.UpdateDetails(merged, actor, now);
            return null;
        }, WhenOutraced.Retry, cancellationToken);

    /// <summary>
    /// Changes an item's status, evidence, assignee or due date (or marks it not applicable), as of the version the
    /// person saw. If someone changed the item since, nothing is saved and the conflict says what is stored now.
    /// </summary>
    public Task<Outcome> UpdateItemAsync(Guid onboardingId, Guid itemId, int expectedVersion, ItemUpdate update,
        CancellationToken cancellationToken = default)
    {
        var evidenceOnly = false;
        return ChangeAsync(onboardingId, "change a checklist item", async (db, onboarding, actor, now, ct) =>
        {
            var item = onboarding.Item(itemId);
            if (actor.IsGuest && HandoffPolicy.MayCompleteItem(actor, item) && item.Version != expectedVersion)
            {
                // A guest's change decided on an older version is a conflict, as anyone's: checked before what a guest may
                // change, since the team may have moved the due date or the assignee meanwhile, which the guest's update
                // still carries as it was (that is no attempt to change them). Told on what the guest sees and changes:
                // status and evidence (the item is theirs to complete, so saying that it changed shows nothing new).
                return ItemConflict(item, update with { AssigneeName = item.AssigneeName, DueDate = item.DueDate, StatusReason = item.StatusReason });
            }
            if (actor.IsGuest && !HandoffPolicy.MayEditItem(actor, item, update))
            {
                // The same answer for an item the guest cannot see as for one they may not change: nothing of the team's shows.
                return Refusals.Forbidden(logger, actor, $"change '{item.Title}'", "item.guest-not-permitted",
                    "A guest of the customer completes only the items shared with their side that the customer completes, with status and evidence.");
            }
            if (!HandoffPolicy.MayEditItem(actor, item, update))
            {
                return item.OwnerRole == Role.TeamAdmin
                    ? Refusals.Forbidden(logger, actor, $"change '{item.Title}'", "item.admin-only", $"Only a team admin may change '{item.Title}'.", item.Title)
                    : Refusals.Forbidden(logger, actor, $"change '{item.Title}'", "item.not-permitted",
                        $"Only the owner of '{item.Title}' ({item.OwnerRole}) or a team admin may change it.", item.Title, item.OwnerRole);
            }
            if (update.Status == ItemStatus.NotApplicable && item.Status != ItemStatus.NotApplicable
                && !HandoffPolicy.MayMarkNotApplicable(actor))
            {
                return Refusals.Forbidden(logger, actor, $"mark '{item.Title}' not applicable", "item.na-not-permitted",
                    $"Only a team admin may mark '{item.Title}' not applicable.", item.Title);
            }
            // Screened: what may be stored. A name sent beside a user id is not (the account's own name is): neither its
            // length nor a key in it refuses the change.
            if (SecretScreen.Screen(update.AssigneeUserId is null ? update : update with { AssigneeName = null }) is { } screened)
            {
                return screened;
            }
            if (item.Version != expectedVersion)
            {
                return ItemConflict(item, update);
            }
            if (await AssignedAsync(db, item, update, ct) is not { } assigned)
            {
                return AssigneeNotOnTeam(item, update);
            }
            evidenceOnly = ItemUpdate.From(item) with { Evidence = update.Evidence } == assigned;
            onboarding.UpdateItem(itemId, assigned, actor, now);
            return null;
        }, WhenOutraced.Retry, cancellationToken, change => change with { EvidenceOnly = evidenceOnly });
    }

    /// <summary>
    /// The update with its assignee as the team knows them: a person newly assigned must be on the team (an account that is
    /// not disabled and holds a role, <see cref="TeamPeople"/>) and is stored under their account's name, whatever name the
    /// caller sent; an assignee kept keeps the stored name. Null when the person newly assigned is not on the team. Reads
    /// the account only when the assignee changes (one look-up by key). A name without an account (no user id) is taken as
    /// given, screened like every text: the sample workspace names people who have no account, and the domain and the
    /// exports take such names; neither the pages nor the API send one (the editor picks an account, the API takes a user id).
    /// </summary>
    private static async ValueTask<ItemUpdate?> AssignedAsync(AppDbContext db, HandoffItem item, ItemUpdate update, CancellationToken cancellationToken)
    {
        if (update.AssigneeUserId is not { } assignee)
        {
            return update;
        }
        if (assignee == item.AssigneeUserId)
        {
            return update with { AssigneeName = item.AssigneeName };
        }
        return await TeamPeople.NameAsync(db, assignee, cancellationToken) is { } name ? update with { AssigneeName = name } : null;
    }

    /// <summary>The code of an assignment refused because the person is not on the team (<see cref="TeamPeople"/>).</summary>
    public const string AssigneeNotOnTeamCode = "item.assignee-not-on-team";

    private Outcome AssigneeNotOnTeam(HandoffItem item, ItemUpdate update)
    {
        var who = string.IsNullOrWhiteSpace(update.AssigneeName) ? update.AssigneeUserId : update.AssigneeName;
        logger.LogInformation("Not assigned: {Assignee} is not on the team (disabled, no role, or no such account)", update.AssigneeUserId);
        return new Outcome
        {
            Status = OutcomeStatus.Refused, Code = AssigneeNotOnTeamCode, Arguments = [who, item.Title],
            Message = $"{who} cannot be assigned '{item.Title}': they are not on the team (their account is disabled or holds no role, or there is no such account). " +
                      "Choose someone from the list, or ask a team admin to give them a role under Users. Nothing was saved.",
        };
    }

    /// <summary>
    /// Reopens an item the customer completed (issue 11, point 3): back to open, with a required reason (screened like
    /// every text) that the revision log keeps, attributed to the person, and that the item shows to the team and the
    /// customer ("Reopened by X: reason"). The item's vendor owner role or a team admin (<see cref="HandoffPolicy.MayReopenCustomerItem"/>);
    /// never a guest. Only while the item is done; the domain's rules for items apply (a passed stage keeps it done).
    /// </summary>
    public Task<Outcome> ReopenCustomerItemAsync(Guid onboardingId, Guid itemId, int expectedVersion, string? reason,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, "reopen an item the customer completed", (onboarding, actor, now) =>
        {
            var item = onboarding.Item(itemId);
            if (!HandoffPolicy.MayReopenCustomerItem(actor, item))
            {
                return Refusals.Forbidden(logger, actor, $"reopen '{item.Title}'", "item.reopen-not-permitted",
                    $"Only the owner of '{item.Title}' ({item.OwnerRole}) or a team admin may reopen an item the customer completes.", item.Title, item.OwnerRole);
            }
            if (string.IsNullOrWhiteSpace(reason))
            {
                return new Outcome
                {
                    Status = OutcomeStatus.Refused, Code = "item.reopen-reason", Arguments = [item.Title],
                    Message = $"Say why '{item.Title}' is reopened, so the customer knows what to do again.",
                };
            }
            if (SecretScreen.Screen([("Reason", reason)]) is { } screened)
            {
                return screened;
            }
            var update = ItemUpdate.From(item) with { Status = ItemStatus.Open, StatusReason = reason };
            if (item.Version != expectedVersion)
            {
                return ItemConflict(item, update);
            }
            if (item.Status != ItemStatus.Done)
            {
                return new Outcome
                {
                    Status = OutcomeStatus.Refused, Code = "item.reopen-not-done", Arguments = [item.Title],
                    Message = $"'{item.Title}' is not done; only a done item is reopened.",
                };
            }
            onboarding.UpdateItem(itemId, update, actor, now);
            return null;
        }, WhenOutraced.Retry, cancellationToken);

    /// <summary>
    /// Sets (or, with no start and no end, clears) the go-live window, given in the wall-clock time of its time zone.
    /// Last writer wins; prefer the overload that says which window the person started from.
    /// </summary>
    public Task<Outcome> SetGoLiveWindowAsync(Guid onboardingId, DateTime? startLocal, DateTime? endLocal, string? timeZoneId,
        CancellationToken cancellationToken = default) =>
        SetGoLiveWindowAsync(onboardingId, checkOriginal: false, original: null, startLocal, endLocal, timeZoneId, cancellationToken);

    /// <summary>
    /// Sets (or clears) the go-live window, as a change from <paramref name="original"/>, the window the person saw
    /// (null: none was set). If someone else set another window since, nothing is saved and the conflict says which.
    /// </summary>
    public Task<Outcome> SetGoLiveWindowAsync(Guid onboardingId, GoLiveWindow? original, DateTime? startLocal, DateTime? endLocal,
        string? timeZoneId, CancellationToken cancellationToken = default) =>
        SetGoLiveWindowAsync(onboardingId, checkOriginal: true, original, startLocal, endLocal, timeZoneId, cancellationToken);

    /// <summary>
    /// Names the person for a support responsibility (blank removes the name). Last writer wins; prefer the
    /// overload that says which name the person started from.
    /// </summary>
    public Task<Outcome> AssignSupportAsync(Guid onboardingId, SupportResponsibility responsibility, string? personName,
        CancellationToken cancellationToken = default) =>
        AssignSupportAsync(onboardingId, responsibility, checkOriginal: false, originalName: null, personName, cancellationToken);

    /// <summary>
    /// Names the person for a support responsibility, as a change from <paramref name="originalName"/>, the name the
    /// person saw (null: nobody). If someone else named another person since, nothing is saved and the conflict says who.
    /// </summary>
    public Task<Outcome> AssignSupportAsync(Guid onboardingId, SupportResponsibility responsibility, string? originalName,
        string? personName, CancellationToken cancellationToken = default) =>
        AssignSupportAsync(onboardingId, responsibility, checkOriginal: true, originalName, personName, cancellationToken);

    /// <summary>
    /// Makes a move, decided on <paramref name="expectedStage"/>. If the onboarding moved meanwhile, or anything the
    /// move's gate was decided on changed before it was saved, nothing is done and the conflict says what changed.
    /// </summary>
    public Task<Outcome> FireAsync(Guid onboardingId, Move move, Stage expectedStage, string? reason = null,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(onboardingId, $"make the move {move}", (onboarding, actor, now) =>
        {
            if (!HandoffPolicy.MayFire(actor, move))
            {
                logger.Refused(actor, $"make the move {move}");
                var owners = HandoffPolicy.OwnersOf(move);
                var missing = new UnmetReason(UnmetReasonCode.MissingRole, $"Only a {string.Join(" or ", owners)} may {move}.", RequiredRoles: owners);
                return new Outcome
                {
                    Status = OutcomeStatus.Forbidden, Code = "move.refused", Message = $"{move} is not possible now: {missing.Message}",
                    Arguments = [move], Reasons = [missing],
                };
            }
            if (SecretScreen.Screen([("Reason", reason)]) is { } screened)
            {
                return screened;
            }
            if (onboarding.Stage != expectedStage)
            {
                return Outcome.Conflict(
                    $"This onboarding moved from {expectedStage} to {onboarding.Stage} since you looked; nothing was done. Look again before deciding.",
                    [new ConflictDetail("Stage", expectedStage.ToString(), onboarding.Stage.ToString())]);
            }
            onboarding.Fire(move, actor, now, reason);
            return null;
        }, WhenOutraced.Report, cancellationToken);

    /// <summary>The code of a create answered from an earlier request with the same idempotency key.</summary>
    public const string ReplayedCode = "onboarding.replayed";

    /// <summary>What an earlier request with this key did: its onboarding, or a refusal when the key was used for another request.</summary>
    private async Task<Outcome<Guid>?> KeyedAsync(Actor actor, CreateRequestKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.Set<IdempotencyKey>().AsNoTracking()
            .FirstOrDefaultAsync(k => k.UserId == actor.UserId && k.Key == key.Key, cancellationToken);
        if (earlier is null)
        {
            return null;
        }
        return earlier.Fingerprint == key.Fingerprint
            ? new Outcome<Guid> { Status = OutcomeStatus.Ok, Code = ReplayedCode, Value = earlier.OnboardingId }
            : Outcome<Guid>.From(new Outcome
            {
                Status = OutcomeStatus.Refused, Code = "onboarding.idempotency-key-reused",
                Message = "This Idempotency-Key was already used for another request; nothing was opened. Use a new key for a new onboarding.",
            });
    }

    /// <summary>
    /// One onboarding with its items and support matrix, for a signed-in person who may read the workspace
    /// (<see cref="HandoffPolicy.MayRead"/>, roles as stored now): Forbidden otherwise, NotFound when there is no such onboarding.
    /// </summary>
    public async Task<Outcome<Onboarding>> ReadAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read an onboarding", cancellationToken) is null)
        {
            return Outcome<Onboarding>.From(Refusals.NotTheTeam("an onboarding"));
        }
        return await FindAsync(onboardingId, cancellationToken) is { } onboarding
            ? Outcome<Onboarding>.Ok(onboarding)
            : Outcome<Onboarding>.From(OnboardingNotFound());
    }

    /// <summary>
    /// Loads one onboarding with its items and support matrix, untracked, for reading, without asking who reads: for this
    /// service and the tests; pages and the API read through <see cref="ReadAsync"/>.
    /// </summary>
    internal async Task<Onboarding?> FindAsync(Guid onboardingId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CompiledPerModel<Loads>.For(db).ForReading(db, onboardingId, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task<Outcome> SetGoLiveWindowAsync(Guid onboardingId, bool checkOriginal, GoLiveWindow? original,
        DateTime? startLocal, DateTime? endLocal, string? timeZoneId, CancellationToken cancellationToken) =>
        ChangeAsync(onboardingId, "set the go-live window", (onboarding, actor, now) =>
        {
            if (!HandoffPolicy.MayEditField(actor, OnboardingField.GoLiveWindow))
            {
                return FieldForbidden(actor, OnboardingField.GoLiveWindow);
            }
            var window = startLocal is null && endLocal is null
                ? null
                : GoLiveWindow.FromLocal(
                    startLocal ?? throw new DomainException("window.start-missing", "Give the window's start as well as its end."),
                    endLocal ?? throw new DomainException("window.end-missing", "Give the window's end as well as its start."),
                    timeZoneId ?? "");
            if (checkOriginal && !Equals(onboarding.GoLiveWindow, original) && !Equals(onboarding.GoLiveWindow, window))
            {
                return Outcome.Conflict(
                    "Someone else changed the go-live window since you opened it; nothing was saved. Reload to see it, then set yours again.",
                    [new ConflictDetail(nameof(OnboardingField.GoLiveWindow), window?.ToString(), onboarding.GoLiveWindow?.ToString())]);
            }
            onboarding.SetGoLiveWindow(window, actor, now);
            return null;
        }, WhenOutraced.Retry, cancellationToken);

    private Task<Outcome> AssignSupportAsync(Guid onboardingId, SupportResponsibility responsibility, bool checkOriginal,
        string? originalName, string? personName, CancellationToken cancellationToken) =>
        ChangeAsync(onboardingId, "change the support matrix", (onboarding, actor, now) =>
        {
            if (!HandoffPolicy.MayEditField(actor, OnboardingField.SupportMatrix))
            {
                return FieldForbidden(actor, OnboardingField.SupportMatrix);
            }
            if (SecretScreen.Screen([(responsibility.ToString(), personName)]) is { } screened)
            {
                return screened;
            }
            var stored = onboarding.SupportMatrix.FirstOrDefault(a => a.Responsibility == responsibility)?.PersonName;
            if (checkOriginal && !Same(stored, originalName) && !Same(stored, personName))
            {
                return Outcome.Conflict(
                    $"Someone else changed who {responsibility} since you opened it; nothing was saved. Reload to see it, then name yours again.",
                    [new ConflictDetail(responsibility.ToString(), Clean(personName), stored)]);
            }
            onboarding.AssignSupport(responsibility, personName, actor, now);
            return null;
        }, WhenOutraced.Retry, cancellationToken);

    private Task<Outcome> ChangeAsync(Guid onboardingId, string action, Act act, WhenOutraced whenOutraced,
        CancellationToken cancellationToken, Func<WorkspaceChange, WorkspaceChange>? describe = null) =>
        ChangeAsync(onboardingId, action, (_, onboarding, actor, now, _) => ValueTask.FromResult(act(onboarding, actor, now)), whenOutraced,
            cancellationToken, describe);

    private async Task<Outcome> ChangeAsync(Guid onboardingId, string action, ActReading act, WhenOutraced whenOutraced,
        CancellationToken cancellationToken, Func<WorkspaceChange, WorkspaceChange>? describe = null)
    {
        var actor = await currentActor.GetAsync(cancellationToken);
        if (actor is null)
        {
            return Refusals.NotSignedIn(logger, action);
        }
        for (var attempt = 1; ; attempt++)
        {
            // Changes of one onboarding in line from load to save: each save's gate summary is computed from the last.
            var phases = WritePhases.Start();
            using var inLine = (await WriteGate.OnboardingAsync(onboardingId, cancellationToken)).Here();
            phases.Mark(WritePhase.Line);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            ConflictReport.Seen? seen = null;
            IReadOnlyList<Stage> stages = [];
            Onboarding? loaded = null;
            try
            {
                var onboarding = loaded = await LoadForChange(db, onboardingId, cancellationToken);
                phases.Mark(WritePhase.Load);
                if (onboarding is null)
                {
                    return OnboardingNotFound();
                }
                seen = ConflictReport.Snapshot(onboarding);
                var before = Notifications.OnboardingBefore.Of(onboarding);
                var stageBefore = onboarding.Stage;
                if (await act(db, onboarding, actor, Now, cancellationToken) is { } early)
                {
                    return early.Status == OutcomeStatus.Conflict
                        ? early with { Conflicts = await ConflictReport.AttributeAsync(db, onboardingId, early.Conflicts, cancellationToken) }
                        : early;
                }
                if (onboarding.PendingRevisions.Count == 0)
                {
                    return Outcome.Ok();
                }
                phases.Mark(WritePhase.Act);
                db.Revisions.AddRange(onboarding.PendingRevisions);
                await Notifications.NotificationOutbox.RecordAsync(db, onboarding, before, actor, Now, cancellationToken);
                phases.Mark(WritePhase.Notifications);
                await Webhooks.WebhookOutbox.RecordAsync(db, onboarding, before, actor, Now, cancellationToken);
                phases.Mark(WritePhase.Webhooks);
                // What changed is found before the write turn, not while others wait for it: nothing changes after this.
                db.ChangeTracker.DetectChanges();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                phases.Mark(WritePhase.Detect);
                // The app's one write turn, with the changes of other people waiting for it at the same moment: one commit
                // for all, each change under its own savepoint (WriteGate.SaveTogetherAsync); waiting is told apart from saving.
                var savingSince = await WriteGate.SaveTogetherAsync(db, cancellationToken);
                phases.MarkAt(WritePhase.Turn, savingSince);
                phases.Mark(WritePhase.Save);
                stages = stageBefore == onboarding.Stage ? [stageBefore] : [stageBefore, onboarding.Stage];
            }
            catch (MoveRefusedException refused)
            {
                if (loaded is not null)
                {
                    await TellWhoTheGateWaitsOnAsync(loaded, refused.Check.Move, actor, cancellationToken);
                }
                return new Outcome
                {
                    Status = OutcomeStatus.Refused, Code = refused.Code, Message = refused.Message,
                    Arguments = refused.Arguments, Reasons = refused.Check.Reasons,
                };
            }
            catch (DomainException refusal)
            {
                return Refusals.Answer(logger, actor, action, refusal);
            }
            catch (DbUpdateConcurrencyException) when (whenOutraced == WhenOutraced.Retry && attempt < Attempts)
            {
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return await OutracedAsync(onboardingId, seen!, cancellationToken);
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < Attempts)
            {
                await Task.Delay(50 * attempt, cancellationToken);
                continue;
            }
            catch (Exception failure) when (IsStorageFailure(failure))
            {
                return SaveFailed(failure, actor, action);
            }
            // Out of line before the pages hear of it: the next change of this onboarding waits for no page.
            inLine.Dispose();
            phases.Log(logger, onboardingId, attempt);
            var change = new WorkspaceChange(onboardingId, actor.UserId) { Stages = stages };
            notifier.Publish(describe?.Invoke(change) ?? change);
            return Outcome.Ok();
        }
    }

    /// <summary>
    /// A refused forward move saves nothing of the move, but the gate owner's try tells the owners the gate waits on
    /// ("waiting on you", once per onboarding and stage): an outbox row of its own, written still in the onboarding's line.
    /// Not being able to write it never turns the refusal into another answer.
    /// </summary>
    private async Task TellWhoTheGateWaitsOnAsync(Onboarding onboarding, Move move, Actor actor, CancellationToken cancellationToken)
    {
        if (!HandoffPolicy.MayFire(actor, move) || Notifications.NotificationRules.WhenMoveRefused(onboarding, move, actor) is not { } waiting)
        {
            return;
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await Notifications.NotificationOutbox.AddAsync(db, [waiting], Now, cancellationToken);
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (DbUpdateException unique) when (UniqueViolation.Is(unique))
        {
            // Another instance told them first (the same try at the same moment): once is enough.
        }
        catch (Exception failure) when (IsStorageFailure(failure) || DataSetup.IsBusy(failure))
        {
            logger.LogWarning(failure, "Could not record who the gate of {Onboarding} waits on", onboarding.Id);
        }
    }

    /// <summary>A save lost the race for a change that is not retried (a move): what changed since it was decided.</summary>
    private async Task<Outcome> OutracedAsync(Guid onboardingId, ConflictReport.Seen seen, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = await db.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == onboardingId, cancellationToken);
        if (now is null)
        {
            return OnboardingNotFound();
        }
        var changes = await ConflictReport.AttributeAsync(db, onboardingId, ConflictReport.Compare(seen, now), cancellationToken);
        return Outcome.Conflict(
            "Someone else saved a change to this onboarding while yours was being saved; nothing of yours was saved. Look at what changed, then decide again.",
            changes);
    }

    private static Outcome ItemConflict(HandoffItem stored, ItemUpdate theirs)
    {
        var details = new List<ConflictDetail>();
        void Compare(string part, object? mine, object? now)
        {
            var m = Show(mine);
            var n = Show(now);
            if (!Same(m, n))
            {
                details.Add(new ConflictDetail($"{stored.Title} · {part}", m, n));
            }
        }
        Compare("Status", theirs.Status, stored.Status);
        Compare("Evidence", theirs.Evidence, stored.Evidence);
        Compare("Reason", theirs.StatusReason, stored.StatusReason);
        Compare("Assignee", theirs.AssigneeName, stored.AssigneeName);
        Compare("Due", theirs.DueDate, stored.DueDate);
        if (details.Count == 0)
        {
            // Someone else already saved exactly what this person wanted: nothing is left to do.
            return Outcome.Ok();
        }
        return Outcome.Conflict(
            $"'{stored.Title}' was changed by someone else since you opened it; nothing was saved. Reload it (what you typed is kept) and save again.",
            details);
    }

    private static string? Show(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => Clean(value.ToString()),
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Equal as a person means it: surrounding blanks and empty-versus-nothing do not count.</summary>
    private static bool Same(string? a, string? b) => string.Equals(Clean(a), Clean(b), StringComparison.Ordinal);

    private Outcome FieldForbidden(Actor actor, OnboardingField field) =>
        Refusals.Forbidden(logger, actor, $"change {field}", "field.not-permitted",
            $"You may not change {field}: ask a team admin or the owner of that package.", field.ToString());

    private static Outcome OnboardingNotFound() =>
        Outcome.NotFound("That onboarding does not exist (it may have been removed). Go back to the list.");

    private static bool IsStorageFailure(Exception exception) => StorageFailure.Is(exception);

    private Outcome SaveFailed(Exception failure, Actor actor, string action)
    {
        logger.LogError(failure, "Saving failed: {Actor} tried to {Action}", actor, action);
        return Outcome.Failed(
            "The change could not be saved (the database refused it); nothing was saved and what you typed is kept. Try again in a moment; if it keeps failing, tell your team admin.");
    }
}
