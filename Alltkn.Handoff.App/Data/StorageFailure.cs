using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// Whether a failure came from the database, on either provider: a refused save (<see cref="DbUpdateException"/>) or
/// the provider's own error (<see cref="DbException"/>: SQLite's <c>SqliteException</c>, PostgreSQL's <c>NpgsqlException</c>).
/// The services answer these with "saving failed" instead of letting them reach a person.
/// </summary>
public static class StorageFailure
{
    public static bool Is(Exception exception) => exception is DbUpdateException or DbException;
}
