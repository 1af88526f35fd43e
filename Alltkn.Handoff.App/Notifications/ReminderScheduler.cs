using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Reminders of due dates, each made once ever: due tomorrow, due today, overdue (then again every 2 working days at
/// most), for each open item with a due date in an onboarding that is neither on hold nor cancelled. Each goes to the
/// item's assignee, or to the people holding its owner role, from <see cref="NotificationOptions.ReminderHour"/> on in
/// their own time zone (none chosen: UTC). Each reminder's outbox row has a key (kind, item, due date, person, and for
/// overdue the round), unique in the table: several schedulers, restarts and reruns make it once.
/// </summary>
/// <remarks>
/// Also the "recheck date reached" notice (<see cref="NotificationKind.RecheckDue"/>): the post-go-live review's due
/// date is the date to check again; from that day on (in the person's time zone, from the reminder hour, for up to
/// <see cref="RecheckGraceDays"/> days so that a stopped scheduler does not lose it) the review's owners are told once
/// per item, recheck date and person — whether or not the review itself is done — while the onboarding is live.
/// </remarks>
public sealed class ReminderScheduler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IOptions<NotificationOptions> options)
{
    public Task<int> RunAsync(CancellationToken cancellationToken = default) => RunAsync(onboardings: null, cancellationToken);

