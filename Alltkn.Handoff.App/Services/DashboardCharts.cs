using System.Globalization;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>Onboardings that reached a stage (under way or live, at that stage or past it) and how many stand in it now.</summary>
public sealed record StageFunnelStep(Stage Stage, int Reached, int Now);

/// <summary>The median calendar days onboardings spent in a stage, over the stays that ended in the window.</summary>
public sealed record StageMedian(Stage Stage, double MedianDays, int Stays);

/// <summary>Onboardings signed off into Live in the week starting on <paramref name="WeekOf"/> (a Monday, UTC).</summary>
public sealed record GoLiveWeek(DateOnly WeekOf, int Count);

public sealed record DashboardChartData(
    IReadOnlyList<StageFunnelStep> Funnel,
    IReadOnlyList<StageMedian> MedianDays,
    IReadOnlyList<GoLiveWeek> GoingLive,
    IReadOnlyDictionary<HealthLevel, int> Health);

/// <summary>
/// The dashboard's charts, each read as an aggregate by SQL (GROUP BY, window functions), never by loading onboardings:
/// the funnel and health from the columns the domain keeps on each onboarding, the days per stage and the go-lives per
/// week from the revision log's stage moves (through its kind-and-time index). The two read with SQL of the provider's
/// own: SQLite's date functions here, PostgreSQL's in <see cref="DashboardChartsPostgreSql"/>, the same answers.
/// </summary>
public sealed class DashboardCharts(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ICurrentActor currentActor, ILogger<DashboardCharts> logger)
{
    /// <summary>The window of the median days per stage.</summary>
    public const int MedianWindowDays = 90;

    /// <summary>How many weeks the go-live chart shows, this week included.</summary>
    public const int Weeks = 12;

    /// <summary>The charts, or null (the refusal logged) when no one who may read the workspace is signed in (<see cref="HandoffPolicy.MayRead"/>).</summary>
    public async Task<DashboardChartData?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read the dashboard's charts", cancellationToken) is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        var perStage = await db.Onboardings.AsNoTracking()
            .Where(o => o.Stage != Stage.Cancelled)
            .GroupBy(o => o.Summary.WorkingStage)
            .Select(g => new { Stage = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Stage, g => g.Count, cancellationToken);
        var funnel = Stages.Path
            .Select(stage => new StageFunnelStep(stage,
                perStage.Where(p => p.Key.Order() >= stage.Order()).Sum(p => p.Value), perStage.GetValueOrDefault(stage)))
            .ToArray();

        var health = await db.Onboardings.AsNoTracking()
            .Where(o => o.Stage != Stage.Cancelled)
            .GroupBy(o => o.Health.Level)
            .Select(g => new { Level = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Level, g => g.Count, cancellationToken);

        return new DashboardChartData(funnel, await MediansAsync(db, now, cancellationToken), await GoingLiveAsync(db, now, cancellationToken), health);
    }

    /// <summary>
    /// Each stay that ended by a forward move in the window: from the last move into that stage before it (or the opening,
    /// for Inquiry) to the move out, in calendar days (time on hold included); the median per stage by row numbers.
    /// </summary>
    private static async Task<IReadOnlyList<StageMedian>> MediansAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-MedianWindowDays);
        var rows = db.Database.IsSqlite() ? await db.Database.SqlQueryRaw<MedianRow>("""
            WITH "Stays" AS (
                SELECT e."Before" AS "Stage",
                       julianday(e."AtUtc") - julianday(COALESCE(
                           (SELECT s."AtUtc" FROM "RevisionEntries" AS s
                            WHERE s."OnboardingId" = e."OnboardingId" AND s."AtUtc" < e."AtUtc"
                              AND s."Kind" = 'StageMoved' AND s."After" = e."Before" AND s."Subject" <> 'Resume'
                            ORDER BY s."AtUtc" DESC LIMIT 1),
                           o."CreatedAtUtc")) AS "Days"
                FROM "RevisionEntries" AS e
                JOIN "Onboardings" AS o ON o."Id" = e."OnboardingId"
                WHERE e."Kind" = 'StageMoved' AND e."AtUtc" >= {0}
                  AND e."Subject" IN ('StartTrial', 'ConfirmTrial', 'StartInvoiceAndContract', 'StartGoLive', 'SignOffGoLive')
            ),
            "Ranked" AS (
                SELECT "Stage", "Days",
                       ROW_NUMBER() OVER (PARTITION BY "Stage" ORDER BY "Days") AS "N",
                       COUNT(*) OVER (PARTITION BY "Stage") AS "Total"
                FROM "Stays"
            )
            SELECT "Stage", AVG("Days") AS "MedianDays", MAX("Total") AS "Stays"
            FROM "Ranked"
            WHERE "N" IN (("Total" + 1) / 2, ("Total" + 2) / 2)
            GROUP BY "Stage"
            """, Stamp(since)).ToListAsync(cancellationToken)
            : await db.Database.SqlQueryRaw<MedianRow>(DashboardChartsPostgreSql.Medians, since).ToListAsync(cancellationToken);
        var byStage = rows.Where(r => Enum.TryParse<Stage>(r.Stage, out _))
            .ToDictionary(r => Enum.Parse<Stage>(r.Stage), r => r);
        return Stages.Active
            .Select(stage => byStage.TryGetValue(stage, out var row)
                ? new StageMedian(stage, Math.Round(row.MedianDays, 1), row.Stays)
                : new StageMedian(stage, 0, 0))
            .ToArray();
    }

    /// <summary>Sign-offs into Live per week (weeks starting Monday, UTC), the last <see cref="Weeks"/> weeks, empty weeks included.</summary>
    private static async Task<IReadOnlyList<GoLiveWeek>> GoingLiveAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var thisWeek = MondayOf(DateOnly.FromDateTime(now));
        var firstWeek = thisWeek.AddDays(-7 * (Weeks - 1));
        var since = DateTime.SpecifyKind(firstWeek.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var rows = db.Database.IsSqlite() ? await db.Database.SqlQueryRaw<WeekRow>("""
            SELECT date("AtUtc", '-6 days', 'weekday 1') AS "WeekOf", COUNT(*) AS "Count"
            FROM "RevisionEntries"
            WHERE "Kind" = 'StageMoved' AND "AtUtc" >= {0} AND "Subject" = 'SignOffGoLive'
            GROUP BY date("AtUtc", '-6 days', 'weekday 1')
            """, Stamp(since)).ToListAsync(cancellationToken)
            : await db.Database.SqlQueryRaw<WeekRow>(DashboardChartsPostgreSql.GoingLive, since).ToListAsync(cancellationToken);
        var byWeek = rows.ToDictionary(r => DateOnly.ParseExact(r.WeekOf, "yyyy-MM-dd", CultureInfo.InvariantCulture), r => r.Count);
        return Enumerable.Range(0, Weeks)
            .Select(n => firstWeek.AddDays(7 * n))
            .Select(week => new GoLiveWeek(week, byWeek.GetValueOrDefault(week)))
            .ToArray();
    }

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>A UTC instant as the log stores it (text that sorts as time does).</summary>
    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');

    internal sealed class MedianRow
    {
        public string Stage { get; set; } = "";

        public double MedianDays { get; set; }

        public int Stays { get; set; }
    }

    internal sealed class WeekRow
    {
        public string WeekOf { get; set; } = "";

        public int Count { get; set; }
    }
}
