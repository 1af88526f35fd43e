using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Reminders of due dates, each made once ever: due tomorrow, due today, overdue (then again every 2 working days at
/// most), for each open item with a due date in an onboarding that is neither on hold nor cancelled. Each goes to the
/// item's assignee, or to the people holding its owner role when no one is assigned or the assignee has left the team
/// (<see cref="AssigneeOrOwners"/>: such an item is the role's as if no one were assigned, in the summary below too),
/// from <see cref="NotificationOptions.ReminderHour"/> on in their own time zone (none chosen: UTC). Each reminder's
/// outbox row has a key (kind, item, due date, person, and for overdue the round), unique in the table: several
/// schedulers, restarts and reruns make it once.
/// </summary>
/// <remarks>
/// <para>
/// A summary past a few items (<see cref="NotificationKind.RoleItemsDue"/>): a person to whom more than
/// <see cref="NotificationOptions.RoleRemindersPerItemAtMost"/> items that no one is assigned to (items of their roles)
/// would be reminded on their day gets, instead of those reminders, one summary for that day with how many are overdue,
/// due today and due tomorrow, linking to My items. Counted over the whole workspace, also in a run that reads only some
/// onboardings, and whether or not an item's own reminder was made earlier. Items assigned to the person are reminded one
/// by one always. The summary's key is the person and their date (<c>remind-summary:{yyyyMMdd}:{person}</c>), so it is
/// made once a day; once it is made, nothing more is made that day for items of their roles — neither a second summary
/// when more come due, nor reminders one by one when fewer are left. The next day counts afresh. (So a run over some
/// onboardings counts the workspace's items only for the roles of people who have no summary yet today and whose
/// reminder hour has come: once the day's summaries are made, usually nobody's, and the count is not read.)
/// </para>
/// <para>
/// Also the "recheck date reached" notice (<see cref="NotificationKind.RecheckDue"/>): the post-go-live review's due
/// date is the date to check again; from that day on (in the person's time zone, from the reminder hour, for up to
/// <see cref="RecheckGraceDays"/> days so that a stopped scheduler does not lose it) the review's owners are told once
/// per item, recheck date and person — whether or not the review itself is done — while the onboarding is live.
/// </para>
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
        List<RoleDue> roleItems;
        Dictionary<string, string?> zones;
        ILookup<Role, string> byRole;
        ILookup<string, Role> rolesOf;
        Dictionary<string, DateOnly> today;
        HashSet<string> summarizedBefore;
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
            // An item whose assignee has left the team (disabled, or no role) is reminded as one no one is assigned to.
            var onTeam = await AssigneeOrOwners.OnTeamAsync(db, items.Concat(rechecks).Select(i => i.AssigneeUserId), cancellationToken);
            items = [.. items.Select(i => i with { AssigneeUserId = AssigneeOrOwners.Told(i.AssigneeUserId, onTeam) })];
            rechecks = [.. rechecks.Select(i => i with { AssigneeUserId = AssigneeOrOwners.Told(i.AssigneeUserId, onTeam) })];
            // A run over some onboardings counts the items of the roles over the whole workspace (below, once it knows whose
            // summary is still to be made); it reads the holders of every role, as any of them may be owed one.
            var countWorkspace = only is not null && items.Any(i => i.AssigneeUserId is null);
            roleItems = only is null
                ? [.. items.Where(i => i.AssigneeUserId is null).GroupBy(i => (i.OwnerRole, i.DueDate)).Select(g => new RoleDue(g.Key.OwnerRole, g.Key.DueDate, g.Count()))]
                : [];
            var roleNames = countWorkspace
                ? Enum.GetNames<Role>()
                : items.Concat(rechecks).Where(i => i.AssigneeUserId is null).Select(i => i.OwnerRole)
                    .Concat(roleItems.Select(r => r.Role)).Distinct().Select(r => r.ToString()).ToArray();
            var holders = await (from userRole in db.UserRoles
                                 join role in db.Roles on userRole.RoleId equals role.Id
                                 join user in db.Users on userRole.UserId equals user.Id
                                 where roleNames.Contains(role.Name!) && !user.IsDisabled
                                 select new { Role = role.Name!, userRole.UserId }).ToListAsync(cancellationToken);
            byRole = holders.ToLookup(h => Enum.Parse<Role>(h.Role), h => h.UserId);
            rolesOf = holders.ToLookup(h => h.UserId, h => Enum.Parse<Role>(h.Role));
            var ids = holders.Select(h => h.UserId).Concat(items.Concat(rechecks).Select(i => i.AssigneeUserId).OfType<string>()).Distinct().ToArray();
            zones = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled)
                .ToDictionaryAsync(u => u.Id, u => u.TimeZoneId, cancellationToken);
            // Each person's own day, for those whose reminder hour has come (the others get nothing now).
            today = zones.Select(z => (z.Key, Local: TimeZoneInfo.ConvertTimeFromUtc(now, ZoneOf(z.Value))))
                .Where(p => p.Local.Hour >= options.Value.ReminderHour)
                .ToDictionary(p => p.Key, p => DateOnly.FromDateTime(p.Local), StringComparer.Ordinal);
            summarizedBefore = await SummarizedAsync(db, [.. rolesOf.Select(r => r.Key).Where(today.ContainsKey).Select(p => SummaryKey(today[p], p))],
                cancellationToken);
            if (countWorkspace)
            {
                // Only the roles of people whose reminder hour has come and who have no summary today: the others' counts
                // change nothing (their summary is made, or they get none yet). Usually none once the day's summaries are
                // made, and then the whole-workspace count (about 0.1 s at 10,000 onboardings) is not read at all.
                var owed = rolesOf.Where(r => today.TryGetValue(r.Key, out var day) && !summarizedBefore.Contains(SummaryKey(day, r.Key)))
                    .SelectMany(r => r).Distinct().ToArray();
                roleItems = owed.Length == 0 ? [] : await RoleItemsAsync(db, horizon, owed, cancellationToken);
            }
        }
        var candidates = new List<OutboxMessage>();
        // People whose items of their roles are summarized today: not reminded of them one by one.
        var summarized = new HashSet<string>(StringComparer.Ordinal);
        var dueOfRole = roleItems.ToLookup(r => r.Role);
        foreach (var holder in rolesOf.Where(r => today.ContainsKey(r.Key)))
        {
            var person = holder.Key;
            var day = today[person];
            var key = SummaryKey(day, person);
            if (summarizedBefore.Contains(key))
            {
                summarized.Add(person);
                continue;
            }
            var counts = new DueCounts(0, 0, 0);
            foreach (var due in holder.Distinct().SelectMany(role => dueOfRole[role]))
            {
                if (Plan(due.DueDate, day) is { } plan)
                {
                    counts = counts.Plus(plan.Kind, due.Count);
                }
            }
            if (counts.Total <= options.Value.RoleRemindersPerItemAtMost)
            {
                continue;
            }
            summarized.Add(person);
            var summary = new NotificationEvent(NotificationKind.RoleItemsDue, Guid.Empty, "", null, null, null, null, day,
                ActorId: "", ActorName: "", Roles: [], UserIds: [person], Counts: counts);
            candidates.Add(new OutboxMessage(OutboxTypes.Notification, summary.ToJson(), now, key));
        }
        foreach (var item in items)
        {
            IEnumerable<string> people = item.AssigneeUserId is { } assignee ? [assignee] : byRole[item.OwnerRole].Where(p => !summarized.Contains(p));
            foreach (var person in people.Where(today.ContainsKey))
            {
                if (Plan(item.DueDate, today[person]) is not { } plan)
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

    /// <summary>The key of <paramref name="person"/>'s summary of items of their roles for their day <paramref name="day"/>.</summary>
    public static string SummaryKey(DateOnly day, string person) => $"remind-summary:{day:yyyyMMdd}:{person}";

    /// <summary>
    /// How many open items that no one is assigned to (or whose assignee has left the team) are due on each date up to
    /// <paramref name="horizon"/>, per owner role of <paramref name="roles"/>, in the whole workspace (onboardings neither
    /// on hold nor cancelled): what a summary counts when a run reads only some onboardings. One grouped read of the index
    /// (an item someone is assigned to: one look-up of that account by key), a few hundred rows.
    /// </summary>
    private static async Task<List<RoleDue>> RoleItemsAsync(AppDbContext db, DateOnly horizon, Role[] roles, CancellationToken cancellationToken) =>
        [.. (await (from item in db.HandoffItems.AsNoTracking()
                    join onboarding in db.Onboardings.AsNoTracking() on item.OnboardingId equals onboarding.Id
                    where (item.AssigneeUserId == null || !TeamPeople.Of(db).Any(u => u.Id == item.AssigneeUserId))
                          && item.DueDate != null && item.DueDate <= horizon && roles.Contains(item.OwnerRole)
                          && item.Status != ItemStatus.Done && item.Status != ItemStatus.NotApplicable
                          && onboarding.Stage != Stage.OnHold && onboarding.Stage != Stage.Cancelled
                    group item by new { item.OwnerRole, item.DueDate } into due
                    select new { due.Key.OwnerRole, due.Key.DueDate, Count = due.Count() }).ToListAsync(cancellationToken))
            .Select(d => new RoleDue(d.OwnerRole, d.DueDate!.Value, d.Count))];

    /// <summary>Which of these summaries were made already (by an earlier run of the day, or another instance).</summary>
    private static async Task<HashSet<string>> SummarizedAsync(AppDbContext db, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var made = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            made.UnionWith(await db.Set<OutboxMessage>().AsNoTracking().Where(m => chunk.Contains(m.DedupeKey!)).Select(m => m.DedupeKey!)
                .ToListAsync(cancellationToken));
        }
        return made;
    }

    internal static TimeZoneInfo ZoneOf(string? zoneId) =>
        zoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    private sealed record DueItem(Guid Id, string Key, string Title, DateOnly DueDate, Role OwnerRole, string? AssigneeUserId, Stage Stage,
        Guid OnboardingId, string Customer);

    /// <summary>How many items no one (on the team) is assigned to, owned by <paramref name="Role"/>, are due on <paramref name="DueDate"/>.</summary>
    private sealed record RoleDue(Role Role, DateOnly DueDate, int Count);
}