    /// <summary>
    /// The reminders due now of the items of <paramref name="onboardings"/> only (all onboardings when null): what a round
    /// needs after changes of a few onboardings, when nothing else can have changed (<see cref="NotificationWorker"/>).
    /// </summary>
    public async Task<int> RunAsync(IReadOnlySet<Guid>? onboardings, CancellationToken cancellationToken = default)
    {
        if (onboardings is { Count: 0 })
        {
            return 0;
        }
        var only = onboardings?.ToArray();
        var now = clock.GetUtcNow().UtcDateTime;
        // The furthest-ahead time zone is at most 14 hours ahead of UTC: "tomorrow" there is at most two UTC days on.
        var horizon = DateOnly.FromDateTime(now).AddDays(2);
        List<DueItem> items;
        List<DueItem> rechecks;
        Dictionary<string, string?> zones;
        ILookup<Role, string> byRole;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var scope = only is null ? db.Onboardings.AsNoTracking() : db.Onboardings.AsNoTracking().Where(o => only.Contains(o.Id));
            items = await (from item in db.HandoffItems.AsNoTracking()
                           join onboarding in scope on item.OnboardingId equals onboarding.Id
                           where item.DueDate != null && item.DueDate <= horizon
                                 && item.Status != ItemStatus.Done && item.Status != ItemStatus.NotApplicable
                                 && onboarding.Stage != Stage.OnHold && onboarding.Stage != Stage.Cancelled
                           select new DueItem(item.Id, item.Key, item.Title, item.DueDate!.Value, item.OwnerRole, item.AssigneeUserId, item.Stage,
                               onboarding.Id, onboarding.Details.Customer))
                .ToListAsync(cancellationToken);
            var oldest = DateOnly.FromDateTime(now).AddDays(-RecheckGraceDays - 1);
            rechecks = await (from item in db.HandoffItems.AsNoTracking()
                              join onboarding in scope on item.OnboardingId equals onboarding.Id
                              where item.Key == ChecklistTemplates.Keys.LiveReview && item.DueDate != null
                                    && item.DueDate <= horizon && item.DueDate >= oldest
                                    && item.Status != ItemStatus.NotApplicable && onboarding.Stage == Stage.Live
                              select new DueItem(item.Id, item.Key, item.Title, item.DueDate!.Value, item.OwnerRole, item.AssigneeUserId, item.Stage,
                                  onboarding.Id, onboarding.Details.Customer))
                .ToListAsync(cancellationToken);
            if (items.Count == 0 && rechecks.Count == 0)
            {
                return 0;
            }
            var roleNames = items.Concat(rechecks).Where(i => i.AssigneeUserId is null).Select(i => i.OwnerRole.ToString()).Distinct().ToArray();
            var holders = await (from userRole in db.UserRoles
                                 join role in db.Roles on userRole.RoleId equals role.Id
                                 join user in db.Users on userRole.UserId equals user.Id
                                 where roleNames.Contains(role.Name!) && !user.IsDisabled
                                 select new { Role = role.Name!, userRole.UserId }).ToListAsync(cancellationToken);
            byRole = holders.ToLookup(h => Enum.Parse<Role>(h.Role), h => h.UserId);
            var ids = holders.Select(h => h.UserId).Concat(items.Concat(rechecks).Select(i => i.AssigneeUserId).OfType<string>()).Distinct().ToArray();
            zones = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled)
                .ToDictionaryAsync(u => u.Id, u => u.TimeZoneId, cancellationToken);
        }
        var candidates = new List<OutboxMessage>();
        foreach (var item in items)
        {
            var people = item.AssigneeUserId is { } assignee ? [assignee] : byRole[item.OwnerRole];
            foreach (var person in people.Where(zones.ContainsKey))
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(now, ZoneOf(zones[person]));
                if (local.Hour < options.Value.ReminderHour)
                {
                    continue;
                }
                if (Plan(item.DueDate, DateOnly.FromDateTime(local)) is not { } plan)
                {
                    continue;
                }
                var e = new NotificationEvent(plan.Kind, item.OnboardingId, item.Customer, item.Id, item.Key, item.Title, item.Stage,
                    item.DueDate, ActorId: "", ActorName: "", Roles: [], UserIds: [person]);
                candidates.Add(new OutboxMessage(OutboxTypes.Notification, e.ToJson(), now,
                    $"remind:{plan.Kind}:{item.Id:N}:{item.DueDate:yyyyMMdd}:{person}{plan.Round}"));
            }
        }
        foreach (var item in rechecks)
        {
            var people = item.AssigneeUserId is { } assignee ? [assignee] : byRole[item.OwnerRole];
            foreach (var person in people.Where(zones.ContainsKey))
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(now, ZoneOf(zones[person]));
                if (local.Hour < options.Value.ReminderHour || !IsRecheckDue(item.DueDate, DateOnly.FromDateTime(local)))
                {
                    continue;
                }
                var e = new NotificationEvent(NotificationKind.RecheckDue, item.OnboardingId, item.Customer, item.Id, item.Key, item.Title, item.Stage,
                    item.DueDate, ActorId: "", ActorName: "", Roles: [], UserIds: [person]);
                candidates.Add(new OutboxMessage(OutboxTypes.Notification, e.ToJson(), now,
                    $"recheck:{item.Id:N}:{item.DueDate:yyyyMMdd}:{person}"));
            }
        }
        return await OutboxOnce.AddAsync(dbFactory, candidates, cancellationToken);
    }

    /// <summary>
    /// The quarter of an hour (UTC) <paramref name="now"/> falls in. What <see cref="RunAsync(CancellationToken)"/> makes depends
    /// on the time only through each person's local date and whether their local hour has reached the reminder hour, and
    /// both change only on a quarter of an hour (every time zone's offset is a whole number of quarters): within one quarter,
    /// a second run over unchanged data makes nothing the first did not.
    /// </summary>
    public static long QuarterOf(DateTimeOffset now) => now.UtcTicks / TimeSpan.FromMinutes(15).Ticks;

    /// <summary>How many days after the recheck date the notice is still made if it was not yet (a scheduler that was stopped).</summary>
    public const int RecheckGraceDays = 7;

    /// <summary>Whether the notice of a recheck date <paramref name="recheck"/> is due on <paramref name="today"/> (the person's day).</summary>
    public static bool IsRecheckDue(DateOnly recheck, DateOnly today) => recheck <= today && today.DayNumber - recheck.DayNumber <= RecheckGraceDays;

    /// <summary>
    /// Which reminder an item due on <paramref name="due"/> gets on <paramref name="today"/> (the person's day), and for
    /// overdue which round: the first the day after it was due, then one more each 2 working days.
    /// </summary>
    public static (NotificationKind Kind, string Round)? Plan(DateOnly due, DateOnly today)
    {
        if (due == today.AddDays(1))
        {
            return (NotificationKind.DueTomorrow, "");
        }
        if (due == today)
        {
            return (NotificationKind.DueToday, "");
        }
        if (due < today)
        {
            var round = Math.Max(0, WorkingDays.Between(due, today) - 1) / 2;
            return (NotificationKind.Overdue, $":{round}");
        }
        return null;
    }

    internal static TimeZoneInfo ZoneOf(string? zoneId) =>
        zoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    private sealed record DueItem(Guid Id, string Key, string Title, DateOnly DueDate, Role OwnerRole, string? AssigneeUserId, Stage Stage,
        Guid OnboardingId, string Customer);
}
