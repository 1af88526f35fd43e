using System.Collections.Concurrent;
using System.Diagnostics;
using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Webhooks;

/// <summary>
/// Remembers, per database, that no endpoint was active when last looked, so that every change does not read the
/// endpoints again only to find none (<see cref="WebhookOutbox.RecordAsync"/>: once per item update before).
/// </summary>
/// <remarks>
/// Only "none" is remembered. When an endpoint is active its list is read with every change, exactly as before, so a
/// paused, changed or deleted endpoint is never sent a row it should not get (a deleted one's row would break the
/// change's save). The one thing "none" can miss is an endpoint that became active since: on this instance
/// <see cref="WebhookAdministration"/> says so after every save (<see cref="Changed"/>), so the next change reads the
/// endpoints again; on another instance of the app it is seen at most <see cref="Fresh"/> later (the events of changes
/// in between are not queued for it, as they would not be for a change saved just before it was registered). Nothing
/// but an admin (register, resume) makes an endpoint active: the sender only pauses.
/// </remarks>
public static class WebhookEndpointsNone
{
    /// <summary>How long "none active" is believed without reading again (for endpoints made active by another instance).</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, Seen> NoneSeen = new(StringComparer.Ordinal);

    // Every Changed moves it on: a reading begun before a change is never remembered after it.
    private static long _generation;

    /// <summary>The active endpoints (none read when none were active a moment ago).</summary>
    internal static async Task<List<WebhookEndpoint>> ActiveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var key = db.Database.GetConnectionString() ?? "";
        var generation = Interlocked.Read(ref _generation);
        if (NoneSeen.TryGetValue(key, out var seen) && seen.Generation == generation
            && Stopwatch.GetElapsedTime(seen.At) < Fresh)
        {
            return [];
        }
        var endpoints = await db.Set<WebhookEndpoint>().AsNoTracking().Where(e => e.PausedAtUtc == null).ToListAsync(cancellationToken);
        if (endpoints.Count == 0)
        {
            NoneSeen[key] = new Seen(generation, Stopwatch.GetTimestamp());
        }
        else
        {
            NoneSeen.TryRemove(key, out _);
        }
        return endpoints;
    }

    /// <summary>An admin changed the endpoints of <paramref name="db"/>'s database: the next change reads them again.</summary>
    public static void Changed(AppDbContext db)
    {
        Interlocked.Increment(ref _generation);
        NoneSeen.TryRemove(db.Database.GetConnectionString() ?? "", out _);
    }

    private sealed record Seen(long Generation, long At);
}
