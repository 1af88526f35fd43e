using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Components.Onboardings;
using Alltkn.Handoff.App.Components.Pages.Revisions;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Benchmarks.Scale;
using Microsoft.Data.Sqlite;
using Npgsql;
using GoLivePage = Alltkn.Handoff.App.Components.Pages.GoLive.GoLive;

namespace Alltkn.Handoff.Benchmarks.Load;

/// <summary>
/// Hand-written SQL that reads the rows a page shows when it shows one page of them (lists: the first 20 or 50 rows in
/// the page's order and their count; the revision log: 50 entries at the page's offset; an onboarding: the onboarding,
/// its items, its support matrix and its history), for the "≤ 3× the raw SQL" column. Every row is read to the end.
/// Written in SQLite's spelling; on PostgreSQL the PascalCase names are quoted (<see cref="ForPostgreSql"/>) and the
/// parameters typed (dates as dates, times as timestamptz, the onboarding id as a uuid).
/// </summary>
internal sealed partial class RawQueries(BenchDatabase database, DateTime nowUtc)
{
    /// <summary>
    /// An item not yet settled, spelt as the app's partial indexes (<c>Status IN ('Open', 'InProgress', 'Blocked')</c>) so
    /// that the raw SQL may use them: <c>NOT IN ('Done', 'NotApplicable')</c>, the same set, does not imply the indexes' condition.
    /// </summary>
    public const string Open = "i.Status IN ('Open', 'InProgress', 'Blocked')";

    /// <summary>
    /// A list's columns: progress from the summary the app stores with each onboarding (required done and in all, the
    /// percentage, the health), as the list shows it, not recounted from the items; the overdue count of the page's rows
    /// read from the items, as the app does.
    /// </summary>
    private const string ListColumns = $"""
        SELECT o.Id, o.Details_Customer, o.Details_ProcurementEntity, o.Scenario, o.Stage, o.StageBeforeHold, o.Details_ExpectedGoLiveDate, o.CreatedAtUtc,
          o.RequiredDone, o.RequiredTotal, o.ProgressPercent, o.Health, o.HealthScore,
          (SELECT COUNT(*) FROM HandoffItems i WHERE i.OnboardingId = o.Id AND i.DueDate < @today AND {Open})
        FROM
        """;

