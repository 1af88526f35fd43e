using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Alltkn.Handoff.Benchmarks.Scale;
using Microsoft.Data.Sqlite;
using Npgsql;

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
    private const string Open = "i.Status NOT IN ('Done', 'NotApplicable')";

    private const string ListColumns = """
        SELECT o.Id, o.Details_Customer, o.Details_ProcurementEntity, o.Scenario, o.Stage, o.StageBeforeHold, o.Details_ExpectedGoLiveDate, o.CreatedAtUtc,
          (SELECT COUNT(*) FROM HandoffItems i WHERE i.OnboardingId = o.Id AND i.Required AND i.Status IN ('Done', 'NotApplicable')),
          (SELECT COUNT(*) FROM HandoffItems i WHERE i.OnboardingId = o.Id AND i.Required),
          (SELECT COUNT(*) FROM HandoffItems i WHERE i.OnboardingId = o.Id AND i.DueDate < @today AND i.Status NOT IN ('Done', 'NotApplicable'))
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

    /// <summary>The first 20 onboardings (newest first) that pass <paramref name="where"/>, with their progress, and how many pass.</summary>
    public static string List(string where) =>
        $"{ListColumns} (SELECT * FROM Onboardings o {where} ORDER BY o.CreatedAtUtc DESC LIMIT 20) o ORDER BY o.CreatedAtUtc DESC; SELECT COUNT(*) FROM Onboardings o {where};";

    public static string MyItems(int limit) => $"""
        SELECT o.Id, o.Details_Customer, o.Stage, i.* FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
        WHERE o.Stage <> 'Cancelled' AND (i.OwnerRole = @role OR i.AssigneeUserId = @user) AND {Open}
        ORDER BY i.DueDate IS NULL, i.DueDate, o.Details_Customer, i.SortOrder LIMIT {limit};
        SELECT COUNT(*) FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
        WHERE o.Stage <> 'Cancelled' AND (i.OwnerRole = @role OR i.AssigneeUserId = @user) AND {Open};
        """;

    public static readonly string Dashboard = $"""
        SELECT Stage, COUNT(*) FROM Onboardings GROUP BY Stage;
        SELECT o.Id, o.Details_Customer, o.Stage, i.Title, i.StatusReason, i.OwnerRole FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
        WHERE i.Status = 'Blocked' AND o.Stage NOT IN ('Cancelled', 'Live')
          AND i.Stage = CASE WHEN o.Stage = 'OnHold' THEN o.StageBeforeHold ELSE o.Stage END
        ORDER BY o.Details_Customer LIMIT 50;
        SELECT o.Id, o.Details_Customer, o.Stage, i.* FROM HandoffItems i JOIN Onboardings o ON o.Id = i.OnboardingId
        WHERE o.Stage <> 'Cancelled' AND i.DueDate < @today AND {Open} ORDER BY i.DueDate LIMIT 50;
        SELECT o.Id, o.Details_Customer, o.Stage, o.GoLiveWindowStartUtc, o.GoLiveWindowEndUtc, o.GoLiveWindowTimeZone FROM Onboardings o
        WHERE o.GoLiveWindowStartUtc IS NOT NULL AND o.Stage <> 'Cancelled' AND o.GoLiveWindowEndUtc >= @now AND o.GoLiveWindowStartUtc <= @until
        ORDER BY o.GoLiveWindowStartUtc LIMIT 50;
        {MyItems(20)}
        """;

    public const string GoLive = """
        SELECT o.* FROM Onboardings o WHERE o.Stage = 'GoLive' ORDER BY o.Details_Customer LIMIT 20;
        SELECT i.* FROM HandoffItems i WHERE i.OnboardingId IN (SELECT Id FROM Onboardings WHERE Stage = 'GoLive' ORDER BY Details_Customer LIMIT 20) ORDER BY i.OnboardingId, i.SortOrder;
        SELECT s.* FROM SupportAssignments s WHERE s.OnboardingId IN (SELECT Id FROM Onboardings WHERE Stage = 'GoLive' ORDER BY Details_Customer LIMIT 20);
        SELECT COUNT(*) FROM Onboardings WHERE Stage = 'GoLive';
        """;

    public static string Revisions(int page) => $"SELECT * FROM RevisionEntries ORDER BY AtUtc DESC, Id DESC LIMIT 50 OFFSET {(page - 1) * 50};";

    public const string Detail = """
        SELECT * FROM Onboardings WHERE Id = @id;
        SELECT * FROM HandoffItems WHERE OnboardingId = @id ORDER BY SortOrder;
        SELECT * FROM SupportAssignments WHERE OnboardingId = @id;
        SELECT * FROM RevisionEntries WHERE OnboardingId = @id ORDER BY AtUtc DESC;
        """;

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
