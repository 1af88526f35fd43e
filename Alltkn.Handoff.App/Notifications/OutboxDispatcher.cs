using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Webhooks;
using Alltkn.Handoff.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Delivers the outbox. Each run claims due rows with a lease (an UPDATE that only takes rows nobody holds, so several
/// instances on one database never hold one row at once; on PostgreSQL the rows are picked with <c>FOR UPDATE SKIP
/// LOCKED</c>, see <see cref="ClaimAsync"/>), delivers each, and marks it delivered only while its lease
/// still holds, in one transaction with what the delivery wrote. A notification row becomes one in-app notification per
/// recipient (unique per row and person) and the e-mails to send; an e-mail row is one mail. A row whose delivery
/// fails is tried again later (backoff: 30 s, 1 min, 2 min … at most an hour) until <see cref="NotificationOptions.MaxAttempts"/>;
/// every attempt is recorded. A dispatcher that dies (kill -9) leaves its rows leased: when the lease runs out another
/// run takes them over, and nothing it had not marked delivered is lost. A webhook row is one signed POST
/// (<see cref="WebhookSender"/>): retried with the same backoff until a day after its first attempt rather than
/// <see cref="NotificationOptions.MaxAttempts"/> times; its delivery log line is written with every attempt.
/// </summary>
/// <remarks>
/// An e-mail accepted by the SMTP server just before a crash, and not yet marked, is sent again after the lease (with
/// the same Message-ID); everything written to the database is exactly once.
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
    private const int BatchSize = 20;

    /// <summary>Who holds a lease: this process and this dispatcher.</summary>
    public string Owner { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The wait before attempt <paramref name="attempt"/>+1: 30 s doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempt - 1))));

    /// <summary>Claims and delivers one batch; returns how many rows were handled (delivered or rescheduled).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await ClaimAsync(cancellationToken);
        foreach (var message in claimed)
        {
            await DeliverAsync(message, cancellationToken);
        }
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

    private async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var started = Now;
        try
        {
            switch (message.Type)
            {
                case OutboxTypes.Notification:
                    await FanOutAsync(message, started, cancellationToken);
                    break;
                case OutboxTypes.Email:
                    await SendEmailAsync(message, started, cancellationToken);
                    break;
                case OutboxTypes.Digest:
                    await SendDigestAsync(message, started, cancellationToken);
                    break;
                case OutboxTypes.Webhook:
                    await SendWebhookAsync(message, started, cancellationToken);
                    break;
                case OutboxTypes.GuestLink:
                    await SendGuestLinkAsync(message, started, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"No delivery for outbox rows of type '{message.Type}'.");
            }
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(failure, "Delivering outbox row {Id} ({Type}) failed, attempt {Attempt}", message.Id, message.Type, message.AttemptCount + 1);
            await FailAsync(message, started, failure, cancellationToken);
        }
    }

    private async Task FanOutAsync(OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var e = NotificationEvent.FromJson(message.Payload);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roleNames = e.Roles.Select(r => r.ToString()).ToArray();
        var byRole = roleNames.Length == 0
            ? []
            : await (from userRole in db.UserRoles
                     join role in db.Roles on userRole.RoleId equals role.Id
                     where roleNames.Contains(role.Name!)
                     select userRole.UserId).ToListAsync(cancellationToken);
        var ids = byRole.Concat(e.UserIds).Where(id => id != e.ActorId).Distinct(StringComparer.Ordinal).ToArray();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled)
            .Select(u => new { u.Id, u.Email, u.PreferredLanguage }).ToListAsync(cancellationToken);
        var chosen = await db.Set<NotificationPreference>().AsNoTracking().Where(p => ids.Contains(p.UserId) && p.Kind == e.Kind)
            .ToDictionaryAsync(p => p.UserId, p => p.Delivery, cancellationToken);
        var now = Now;
        var notifications = people.OrderBy(p => p.Id, StringComparer.Ordinal).Select(person =>
        {
            var (subject, body) = texts.Render(e, NotificationTexts.CultureOf(person.PreferredLanguage));
            var plan = !mail.Enabled || string.IsNullOrEmpty(person.Email)
                ? EmailPlan.None
                : chosen.GetValueOrDefault(person.Id) switch
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
        if (await CompleteAsync(db, message, started, write =>
            {
                write.AddRange(notifications);
                write.AddRange(emails);
                return Task.CompletedTask;
            }, cancellationToken))
        {
            signal.Publish(notifications.Select(n => n.RecipientId));
        }
    }

    private async Task SendEmailAsync(OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var work = NotificationEvent.Deserialize<EmailWork>(message.Payload);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notification = await db.Set<Notification>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == work.NotificationId, cancellationToken);
        var person = notification is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == notification.RecipientId)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage, u.IsDisabled }).FirstOrDefaultAsync(cancellationToken);
        if (notification is not null && person is { IsDisabled: false, Email.Length: > 0 } && mail.Enabled
            && await StillMineAsync(db, message, cancellationToken))
        {
            var content = texts.Mail(notification, email.Value.SiteUrl, NotificationTexts.CultureOf(person.PreferredLanguage));
            await mail.SendAsync(person.Email!, person.DisplayName, content, MessageId(message), cancellationToken);
        }
        await CompleteAsync(db, message, started, null, cancellationToken);
    }

    private async Task SendDigestAsync(OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var work = NotificationEvent.Deserialize<DigestWork>(message.Payload);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = message.CreatedAtUtc;
        var notifications = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == work.UserId && n.Email == EmailPlan.Digest && n.DigestedAtUtc == null && n.CreatedAtUtc <= cutoff)
            .OrderBy(n => n.CreatedAtUtc).ThenBy(n => n.Id).ToListAsync(cancellationToken);
        var person = await db.Users.AsNoTracking().Where(u => u.Id == work.UserId)
            .Select(u => new { u.Email, u.DisplayName, u.PreferredLanguage, u.IsDisabled }).FirstOrDefaultAsync(cancellationToken);
        if (notifications.Count > 0 && person is { IsDisabled: false, Email.Length: > 0 } && mail.Enabled
            && await StillMineAsync(db, message, cancellationToken))
        {
            var content = texts.Digest(notifications, email.Value.SiteUrl, NotificationTexts.CultureOf(person.PreferredLanguage));
            await mail.SendAsync(person.Email!, person.DisplayName, content, MessageId(message), cancellationToken);
        }
        var ids = notifications.Select(n => n.Id).ToArray();
        await CompleteAsync(db, message, started, async write =>
        {
            var now = Now;
            await write.Set<Notification>().Where(n => ids.Contains(n.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.DigestedAtUtc, now), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>A guest's sign-in link (issue 11): sent while the link still works; a replaced, revoked or expired one is not.</summary>
    private async Task SendGuestLinkAsync(OutboxMessage message, DateTime started, CancellationToken cancellationToken)
    {
        var composer = guestLinks ?? throw new InvalidOperationException("The portal is not set up in this app (AddHandoffPortal).");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (mail.Enabled && await StillMineAsync(db, message, cancellationToken)
            && await composer.ComposeAsync(db, message.Payload, Now, cancellationToken) is { } composed)
        {
            await mail.SendAsync(composed.To, null, composed.Content, MessageId(message), cancellationToken);
        }
        await CompleteAsync(db, message, started, null, cancellationToken);
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

    private static async Task<bool> StillMineAsync(AppDbContext db, OutboxMessage message, CancellationToken cancellationToken) =>
        await db.Set<OutboxMessage>().AsNoTracking()
            .AnyAsync(m => m.Id == message.Id && m.LeaseToken == message.LeaseToken && m.State == OutboxState.Pending, cancellationToken);

    /// <summary>
    /// Marks the row delivered (if this dispatcher's lease still holds) with its attempt and what the delivery wrote, in
    /// one transaction. False: the lease was lost, nothing was written.
    /// </summary>
    private async Task<bool> CompleteAsync(AppDbContext db, OutboxMessage message, DateTime started, Func<AppDbContext, Task>? write,
        CancellationToken cancellationToken)
    {
        var done = await Busy.RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = Now;
            var token = message.LeaseToken;
            var attempt = message.AttemptCount + 1;
            var marked = await db.Set<OutboxMessage>()
                .Where(m => m.Id == message.Id && m.LeaseToken == token && m.State == OutboxState.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Delivered)
                    .SetProperty(m => m.DeliveredAtUtc, now)
                    .SetProperty(m => m.AttemptCount, attempt)
                    .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                    .SetProperty(m => m.LastError, (string?)null), cancellationToken);
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
        if (!done)
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
        var error = $"{failure.GetType().Name}: {failure.Message}";
        if (error.Length > 1000)
        {
            error = error[..1000];
        }
        await Busy.RetryAsync(async () =>
        {
            db.ChangeTracker.Clear();
            using var turn = (await WriteGate.Save(db, cancellationToken)).Here();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = Now;
            var token = message.LeaseToken;
            var webhook = message.Type == OutboxTypes.Webhook ? webhooks : null;
            if (webhook is not null)
            {
                giveUp = await webhook.GivesUpAsync(db, message, now, cancellationToken);
            }
            var marked = await db.Set<OutboxMessage>()
                .Where(m => m.Id == message.Id && m.LeaseToken == token && m.State == OutboxState.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, giveUp ? OutboxState.Failed : OutboxState.Pending)
                    .SetProperty(m => m.AttemptCount, attempt)
                    .SetProperty(m => m.NextAttemptAtUtc, now + Backoff(attempt))
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseToken, (Guid?)null)
                    .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                    .SetProperty(m => m.LastError, error), cancellationToken);
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
