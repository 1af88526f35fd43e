using Microsoft.Data.Sqlite;
using Npgsql;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Whether a save was refused by a unique index (a key stored twice at once, by two requests or two instances), on
/// either provider: SQLite's constraint error (19) of a unique or primary key (extended codes 2067, 1555), PostgreSQL's
/// <c>unique_violation</c> (SqlState 23505). Other failures (a foreign key, a NOT NULL, a lost connection) are not.
/// </summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when <paramref name="exception"/> or one of its inner exceptions is a unique-index refusal.</summary>
    public static bool Is(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey }
            or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || exception.InnerException is { } inner && Is(inner);
}