    public string Today { get; } = DateOnly.FromDateTime(nowUtc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Now { get; } = nowUtc.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    public DbConnection Connect()
    {
        DbConnection connection = database.IsPostgreSql
            ? new NpgsqlConnection(database.Location)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.Location, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The SQL in PostgreSQL's spelling: every PascalCase name quoted (keywords are upper case, aliases lower case), string literals untouched.</summary>
    public static string ForPostgreSql(string sql) =>
        NameOrLiteral().Replace(sql, m => m.Value.StartsWith('\'') ? m.Value : $"\"{m.Value}\"");

    [GeneratedRegex(@"'[^']*'|(?<![@\w""])[A-Z][a-z]\w*")]
    private static partial Regex NameOrLiteral();

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The first 20 onboardings (newest first, ties by id as in the app) that pass <paramref name="where"/>, with their progress, and how many pass.</summary>
    public static string List(string where) =>
        $"{ListColumns} (SELECT * FROM Onboardings o {where} ORDER BY o.CreatedAtUtc DESC, o.Id DESC LIMIT 20) o ORDER BY o.CreatedAtUtc DESC, o.Id DESC; SELECT COUNT(*) FROM Onboardings o {where};";

    /// <summary>
    /// The person's first <paramref name="limit"/> open items with a due date (soonest first; on the benchmark database
    /// they fill the page, so, as in the app, the undated are not read), onboardings cancelled left out; with
    /// <paramref name="count"/>, how many in all, counted up to the app's cap (<see cref="OnboardingQueries.CountCap"/>: the
    /// page says "1,000+", and counting every one of thousands is not what it reads). One query per branch (the role, the
    /// assignments), each through its partial index, merged: a single OR over both sorts every matching item.
    /// </summary>
    public static string MyItems(int limit, bool count) => $"""
        SELECT * FROM (SELECT o.Details_Customer AS Customer, o.Stage AS OnboardingStage, i.* FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
          WHERE o.Stage <> 'Cancelled' AND i.OwnerRole = @role AND {Open} AND i.DueDate IS NOT NULL
          ORDER BY i.DueDate, o.Details_Customer, i.SortOrder LIMIT {limit})
        UNION
        SELECT * FROM (SELECT o.Details_Customer AS Customer, o.Stage AS OnboardingStage, i.* FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
          WHERE o.Stage <> 'Cancelled' AND i.AssigneeUserId = @user AND {Open} AND i.DueDate IS NOT NULL
          ORDER BY i.DueDate, o.Details_Customer, i.SortOrder LIMIT {limit})
        ORDER BY DueDate, Customer, SortOrder LIMIT {limit};
        {(count ? $"""
        SELECT COUNT(*) FROM (SELECT 1 FROM HandoffItems i
          WHERE (i.OwnerRole = @role OR i.AssigneeUserId = @user) AND {Open} AND i.OnboardingId NOT IN (SELECT Id FROM Onboardings WHERE Stage = 'Cancelled')
          LIMIT {OnboardingQueries.CountCap + 1}) c;
        """ : "")}
        """;

    /// <summary>
    /// The dashboard as it is prerendered (its charts load afterwards): per-stage counts; the first
    /// <see cref="OnboardingQueries.DashboardRows"/> overdue items and their count up to the cap; the next 14 days' windows;
    /// the first <see cref="OnboardingQueries.DashboardMyItems"/> of My items (no count: the card shows none); and the
    /// blocked items holding a gate read as the app reads them, from the summary it stores with each onboarding (blocked
    /// count and working stage: the first onboardings with blocked items by customer, their blocked items at that stage,
    /// the sum of the blocked counts), not recomputed from every blocked item of every onboarding (which took 0.2 s where
    /// the whole page took 18 ms).
    /// </summary>
    public static readonly string Dashboard = $"""
        SELECT Stage, COUNT(*) FROM Onboardings GROUP BY Stage;
        SELECT b.Id, b.Details_Customer, b.Stage, i.* FROM
          (SELECT Id, Details_Customer, Stage, WorkingStage FROM Onboardings WHERE BlockedAtGate > 0 ORDER BY Details_Customer, Id LIMIT {OnboardingQueries.DashboardRows}) b
          JOIN HandoffItems i ON i.OnboardingId = b.Id AND i.Status = 'Blocked' AND i.Stage = b.WorkingStage
        ORDER BY b.Details_Customer, b.Id, i.SortOrder LIMIT {OnboardingQueries.DashboardRows};
        SELECT SUM(BlockedAtGate) FROM Onboardings WHERE BlockedAtGate > 0;
        SELECT o.Id, o.Details_Customer, o.Stage, i.* FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
        WHERE o.Stage <> 'Cancelled' AND i.DueDate < @today AND {Open} ORDER BY i.DueDate LIMIT {OnboardingQueries.DashboardRows};
        SELECT COUNT(*) FROM (SELECT 1 FROM HandoffItems i
          WHERE i.DueDate < @today AND {Open} AND i.OnboardingId NOT IN (SELECT Id FROM Onboardings WHERE Stage = 'Cancelled')
          LIMIT {OnboardingQueries.CountCap + 1}) c;
        SELECT o.Id, o.Details_Customer, o.Stage, o.GoLiveWindowStartUtc, o.GoLiveWindowEndUtc, o.GoLiveWindowTimeZone FROM Onboardings o
        WHERE o.GoLiveWindowStartUtc IS NOT NULL AND o.Stage <> 'Cancelled' AND o.GoLiveWindowEndUtc >= @now AND o.GoLiveWindowStartUtc <= @until
        ORDER BY o.GoLiveWindowStartUtc LIMIT {OnboardingQueries.DashboardRows};
        {MyItems(OnboardingQueries.DashboardMyItems, count: false)}
        """;

    /// <summary>
    /// Go-live's first page (<see cref="GoLivePage.PageSize"/> onboardings) in its order (fewest open checks at the gate,
    /// from the stored summary; then the window; then the customer), with their items and support matrices, and the count.
    /// </summary>
    public static readonly string GoLive = $"""
        SELECT o.* FROM Onboardings o WHERE o.Stage = 'GoLive'
        ORDER BY o.OpenAtGate, o.GoLiveWindowStartUtc IS NULL, o.GoLiveWindowStartUtc, o.Details_Customer, o.Id LIMIT {GoLivePage.PageSize};
        SELECT i.* FROM HandoffItems i WHERE i.OnboardingId IN ({GoLiveFirst()}) ORDER BY i.OnboardingId, i.SortOrder;
        SELECT s.* FROM SupportAssignments s WHERE s.OnboardingId IN ({GoLiveFirst()});
        SELECT COUNT(*) FROM Onboardings WHERE Stage = 'GoLive';
        """;

    private static string GoLiveFirst() =>
        $"SELECT Id FROM Onboardings WHERE Stage = 'GoLive' ORDER BY OpenAtGate, GoLiveWindowStartUtc IS NULL, GoLiveWindowStartUtc, Details_Customer, Id LIMIT {GoLivePage.PageSize}";

    /// <summary>
    /// A page of the revision log as the page reads it: by keyset (the entries just older than the cursor
    /// <c>@at</c>/<c>@before</c>, or the newest), one beyond the page to know whether more follow, and the customer of
    /// each entry's onboarding (the page names them).
    /// </summary>
    public static string Revisions(bool keyset) => $"""
        SELECT r.*, o.Details_Customer FROM
          (SELECT * FROM RevisionEntries {(keyset ? "WHERE AtUtc <= @at AND (AtUtc < @at OR Id < @before)" : "")} ORDER BY AtUtc DESC, Id DESC LIMIT {RevisionFilter.PageSize + 1}) r
          LEFT JOIN Onboardings o ON o.Id = r.OnboardingId
        ORDER BY r.AtUtc DESC, r.Id DESC;
        """;

    /// <summary>An onboarding as its page reads it: itself, its items, its support matrix, its newest history entries, their count, its stage moves.</summary>
    public static readonly string Detail = $"""
        SELECT * FROM Onboardings WHERE Id = @id;
        SELECT * FROM HandoffItems WHERE OnboardingId = @id ORDER BY SortOrder;
        SELECT * FROM SupportAssignments WHERE OnboardingId = @id;
        SELECT * FROM RevisionEntries WHERE OnboardingId = @id ORDER BY AtUtc DESC, Id DESC LIMIT {RevisionTimeline.PageSize};
        SELECT COUNT(*) FROM RevisionEntries WHERE OnboardingId = @id;
        SELECT * FROM RevisionEntries WHERE OnboardingId = @id AND Kind = 'StageMoved' ORDER BY AtUtc DESC, Id DESC;
        """;

    /// <summary>The revision log's entry <paramref name="skip"/> entries from the newest: its time and id as stored (the keyset cursor's values).</summary>
    public (object At, object Id) RevisionAt(DbConnection connection, int skip)
    {
        using var command = connection.CreateCommand();
        var sql = $"SELECT AtUtc, Id FROM RevisionEntries ORDER BY AtUtc DESC, Id DESC LIMIT 1 OFFSET {skip}";
        command.CommandText = database.IsPostgreSql ? ForPostgreSql(sql) : sql;
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetValue(0), reader.GetValue(1)) : throw new InvalidOperationException($"The revision log has fewer than {skip + 1} entries.");
    }

    /// <summary>Runs <paramref name="sql"/> and reads every value of every row of every result; returns the rows read.</summary>
    public int Run(DbConnection connection, string sql, IReadOnlyDictionary<string, object> parameters)
    {
        var postgres = database.IsPostgreSql;
        using var command = connection.CreateCommand();
        command.CommandText = postgres ? ForPostgreSql(sql) : sql;
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                Add(command, name, postgres && name == "@id" ? Guid.Parse((string)value) : value);
            }
        }
        if (sql.Contains("@today", StringComparison.Ordinal))
        {
            Add(command, "@today", postgres ? DateOnly.FromDateTime(nowUtc) : Today);
        }
        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            var until = nowUtc.AddDays(14);
            Add(command, "@now", postgres ? DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc) : Now);
            Add(command, "@until", postgres ? DateTime.SpecifyKind(until, DateTimeKind.Utc) : until.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
        }
        using var reader = command.ExecuteReader();
        var rows = 0;
        do
        {
            var values = new object[reader.FieldCount];
            while (reader.Read())
            {
                reader.GetValues(values);
                rows++;
            }
        }
        while (reader.NextResult());
        return rows;
    }
}
