using System.Collections.Concurrent;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Portal;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>
/// The notification parts on a real test database (SQLite, or PostgreSQL through the overloads on a context factory): people with roles, languages and time zones, dispatchers and
/// schedulers built as the app builds them (each dispatcher its own owner), and a mail sender that only records.
/// </summary>
public static class NotificationHarness
{
    /// <summary>Adds a person (id as <see cref="Builders.Actors"/> makes them) with roles, language and time zone.</summary>
    public static Task AddPersonAsync(this SqliteTestDatabase database, Actor actor, string? language = null, string? timeZone = null,
        string? email = null) => database.Contexts.AddPersonAsync(actor, language, timeZone, email);

    /// <summary>Adds a person to the database of <paramref name="contexts"/> (either provider).</summary>
    public static Task AddPersonAsync(this IDbContextFactory<AppDbContext> contexts, Actor actor, string? language = null, string? timeZone = null,
        string? email = null) =>
        contexts.AddAccountAsync(actor.UserId, actor.DisplayName, email ?? $"{actor.UserId}@example.com", actor.Roles.Select(r => r.ToString()), language, timeZone);

    /// <summary>Adds a customer's guest as the portal has them: an account holding only the guests' Identity role.</summary>
    public static Task AddGuestAccountAsync(this IHandoffTestDatabase database, string userId, string name) =>
        database.Contexts.AddAccountAsync(userId, name, $"{userId}@customer.example", [GuestAccess.RoleName], null, null);

