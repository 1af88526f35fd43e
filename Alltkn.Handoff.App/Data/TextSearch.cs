using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// "Contains, whatever the case" for the search boxes, on either provider: SQLite's <c>LIKE</c> ignores the case (of
/// Latin letters) already; PostgreSQL's is case-sensitive, so there the match is <c>ILIKE</c>
/// (<see cref="NpgsqlDbFunctionsExtensions.ILike(DbFunctions, string, string)"/>). The text is a parameter, never SQL.
/// </summary>
public static class TextSearch
{
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string)])!;

    /// <summary>The rows of which one of <paramref name="columns"/> contains <paramref name="text"/> (trimmed), in any case.</summary>
    public static IQueryable<T> WhereAnyContains<T>(this IQueryable<T> source, DbContext db, string text, params Expression<Func<T, string?>>[] columns)
    {
        var pattern = $"%{text.Trim()}%";
        Expression<Func<string>> parameter = () => pattern;
        var like = db.Database.IsNpgsql() ? ILike : Like;
        var row = Expression.Parameter(typeof(T), "row");
        var functions = Expression.Property(null, typeof(EF), nameof(EF.Functions));
        Expression? any = null;
        foreach (var column in columns)
        {
            var value = ReplacingExpressionVisitor.Replace(column.Parameters[0], row, column.Body);
            var match = Expression.Call(like, functions, value, parameter.Body);
            any = any is null ? match : Expression.OrElse(any, match);
        }
        return any is null ? source : source.Where(Expression.Lambda<Func<T, bool>>(any, row));
    }
}
