using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// "Contains, whatever the case" for the search boxes, on either provider: SQLite's <c>LIKE</c> ignores the case (of
/// Latin letters) already; PostgreSQL's is case-sensitive, so there the match is <c>ILIKE</c>
/// (<see cref="NpgsqlDbFunctionsExtensions.ILike(DbFunctions, string, string, string)"/>). The text is a parameter, never
/// SQL, and its own <c>%</c>, <c>_</c> and <c>\</c> are escaped: a search for <c>100%</c> or <c>a_b</c> finds those
/// characters, not any text.
/// </summary>
public static class TextSearch
{
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    /// <summary>The escape character of every pattern: it makes the character after it match itself.</summary>
    private const string Escape = "\\";

    /// <summary>The rows of which one of <paramref name="columns"/> contains <paramref name="text"/> (trimmed), in any case.</summary>
    public static IQueryable<T> WhereAnyContains<T>(this IQueryable<T> source, DbContext db, string text, params Expression<Func<T, string?>>[] columns)
    {
        var pattern = $"%{Escaped(text.Trim())}%";
        Expression<Func<string>> parameter = () => pattern;
        var escape = Expression.Constant(Escape);
        var like = db.Database.IsNpgsql() ? ILike : Like;
        var row = Expression.Parameter(typeof(T), "row");
        var functions = Expression.Property(null, typeof(EF), nameof(EF.Functions));
        Expression? any = null;
        foreach (var column in columns)
        {
            var value = ReplacingExpressionVisitor.Replace(column.Parameters[0], row, column.Body);
            var match = Expression.Call(like, functions, value, parameter.Body, escape);
            any = any is null ? match : Expression.OrElse(any, match);
        }
        return any is null ? source : source.Where(Expression.Lambda<Func<T, bool>>(any, row));
    }

    /// <summary><paramref name="text"/> with the pattern's own characters (<c>%</c>, <c>_</c>, the escape) escaped.</summary>
    private static string Escaped(string text) =>
        text.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);
}
