using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Daily digests: once a person's digest time has come in their time zone, one digest row for that day of theirs
/// (keyed by person and local date, so it is made once however many schedulers run) collects what waits for it.
/// </summary>
/// <remarks>
/// A key names the local date in the zone the person had when it was made, so a change of zone could find no key for
/// the "new" today and make a second digest at once (a digest at 08:00 on the 20th in Shanghai, then a move to Los
/// Angeles, where it is still the 19th). So "one a day" is also checked against when the person's digests were made:
/// none is made when one of theirs was made on today's date as their zone says now. Such a digest has a key within
/// two days of today (zones are at most 26 hours apart), so the keys of those five dates are looked up (by the unique
/// index) and their instants seen in the person's zone now. The key still makes concurrent schedulers agree; only a
/// zone changed between two schedulers' reads at the same moment could still give two. The rule never adds a digest, it
/// only refuses one: after a move west, a day whose date key the old zone's digest already holds has no digest of its
/// own (as before), and what waits goes into the next one.
/// </remarks>
public sealed class DigestScheduler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(string UserId, string? Zone, TimeOnly At)> waiting;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var ids = await db.Set<Notification>().AsNoTracking()
                .Where(n => n.Email == EmailPlan.Digest && n.DigestedAtUtc == null)
                .Select(n => n.RecipientId).Distinct().ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return 0;
            }
            var zones = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.TimeZoneId, cancellationToken);
            var times = await db.Set<DigestSchedule>().AsNoTracking().Where(d => ids.Contains(d.UserId))
                .ToDictionaryAsync(d => d.UserId, d => d.LocalTime, cancellationToken);
            waiting = [.. ids.Where(zones.ContainsKey).Select(id => (id, zones[id], times.GetValueOrDefault(id, DigestSchedule.DefaultTime)))];
        }
        var due = new List<(string UserId, TimeZoneInfo Zone, DateOnly Day)>();
        foreach (var (userId, zoneId, at) in waiting)
        {
            var zone = ReminderScheduler.ZoneOf(zoneId);
            var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
            if (TimeOnly.FromDateTime(local) >= at)
            {
                due.Add((userId, zone, DateOnly.FromDateTime(local)));
            }
        }
        if (due.Count == 0)
        {
            return 0;
        }
        var made = await MadeNearAsync(due, cancellationToken);
        var candidates = new List<OutboxMessage>();
        foreach (var (userId, zone, day) in due)
        {
            if (Nearby(userId, day).Any(key => made.TryGetValue(key, out var madeAt)
                                               && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(madeAt, zone)) >= day))
            {
                continue; // today's digest (as the person's zone says now) was made already, under another zone's date
            }
            candidates.Add(new OutboxMessage(OutboxTypes.Digest, NotificationEvent.Serialize(new DigestWork(userId, day)), now, Key(userId, day)));
        }
        return await OutboxOnce.AddAsync(dbFactory, candidates, cancellationToken);
    }

    private static string Key(string userId, DateOnly day) => $"digest:{userId}:{day:yyyyMMdd}";

    /// <summary>The keys a digest made on <paramref name="day"/> (in the person's zone now) can have: two days either side.</summary>
    private static IEnumerable<string> Nearby(string userId, DateOnly day) =>
        Enumerable.Range(-2, 5).Select(offset => Key(userId, day.AddDays(offset)));

    /// <summary>When the digests under the nearby keys of these people were made (UTC), by key.</summary>
    private async Task<Dictionary<string, DateTime>> MadeNearAsync(List<(string UserId, TimeZoneInfo Zone, DateOnly Day)> due,
        CancellationToken cancellationToken)
    {
        var made = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in due.SelectMany(d => Nearby(d.UserId, d.Day)).Chunk(500))
        {
            foreach (var row in await db.Set<OutboxMessage>().AsNoTracking().Where(m => chunk.Contains(m.DedupeKey!))
                         .Select(m => new { m.DedupeKey, m.CreatedAtUtc }).ToListAsync(cancellationToken))
            {
                made[row.DedupeKey!] = DateTime.SpecifyKind(row.CreatedAtUtc, DateTimeKind.Utc);
            }
        }
        return made;
    }
}