    private static async Task AddAccountAsync(this IDbContextFactory<AppDbContext> contexts, string userId, string displayName, string address,
        IEnumerable<string> roleNames, string? language, string? timeZone)
    {
        var roles = roleNames.ToArray();
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        foreach (var role in roles)
        {
            if (!await db.Roles.AnyAsync(r => r.Name == role, TestContext.Current.CancellationToken))
            {
                db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }
        }
        db.Users.Add(new HandoffUser
        {
            Id = userId, UserName = address, NormalizedUserName = address.ToUpperInvariant(), Email = address,
            NormalizedEmail = address.ToUpperInvariant(), DisplayName = displayName, PreferredLanguage = language, TimeZoneId = timeZone,
            SecurityStamp = Guid.NewGuid().ToString(),
        });
        foreach (var role in roles)
        {
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(TestContext.Current.CancellationToken);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Takes every role away from an account (as a team admin does on /admin/users), leaving the account itself.</summary>
    public static async Task TakeRolesAwayAsync(this IHandoffTestDatabase database, string userId)
    {
        await using var db = database.NewContext();
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Disables an account (as a team admin does on /admin/users), leaving its roles.</summary>
    public static async Task DisableAsync(this IHandoffTestDatabase database, string userId)
    {
        await using var db = database.NewContext();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true), TestContext.Current.CancellationToken);
    }

    public static async Task ChooseAsync(this SqliteTestDatabase database, Actor actor, NotificationKind kind, NotificationDelivery delivery)
    {
        await using var db = database.NewContext();
        db.Add(new NotificationPreference(actor.UserId, kind, delivery));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static NotificationTexts Texts()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new NotificationTexts(new StringLocalizer<NotificationTexts>(factory), new StringLocalizer<App.Localization.SharedResource>(factory));
    }

    public static OutboxDispatcher Dispatcher(this SqliteTestDatabase database, string owner, IMailSender? mail = null,
        NotificationSignal? signal = null, EmailOptions? email = null, NotificationOptions? options = null) =>
        database.Contexts.Dispatcher(database.Clock, owner, mail, signal, email, options);

    /// <summary>A dispatcher on the database of <paramref name="contexts"/> (either provider).</summary>
    public static OutboxDispatcher Dispatcher(this IDbContextFactory<AppDbContext> contexts, TimeProvider clock, string owner, IMailSender? mail = null,
        NotificationSignal? signal = null, EmailOptions? email = null, NotificationOptions? options = null) =>
        new(contexts, clock, Texts(), mail ?? new RecordingMailSender(enabled: false),
            Options.Create(email ?? new EmailOptions { SiteUrl = "https://handoff.example.com" }), Options.Create(options ?? new NotificationOptions()),
            signal ?? new NotificationSignal(), NullLogger<OutboxDispatcher>.Instance)
        {
            Owner = owner,
        };

    public static ReminderScheduler Reminders(this SqliteTestDatabase database) =>
        new(database.Contexts, database.Clock, Options.Create(new NotificationOptions()));

    public static DigestScheduler Digests(this SqliteTestDatabase database) => new(database.Contexts, database.Clock);

    public static Task<List<OutboxMessage>> OutboxAsync(this SqliteTestDatabase database) => database.Contexts.OutboxAsync();

    public static async Task<List<OutboxMessage>> OutboxAsync(this IDbContextFactory<AppDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public static Task<List<Notification>> NotificationsAsync(this SqliteTestDatabase database) => database.Contexts.NotificationsAsync();

    public static async Task<List<Notification>> NotificationsAsync(this IDbContextFactory<AppDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<Notification>().AsNoTracking().OrderBy(n => n.CreatedAtUtc).ThenBy(n => n.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public static Task<List<OutboxAttempt>> AttemptsAsync(this SqliteTestDatabase database) => database.Contexts.AttemptsAsync();

    public static async Task<List<OutboxAttempt>> AttemptsAsync(this IDbContextFactory<AppDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<OutboxAttempt>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Adds a person to a database of either provider (<see cref="ProviderTests"/>).</summary>
    public static Task AddPersonAsync(this IHandoffTestDatabase database, Actor actor, string? language = null, string? timeZone = null,
        string? email = null) => database.Contexts.AddPersonAsync(actor, language, timeZone, email);

    public static async Task ChooseAsync(this IHandoffTestDatabase database, Actor actor, NotificationKind kind, NotificationDelivery delivery)
    {
        await using var db = database.NewContext();
        db.Add(new NotificationPreference(actor.UserId, kind, delivery));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static OutboxDispatcher Dispatcher(this IHandoffTestDatabase database, string owner, IMailSender? mail = null,
        NotificationSignal? signal = null, EmailOptions? email = null, NotificationOptions? options = null) =>
        database.Contexts.Dispatcher(database.Clock, owner, mail, signal, email, options);

    public static ReminderScheduler Reminders(this IHandoffTestDatabase database) =>
        new(database.Contexts, database.Clock, Options.Create(new NotificationOptions()));

    public static DigestScheduler Digests(this IHandoffTestDatabase database) => new(database.Contexts, database.Clock);

    public static Task<List<OutboxMessage>> OutboxAsync(this IHandoffTestDatabase database) => database.Contexts.OutboxAsync();

    public static Task<List<Notification>> NotificationsAsync(this IHandoffTestDatabase database) => database.Contexts.NotificationsAsync();

    public static Task<List<OutboxAttempt>> AttemptsAsync(this IHandoffTestDatabase database) => database.Contexts.AttemptsAsync();

    /// <summary>Runs the dispatcher until nothing is left to claim now.</summary>
    public static async Task DrainAsync(this OutboxDispatcher dispatcher)
    {
        while (await dispatcher.RunOnceAsync(TestContext.Current.CancellationToken) > 0)
        {
        }
    }
}

/// <summary>A mail sender that records what it was asked to send (and can be told to fail).</summary>
public sealed class RecordingMailSender(bool enabled = true) : IMailSender
{
    public ConcurrentQueue<(string To, MailContent Content, string MessageId)> Sent { get; } = new();

    /// <summary>How many of the next sends throw, as an unreachable server would.</summary>
    public int FailNext { get; set; }

    public bool Enabled => enabled;

    public Task SendAsync(string toAddress, string? toName, MailContent content, string messageId, CancellationToken cancellationToken)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new IOException("Connection refused (thrown by the test)");
        }
        Sent.Enqueue((toAddress, content, messageId));
        return Task.CompletedTask;
    }
}
