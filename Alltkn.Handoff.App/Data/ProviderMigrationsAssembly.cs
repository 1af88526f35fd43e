using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Alltkn.Handoff.App.Data;

/// <summary>
/// The migrations of the active provider only. Both providers' migrations live in this assembly, for the one
/// <see cref="AppDbContext"/>: SQLite's in <c>Data/Migrations</c> (namespace <see cref="SqliteNamespace"/>), PostgreSQL's in
/// <c>Data/Migrations/PostgreSQL</c> (namespace <see cref="PostgreSqlNamespace"/>), each with its own model snapshot. EF's own
/// <see cref="MigrationsAssembly"/> would take every migration of the context and the first snapshot it finds; this one keeps
/// to the namespace of the provider the context is configured with, at run time and for <c>dotnet ef</c> alike.
/// </summary>
/// <remarks>
/// Chosen over a second context type (<c>PostgreSqlAppDbContext : AppDbContext</c>), which every
/// <c>IDbContextFactory&lt;AppDbContext&gt;</c>, Identity's stores and the data-protection key store would have to be taught
/// about, and over a second migrations assembly (a project of its own for a handful of files). The price: EF's
/// <see cref="MigrationsAssembly"/> is internal API (EF1001), so an EF Core upgrade must re-check this class; the
/// migration tests on both providers (HasPendingModelChanges, every migration applied) fail if it stops working.
/// </remarks>
#pragma warning disable EF1001 // MigrationsAssembly is EF's internal API: see the remarks.
public sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
    IDatabaseProvider databaseProvider)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    public const string SqliteNamespace = "Alltkn.Handoff.App.Data.Migrations";
    public const string PostgreSqlNamespace = "Alltkn.Handoff.App.Data.Migrations.PostgreSQL";

    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotFound;

    /// <summary>The namespace of the migrations and snapshot for <paramref name="providerName"/> (EF's provider name).</summary>
    public static string NamespaceFor(string providerName) =>
        providerName == "Npgsql.EntityFrameworkCore.PostgreSQL" ? PostgreSqlNamespace : SqliteNamespace;

    public string Namespace => NamespaceFor(databaseProvider.Name);

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= new SortedList<string, TypeInfo>(
            base.Migrations.Where(m => m.Value.Namespace == Namespace).ToDictionary(m => m.Key, m => m.Value));

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotFound)
            {
                var type = Assembly.GetTypes().FirstOrDefault(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(ModelSnapshot))
                    && t.Namespace == Namespace && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
                _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type)!;
                _snapshotFound = true;
            }
            return _snapshot;
        }
    }
}
#pragma warning restore EF1001
