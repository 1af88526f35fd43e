namespace Alltkn.Handoff.App.Services;

/// <summary>
/// <see cref="DashboardCharts"/>' two queries over the revision log in PostgreSQL's SQL: the same stays and weeks as the
/// SQLite queries there, with <c>timestamptz</c> arithmetic for the days and <c>date_trunc('week')</c> (weeks start on
/// Monday) in UTC for the weeks. The parameter <c>{0}</c> is a UTC <see cref="DateTime"/>.
/// </summary>
internal static class DashboardChartsPostgreSql
{
    /// <summary>Median calendar days per stage over the stays that ended by a forward move since <c>{0}</c>.</summary>
    public const string Medians = """
        WITH "Stays" AS (
            SELECT e."Before" AS "Stage",
                   CAST(EXTRACT(EPOCH FROM e."AtUtc" - COALESCE(
                       (SELECT s."AtUtc" FROM "RevisionEntries" AS s
                        WHERE s."OnboardingId" = e."OnboardingId" AND s."AtUtc" < e."AtUtc"
                          AND s."Kind" = 'StageMoved' AND s."After" = e."Before" AND s."Subject" <> 'Resume'
                        ORDER BY s."AtUtc" DESC LIMIT 1),
                       o."CreatedAtUtc")) AS double precision) / 86400.0 AS "Days"
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
        SELECT "Stage", AVG("Days") AS "MedianDays", CAST(MAX("Total") AS integer) AS "Stays"
        FROM "Ranked"
        WHERE "N" IN (("Total" + 1) / 2, ("Total" + 2) / 2)
        GROUP BY "Stage"
        """;

    /// <summary>Sign-offs into Live since <c>{0}</c> per week (the Monday it starts on, UTC, as yyyy-MM-dd).</summary>
    public const string GoingLive = """
        SELECT to_char(date_trunc('week', "AtUtc" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS "WeekOf", CAST(COUNT(*) AS integer) AS "Count"
        FROM "RevisionEntries"
        WHERE "Kind" = 'StageMoved' AND "AtUtc" >= {0} AND "Subject" = 'SignOffGoLive'
        GROUP BY date_trunc('week', "AtUtc" AT TIME ZONE 'UTC')
        """;
}
