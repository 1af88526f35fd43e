using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Delivers the outbox. Each run claims due rows with a lease (an UPDATE that only takes rows nobody holds, so several
/// instances on one database never hold one row at once; on PostgreSQL the rows are picked with <c>FOR UPDATE SKIP
/// LOCKED</c>, see <see cref="ClaimAsync"/>), delivers each, and marks it delivered only while its lease
/// still holds, in one transaction with what the delivery wrote — one transaction and one write turn for the rows of a
/// batch together (<see cref="DeliverAsync(IReadOnlyList{OutboxMessage}, CancellationToken)"/>), each row still delivered,
/// retried or given up on its own. A row that sends something (a mail, a webhook) is sent only while its lease holds
/// and has not run out (renewed for the send), and is marked delivered as soon as it is sent: a batch that outlasts
/// its lease leaves the rows it has not sent to the next claim, and no row it sent is sent again by another dispatcher. A notification row becomes one in-app notification per
/// recipient (unique per row and person) and the e-mails to send; an e-mail row is one mail. A row whose delivery
/// fails is tried again later (backoff: 30 s, 1 min, 2 min … at most an hour) until <see cref="NotificationOptions.MaxAttempts"/>;
/// every attempt is recorded. A dispatcher that dies (kill -9) leaves its rows leased: when the lease runs out another
/// run takes them over, and nothing it had not marked delivered is lost. A webhook row is one signed POST
/// (<see cref="WebhookSender"/>): retried with the same backoff until a day after its first attempt rather than
/// <see cref="NotificationOptions.MaxAttempts"/> times; its delivery log line is written with every attempt.
/// </summary>
/// <remarks>
/// The one repeat: a mail or webhook in flight when its dispatcher dies (accepted by the receiver, not yet marked), or
/// whose one send outlasts the whole lease, is sent again by the dispatcher that takes the row over (with the same
/// Message-ID or event id); everything written to the database is exactly once.
/// </remarks>
public sealed class OutboxDispatcher(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    NotificationTexts texts,
    IMailSender mail,
    IOptions<EmailOptions> email,
    IOptions<NotificationOptions> options,
    NotificationSignal signal,
    ILogger<OutboxDispatcher> logger,
    WebhookSender? webhooks = null,
    Portal.GuestLinkMail? guestLinks = null)
{
    /// <summary>The most rows one claim takes (completed in one or a few transactions: <see cref="MostWrittenTogether"/>).</summary>
    internal const int BatchSize = 50;

    /// <summary>Who holds a lease: this process and this dispatcher.</summary>
    public string Owner { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The wait before attempt <paramref name="attempt"/>+1: 30 s doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempt - 1))));

    /// <summary>Claims and delivers one batch; returns how many rows were handled (delivered or rescheduled).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await ClaimAsync(cancellationToken);
        await DeliverAsync(claimed, cancellationToken);
        return claimed.Count;
    }

    /// <summary>Takes up to a batch of due rows that no live lease holds; they are this dispatcher's until the lease ends.</summary>
    /// <remarks>
    /// SQLite has one writer at a time, so one UPDATE over the oldest due rows is the claim. PostgreSQL runs claims of
    /// several instances at once: there the rows are chosen with <c>FOR UPDATE SKIP LOCKED</c> and leased in the same
    /// statement (<see cref="OutboxClaim"/>), so a row another claim is taking is passed over, never waited for and never
    /// taken twice.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        var token = Guid.NewGuid();
        var until = now + options.Value.Lease;
        var owner = Owner;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await Busy.RetryAsync(async () =>
        {
            if (!db.Database.IsSqlite())
            {
                return await OutboxClaim.SkipLockedAsync(db, owner, token, until, now, BatchSize, cancellationToken);
            }
            // Due first, in the order of the claim's index (State, NextAttemptAtUtc; a new row is due when it is made, so
            // that is oldest first): SQLite reads the index's first rows and stops at the batch. Ordered by CreatedAtUtc
            // it read and sorted every pending row instead, in the write turn (about a second with 490,000 reminders
            // pending, while every person's save waited).
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            return await db.Set<OutboxMessage>()
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAtUtc <= now && (m.LeaseUntilUtc == null || m.LeaseUntilUtc <= now))
                .OrderBy(m => m.NextAttemptAtUtc)
                .Take(BatchSize)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LeaseOwner, owner)
                    .SetProperty(m => m.LeaseToken, token)
                    .SetProperty(m => m.LeaseUntilUtc, until), cancellationToken);
        }, cancellationToken);
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.LeaseToken == token)
            .OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The most in-app notifications one completion writes: a batch whose rows fan out to many people is completed in parts.</summary>
    private const int MostWrittenTogether = 200;

    /// <summary>
    /// Delivers rows this dispatcher claimed (<see cref="ClaimAsync"/>): what delivery needs is read for the batch at once
    /// (the recipients of every notification row, the notifications and people of every e-mail row), each row is
    /// delivered on its own (a row that fails is retried alone; one that sent a mail is completed at once, see the
    /// class), and then the rows are completed together — marked delivered with what their delivery wrote, or
    /// rescheduled, or given up — in one transaction and one write turn
    /// (<see cref="CompleteAllAsync"/>), instead of a context, a transaction and a write turn per row (about 2 ms of
    /// processor time per row: 40 s for the 25,000 reminders of the first round at 10,000 onboardings). Webhook rows are
    /// delivered and completed one by one, as before: their delivery log and endpoint state are kept per attempt.
    /// </summary>
    public async Task DeliverAsync(IReadOnlyList<OutboxMessage> claimed, CancellationToken cancellationToken = default)
    {
        if (claimed.Count == 0)
        {
            return;
        }
        var done = new List<Done>(claimed.Count);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // A read for the batch that fails fails each of its rows, as each row's own read did.
            var notificationRows = claimed.Where(m => m.Type == OutboxTypes.Notification).ToList();
            Dictionary<Guid, Func<DateTime, Done>> fanOut;
            try
            {
                fanOut = await FanOutAsync(db, notificationRows, cancellationToken);
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                fanOut = notificationRows.ToDictionary(m => m.Id, _ => (Func<DateTime, Done>)(_ => throw failure));
            }
            EmailsOfBatch emails;
            try
            {
                emails = await EmailsOfAsync(db, [.. claimed.Where(m => m.Type == OutboxTypes.Email)], cancellationToken);
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                emails = new EmailsOfBatch([], [], failure);
            }
            foreach (var message in claimed)
            {
                if (message.Type == OutboxTypes.Webhook)
                {
                    continue;
                }
                var started = Now;
                Done? row;
                try
                {
                    row = message.Type switch
                    {
                        OutboxTypes.Notification => fanOut[message.Id](started),
                        OutboxTypes.Email => await SendEmailAsync(db, message, emails, started, cancellationToken),
                        OutboxTypes.Digest => await SendDigestAsync(db, message, started, cancellationToken),
                        OutboxTypes.GuestLink => await SendGuestLinkAsync(db, message, started, cancellationToken),
                        _ => throw new InvalidOperationException($"No delivery for outbox rows of type '{message.Type}'."),
                    };
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(failure, "Delivering outbox row {Id} ({Type}) failed, attempt {Attempt}", message.Id, message.Type, message.AttemptCount + 1);
                    row = new Done(message, started, Failure: failure);
                }
                if (row is null)
                {
                    // Its lease ran out (or another dispatcher holds it): nothing was sent; the next claim takes it.
                    continue;
                }
                if (row.Sent)
                {
                    // Marked delivered at once, not with the batch: were the batch to outlast the lease, another
                    // dispatcher taking the row over would send it again.
                    await CompleteAllAsync([row], cancellationToken);
                    continue;
                }
                done.Add(row);
            }
        }
        var part = new List<Done>();
        var written = 0;
        foreach (var row in done)
        {
            part.Add(row);
            written += row.Written;
            if (written >= MostWrittenTogether)
            {
                await CompleteAllAsync(part, cancellationToken);
                part = [];
                written = 0;
            }
        }
        await CompleteAllAsync(part, cancellationToken);
        foreach (var message in claimed.Where(m => m.Type == OutboxTypes.Webhook))
        {
            await DeliverWebhookAsync(message, cancellationToken);
        }
    }

    /// <summary>
    /// The notification rows of a batch fanned out to their recipients, with one read each of the role holders, the people
    /// and their choices for the whole batch: per row, what its completion writes (its in-app notifications and the
    /// e-mails to send), or the failure that keeps it from being delivered.
    /// </summary>
    private async Task<Dictionary<Guid, Func<DateTime, Done>>> FanOutAsync(AppDbContext db, IReadOnlyList<OutboxMessage> rows,
        CancellationToken cancellationToken)
    {
        var plans = new Dictionary<Guid, Func<DateTime, Done>>();
        if (rows.Count == 0)
        {
            return plans;
        }
        var events = new Dictionary<Guid, NotificationEvent>();
        foreach (var message in rows)
        {
            try
            {
                events[message.Id] = NotificationEvent.FromJson(message.Payload);
            }
            catch (Exception unreadable) when (!cancellationToken.IsCancellationRequested)
            {
                plans[message.Id] = _ => throw unreadable;
            }
        }
        var roleNames = events.Values.SelectMany(e => e.Roles).Distinct().Select(r => r.ToString()).ToArray();
        var byRole = roleNames.Length == 0
            ? Enumerable.Empty<(string Role, string UserId)>().ToLookup(h => h.Role, h => h.UserId)
            : (await (from userRole in db.UserRoles
                      join role in db.Roles on userRole.RoleId equals role.Id
                      where roleNames.Contains(role.Name!)
                      select new { Role = role.Name!, userRole.UserId }).ToListAsync(cancellationToken))
                .ToLookup(h => h.Role, h => h.UserId, StringComparer.Ordinal);
        var recipients = events.ToDictionary(e => e.Key, e => e.Value.Roles.Distinct().SelectMany(r => byRole[r.ToString()]).Concat(e.Value.UserIds)
            .Where(id => id != e.Value.ActorId).Distinct(StringComparer.Ordinal).ToArray());
        var ids = recipients.Values.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToArray();
        var kinds = events.Values.Select(e => e.Kind).Distinct().ToArray();
        var people = ids.Length == 0
            ? []
            : await TeamPeople.Of(db).Where(u => ids.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.PreferredLanguage }).ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);
        var chosen = ids.Length == 0
            ? []
            : (await db.Set<NotificationPreference>().AsNoTracking().Where(p => ids.Contains(p.UserId) && kinds.Contains(p.Kind))
                .Select(p => new { p.UserId, p.Kind, p.Delivery }).ToListAsync(cancellationToken))
                .ToDictionary(p => (p.UserId, p.Kind), p => p.Delivery);
        foreach (var (id, e) in events)
        {
            var message = rows.First(m => m.Id == id);
            var to = recipients[id].Where(people.ContainsKey).Select(p => people[p]).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            plans[id] = started =>
            {
                var now = Now;
                var notifications = to.Select(person =>
                {
                    var (subject, body) = texts.Render(e, NotificationTexts.CultureOf(person.PreferredLanguage));
                    var plan = !mail.Enabled || string.IsNullOrEmpty(person.Email)
                        ? EmailPlan.None
                        : chosen.GetValueOrDefault((person.Id, e.Kind)) switch
                        {
                            NotificationDelivery.EmailNow => EmailPlan.Now,
                            NotificationDelivery.DailyDigest => EmailPlan.Digest,
                            _ => EmailPlan.None,
                        };
                    return new Notification(message.Id, person.Id, e.Kind, e.OnboardingId, e.ItemId, subject, body, e.Link, now, plan);
                }).ToList();
                var emails = notifications.Where(n => n.Email == EmailPlan.Now)
                    .Select(n => new OutboxMessage(OutboxTypes.Email, NotificationEvent.Serialize(new EmailWork(n.Id)), now, $"mail:{n.Id:N}"))
                    .ToList();
                return new Done(message, started, write =>
                {
                    write.AddRange(notifications);
                    write.AddRange(emails);
                    return Task.CompletedTask;
                }, Recipients: [.. notifications.Select(n => n.RecipientId)]);
            };
        }
        return plans;
    }

    /// <summary>The notifications the e-mail rows of a batch mail, and their recipients, read once for the batch.</summary>
    private static async Task<EmailsOfBatch> EmailsOfAsync(AppDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return new EmailsOfBatch([], []);
        }
        var ids = rows.Select(m => Readable(m.Payload)).OfType<Guid>().Distinct().ToArray();
        var notifications = await db.Set<Notification>().AsNoTracking().Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken);
        var recipientIds = notifications.Values.Select(n => n.RecipientId).Distinct(StringComparer.Ordinal).ToArray();
        var people = await TeamPeople.Of(db).Where(u => recipientIds.Contains(u.Id))
            .Select(u => new Recipient(u.Id, u.Email, u.DisplayName, u.PreferredLanguage))
            .ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);
        return new EmailsOfBatch(notifications, people);
    }

    // An e-mail row's notification, or null when its payload cannot be read (the row fails when it is delivered).
    private static Guid? Readable(string payload)
    {
        try
        {
            return NotificationEvent.Deserialize<EmailWork>(payload).NotificationId;
        }
        catch (Exception unreadable) when (unreadable is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private async Task<Done?> SendEmailAsync(AppDbContext db, OutboxMessage message, EmailsOfBatch batch, DateTime started,
        CancellationToken cancellationToken)
    {
        if (batch.Failure is { } unread)
        {
            throw unread;
        }
        var work = NotificationEvent.Deserialize<EmailWork>(message.Payload);
        var notification = batch.Notifications.GetValueOrDefault(work.NotificationId);
        var person = notification is null ? null : batch.People.GetValueOrDefault(notification.RecipientId);
        if (notification is null || person is not { Email.Length: > 0 } || !mail.Enabled)
        {
            return new Done(message, started);
        }
        if (!await StillMineAsync(db, message, cancellationToken))
        {
            return null;
        }
        var content = texts.Mail(notification, email.Value.SiteUrl, NotificationTexts.CultureOf(person.PreferredLanguage));
        await mail.SendAsync(person.Email!, person.DisplayName, content, MessageId(message), cancellationToken);
        return new Done(message, started, Sent: true);
    }

    /// <summary>
    /// Completes delivered and failed rows together: one transaction and one write turn for all (held for their few
    /// statements, never while anything is sent). Each row is marked only while its lease holds; a row whose lease was lost
    /// writes nothing. If the rows cannot be completed together (a row's writes are refused), each is completed alone, so
    /// a row that cannot be written is retried later (its attempt recorded as failed) and the others are delivered.
    /// </summary>
    private async Task CompleteAllAsync(IReadOnlyList<Done> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        HashSet<Guid> completed;
        try
        {
            completed = await CompleteTogetherAsync(rows, cancellationToken);
        }
        catch (Exception together) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(together, "Completing {Count} outbox rows together failed; each is completed alone", rows.Count);
            completed = [];
            foreach (var row in rows)
            {
                if (await CompleteAloneAsync(row, cancellationToken))
                {
                    completed.Add(row.Message.Id);
                }
            }
        }
        var delivered = rows.Where(r => r.Failure is null).ToList();
        foreach (var row in delivered.Where(r => !completed.Contains(r.Message.Id)))
        {
            logger.LogWarning("Outbox row {Id}: the lease of {Owner} ran out before it was delivered; another dispatcher has it", row.Message.Id, Owner);
        }
        var told = delivered.Where(r => completed.Contains(r.Message.Id)).SelectMany(r => r.Recipients ?? []).ToList();
        if (told.Count > 0)
        {
            signal.Publish(told);
        }
    }

    /// <summary>One transaction for the rows; returns the delivered rows marked (those whose lease still held).</summary>
    private async Task<HashSet<Guid>> CompleteTogetherAsync(IReadOnlyList<Done> rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivered = rows.Where(r => r.Failure is null).ToList();
        var failed = rows.Where(r => r.Failure is not null).ToList();
        // Every row of a claim is marked by one statement; only when some lease was lost (the count falls short) are the
        // rows marked one by one, to know which.
        var oneByOne = false;
        while (true)
        {
            var result = await Busy.RetryAsync(async () =>
            {
                db.ChangeTracker.Clear();
                using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = Now;
                var marked = new HashSet<Guid>();
                foreach (var claim in oneByOne ? [] : delivered.GroupBy(r => r.Message.LeaseToken))
                {
                    var ids = claim.Select(r => r.Message.Id).ToArray();
                    var token = claim.Key;
                    var count = await db.Set<OutboxMessage>()
                        .Where(m => ids.Contains(m.Id) && m.LeaseToken == token && m.State == OutboxState.Pending)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(m => m.State, OutboxState.Delivered)
                            .SetProperty(m => m.DeliveredAtUtc, now)
                            .SetProperty(m => m.AttemptCount, m => m.AttemptCount + 1)
                            .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                            .SetProperty(m => m.LastError, (string?)null), cancellationToken);
                    if (count != ids.Length)
                    {
                        await transaction.RollbackAsync(cancellationToken);
                        return ((HashSet<Guid> Marked, List<Done> GivenUp)?)null;
                    }
                    marked.UnionWith(ids);
                }
                var written = await WriteAsync(db, oneByOne ? delivered : [.. delivered.Where(r => marked.Contains(r.Message.Id))], failed, oneByOne, now,
                    cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return written;
            }, cancellationToken);
            if (result is not { } done)
            {
                oneByOne = true;
                continue;
            }
            foreach (var row in done.GivenUp)
            {
                logger.LogError("Outbox row {Id} ({Type}) failed {Attempts} times and is given up: {Error}", row.Message.Id, row.Message.Type,
                    row.Message.AttemptCount + 1, Error(row.Failure!));
            }
            return done.Marked;
        }
    }
    /// <summary>
    /// Inside the completion's transaction: marks the delivered rows one by one first when <paramref name="oneByOne"/>
    /// (else they are marked already), adds their attempts and writes, and reschedules or gives up the failed rows.
    /// </summary>
    private async Task<(HashSet<Guid> Marked, List<Done> GivenUp)> WriteAsync(AppDbContext db, IReadOnlyList<Done> delivered, IReadOnlyList<Done> failed,
        bool oneByOne, DateTime now, CancellationToken cancellationToken)
    {
        var marked = new HashSet<Guid>();
        foreach (var row in delivered)
        {
            if (oneByOne && await MarkDeliveredAsync(db, row.Message, now, cancellationToken) == 0)
            {
                continue;
            }
            marked.Add(row.Message.Id);
            db.Add(new OutboxAttempt(row.Message.Id, row.Message.AttemptCount + 1, Owner, row.Started, now, succeeded: true, error: null));
            if (row.Write is not null)
            {
                await row.Write(db);
            }
        }
        var givenUp = new List<Done>();
        foreach (var row in failed)
        {
            var attempt = row.Message.AttemptCount + 1;
            var giveUp = attempt >= options.Value.MaxAttempts;
            var error = Error(row.Failure!);
            if (await MarkFailedAsync(db, row.Message, attempt, giveUp, error, now, cancellationToken) == 1)
            {
                db.Add(new OutboxAttempt(row.Message.Id, attempt, Owner, row.Started, now, succeeded: false, error));
                if (giveUp)
                {
                    givenUp.Add(row);
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return (marked, givenUp);
    }

    /// <summary>A row completed by itself, as when rows are not completed together: false when it was not marked delivered.</summary>
    private async Task<bool> CompleteAloneAsync(Done row, CancellationToken cancellationToken)
    {
        if (row.Failure is not null)
        {
            await FailAsync(row.Message, row.Started, row.Failure, cancellationToken);
            return false;
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await CompleteAsync(db, row.Message, row.Started, row.Write, cancellationToken, quiet: true);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(failure, "Completing outbox row {Id} ({Type}) failed, attempt {Attempt}", row.Message.Id, row.Message.Type, row.Message.AttemptCount + 1);
            await FailAsync(row.Message, row.Started, failure, cancellationToken);
            return false;
        }
    }

    private static Task<int> MarkDeliveredAsync(AppDbContext db, OutboxMessage message, DateTime now, CancellationToken cancellationToken)
    {
        var token = message.LeaseToken;
        var attempt = message.AttemptCount + 1;
        return db.Set<OutboxMessage>()
            .Where(m => m.Id == message.Id && m.LeaseToken == token && m.State == OutboxState.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Delivered)
                .SetProperty(m => m.DeliveredAtUtc, now)
                .SetProperty(m => m.AttemptCount, attempt)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null), cancellationToken);
    }

    private static Task<int> MarkFailedAsync(AppDbContext db, OutboxMessage message, int attempt, bool giveUp, string error, DateTime now,
        CancellationToken cancellationToken)
    {
        var token = message.LeaseToken;
        return db.Set<OutboxMessage>()
            .Where(m => m.Id == message.Id && m.LeaseToken == token && m.State == OutboxState.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, giveUp ? OutboxState.Failed : OutboxState.Pending)
                .SetProperty(m => m.AttemptCount, attempt)
                .SetProperty(m => m.NextAttemptAtUtc, now + Backoff(attempt))
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(m => m.LastError, error), cancellationToken);
    }

    private static string Error(Exception failure)
    {
        var error = $"{failure.GetType().Name}: {failure.Message}";
        return error.Length > 1000 ? error[..1000] : error;
    }

    /// <summary>A webhook row, delivered and completed by itself (its log line and its endpoint's state go with each attempt).</summary>
    private async Task DeliverWebhookAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var started = Now;
        try
        {
            await SendWebhookAsync(message, started, cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(failure, "Delivering outbox row {Id} ({Type}) failed, attempt {Attempt}", message.Id, message.Type, message.AttemptCount + 1);
            try
            {
                await FailAsync(message, started, failure, cancellationToken);
            }
            catch (Exception unrecorded) when (!cancellationToken.IsCancellationRequested)
            {
                // The rows after it are still delivered; this one is taken again when its lease runs out.
                logger.LogError(unrecorded, "Recording the failed attempt of outbox row {Id} ({Type}) failed", message.Id, message.Type);
            }
        }
    }

    /// <summary>
    /// A delivered row (<see cref="Failure"/> null: its <see cref="Write"/>, if any, goes in its completion's transaction,
    /// and <see cref="Recipients"/> are told after the commit) or a failed one, to be completed with others; one that
    /// <see cref="Sent"/> a mail is completed at once.
    /// </summary>
    private sealed record Done(OutboxMessage Message, DateTime Started, Func<AppDbContext, Task>? Write = null, Exception? Failure = null,
        IReadOnlyList<string>? Recipients = null, bool Sent = false)
    {
        /// <summary>About how many rows its completion writes (to bound one completion).</summary>
        public int Written => 1 + (Recipients?.Count ?? 0);
    }

    private sealed record Recipient(string Id, string? Email, string DisplayName, string? PreferredLanguage);

    private sealed record EmailsOfBatch(Dictionary<Guid, Notification> Notifications, Dictionary<string, Recipient> People, Exception? Failure = null);

    private async Task<Done?> SendDigestAsync(AppDbContext db, OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var work = NotificationEvent.Deserialize<DigestWork>(message.Payload);
        var cutoff = message.CreatedAtUtc;
        var notifications = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == work.UserId && n.Email == EmailPlan.Digest && n.DigestedAtUtc == null && n.CreatedAtUtc <= cutoff)
            .OrderBy(n => n.CreatedAtUtc).ThenBy(n => n.Id).ToListAsync(cancellationToken);
        var person = await TeamPeople.Of(db).Where(u => u.Id == work.UserId)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage }).FirstOrDefaultAsync(cancellationToken);
        var sent = false;
        if (notifications.Count > 0 && person is { Email.Length: > 0 } && mail.Enabled)
        {
            if (!await StillMineAsync(db, message, cancellationToken))
            {
                return null;
            }
            var content = texts.Digest(notifications, email.Value.SiteUrl, NotificationTexts.CultureOf(person.PreferredLanguage));
            await mail.SendAsync(person.Email!, person.DisplayName, content, MessageId(message), cancellationToken);
            sent = true;
        }
        var ids = notifications.Select(n => n.Id).ToArray();
        return new Done(message, started, async write =>
        {
            var now = Now;
            await write.Set<Notification>().Where(n => ids.Contains(n.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.DigestedAtUtc, now), cancellationToken);
        }, Sent: sent);
    }

    /// <summary>A guest's sign-in link (issue 11): sent while the link still works; a replaced, revoked or expired one is not.</summary>
    private async Task<Done?> SendGuestLinkAsync(AppDbContext db, OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var composer = guestLinks ?? throw new InvalidOperationException("The portal is not set up in this app (AddHandoffPortal).");
        if (!mail.Enabled)
        {
            return new Done(message, started);
        }
        if (!await StillMineAsync(db, message, cancellationToken))
        {
            return null;
        }
        if (await composer.ComposeAsync(db, message.Payload, Now, cancellationToken) is not { } composed)
        {
            return new Done(message, started);
        }
        await mail.SendAsync(composed.To, null, composed.Content, MessageId(message), cancellationToken);
        return new Done(message, started, Sent: true);
    }

    private async Task SendWebhookAsync(OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var sender = webhooks ?? throw new InvalidOperationException("Webhooks are not set up in this app (AddHandoffWebhooks).");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await StillMineAsync(db, message, cancellationToken))
        {
            return;
        }
        var (result, statusCode) = await sender.SendAsync(db, message, cancellationToken);
        if (result == WebhookSendResult.Held)
        {
            await HoldAsync(db, message, Now + WebhookSender.HeldFor, cancellationToken);
            return;
        }
        await CompleteAsync(db, message, started, write => result == WebhookSendResult.Delivered
            ? sender.DeliveredAsync(write, message, message.AttemptCount + 1, statusCode, Now, cancellationToken)
            : Task.CompletedTask, cancellationToken);
    }

    /// <summary>Hands a row back untried (no attempt counted) to be looked at again at <paramref name="until"/>: its endpoint is paused.</summary>
    private static async Task HoldAsync(AppDbContext db, OutboxMessage message, DateTime until, CancellationToken cancellationToken) =>
        await Busy.RetryAsync(async () =>
        {
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            var token = message.LeaseToken;
            return await db.Set<OutboxMessage>()
                .Where(m => m.Id == message.Id && m.LeaseToken == token && m.State == OutboxState.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NextAttemptAtUtc, until)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseToken, (Guid?)null)
                    .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), cancellationToken);
        }, cancellationToken);

    private static string MessageId(OutboxMessage message) => $"{message.Id:N}@alltkn-handoff";

    /// <summary>
    /// Just before a row is sent: true when this dispatcher's lease on it still holds and has not run out, and then it
    /// is renewed (a full <see cref="NotificationOptions.Lease"/> for this send). False: the lease ran out or another
    /// dispatcher holds the row; nothing may be sent (the next claim takes it).
    /// </summary>
    private async Task<bool> StillMineAsync(AppDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        var id = message.Id;
        var token = message.LeaseToken;
        return await Busy.RetryAsync(async () =>
        {
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            var now = Now;
            var until = now + options.Value.Lease;
            return await db.Set<OutboxMessage>()
                .Where(m => m.Id == id && m.LeaseToken == token && m.State == OutboxState.Pending && m.LeaseUntilUtc > now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntilUtc, until), cancellationToken);
        }, cancellationToken) == 1;
    }

    /// <summary>
    /// Marks the row delivered (if this dispatcher's lease still holds) with its attempt and what the delivery wrote, in
    /// one transaction. False: the lease was lost, nothing was written.
    /// </summary>
    private async Task<bool> CompleteAsync(AppDbContext db, OutboxMessage message, DateTime started, Func<AppDbContext, Task>? write,
        CancellationToken cancellationToken, bool quiet = false)
    {
        var done = await Busy.RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = Now;
            var attempt = message.AttemptCount + 1;
            var marked = await MarkDeliveredAsync(db, message, now, cancellationToken);
            if (marked == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
            db.Add(new OutboxAttempt(message.Id, attempt, Owner, started, now, succeeded: true, error: null));
            if (write is not null)
            {
                await write(db);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
        if (!done && !quiet)
        {
            logger.LogWarning("Outbox row {Id}: the lease of {Owner} ran out before it was delivered; another dispatcher has it", message.Id, Owner);
        }
        return done;
    }

    private async Task FailAsync(OutboxMessage message, DateTime started, Exception failure, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attempt = message.AttemptCount + 1;
        var giveUp = (message.Type != OutboxTypes.Webhook || webhooks is null) && attempt >= options.Value.MaxAttempts;
        var error = Error(failure);
        await Busy.RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = Now;
            var webhook = message.Type == OutboxTypes.Webhook ? webhooks : null;
            if (webhook is not null)
            {
                giveUp = await webhook.GivesUpAsync(db, message, now, cancellationToken);
            }
            var marked = await MarkFailedAsync(db, message, attempt, giveUp, error, now, cancellationToken);
            if (marked == 1)
            {
                db.Add(new OutboxAttempt(message.Id, attempt, Owner, started, now, succeeded: false, error));
                if (webhook is not null)
                {
                    await webhook.FailedAsync(db, message, failure, attempt, giveUp, now, now + Backoff(attempt), cancellationToken);
                }
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return marked == 1;
        }, cancellationToken);
        if (giveUp)
        {
            logger.LogError("Outbox row {Id} ({Type}) failed {Attempts} times and is given up: {Error}", message.Id, message.Type, attempt, error);
        }
    }
}

/// <summary>An e-mail row's payload: which notification to mail.</summary>
public sealed record EmailWork(Guid NotificationId);

/// <summary>A digest row's payload: whose digest, for which day of theirs.</summary>
public sealed record DigestWork(string UserId, DateOnly LocalDate);

/// <summary>"Database is busy" waited out and tried again, as the services do.</summary>
internal static class Busy
{
    public static async Task<T> RetryAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception busy) when (DataSetup.IsBusy(busy) && attempt < 5)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
        }
    }
}
