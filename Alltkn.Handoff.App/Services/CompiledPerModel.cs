using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// A set of EF compiled queries (<c>EF.CompileAsyncQuery</c>),
/// made once for each model it runs on. A compiled query skips what EF does for every other query each time it runs
/// (reading the closure's values out of the expression, hashing the expression to find it in the query cache), which
/// on the pages' small reads took as long as SQLite itself; but it binds itself to the model it first ran on and refuses
/// any other, and the app has a model per provider (the tests run both in one process): so each model gets its own set.
/// </summary>
internal static class CompiledPerModel<TQueries>
    where TQueries : class, new()
{
    private static readonly ConditionalWeakTable<IModel, TQueries> Sets = [];

    /// <summary>The set of compiled queries for the model of <paramref name="db"/>.</summary>
    public static TQueries For(DbContext db) => Sets.GetValue(db.Model, static _ => new TQueries());
}
