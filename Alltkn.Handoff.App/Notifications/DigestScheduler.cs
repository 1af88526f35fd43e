using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Notifications;

/// <summary>
/// Daily digests: once a person's digest time has come in their time zone, one digest row for that day of theirs
/// (keyed by person and local date, so it is made once however many schedulers run) collects what waits for it.
/// </summary>
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
        var candidates = new List<OutboxMessage>();
        foreach (var (userId, zone, at) in waiting)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(now, ReminderScheduler.ZoneOf(zone));
            if (TimeOnly.FromDateTime(local) < at)
            {
                continue;
            }
            var day = DateOnly.FromDateTime(local);
            candidates.Add(new OutboxMessage(OutboxTypes.Digest, NotificationEvent.Serialize(new DigestWork(userId, day)), now,
                $"digest:{userId}:{day:yyyyMMdd}"));
        }
        return await OutboxOnce.AddAsync(dbFactory, candidates, cancellationToken);
    }
}
