using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>
/// The compiled models (<c>Alltkn.Handoff.App/Data/CompiledModels</c>, one per provider) that the app's contexts use instead
/// of building the model at the first use of the database: each must be the model the configurations build today, or the
/// app would read and write by an old mapping. When one of these fails, run <c>Data/CompiledModels/regenerate.sh</c>.
/// Needs no server for PostgreSQL (the models are compared without connecting).
/// </summary>
public sealed class CompiledModelTests
{
    private const string NoServer = "Host=127.0.0.1;Port=1;Database=never_opened;Username=nobody";

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_app_uses_the_compiled_model_of_its_provider(DatabaseProvider provider)
    {
        using var db = Context(provider);

        db.Model.GetType().Namespace.Should().Be($"Alltkn.Handoff.App.Data.CompiledModels.{provider}",
            "the context options hand the active provider's compiled model to UseModel");
        db.Model.Should().NotBeSameAs(db.GetService<IDesignTimeModel>().Model, "the design-time model is still built from the configurations");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_maps_the_same_tables_and_columns_as_the_configurations(DatabaseProvider provider)
    {
        using var db = Context(provider);
        var built = db.GetService<IDesignTimeModel>().Model;

        // EF's model differ cannot read a compiled model (a read-optimized model keeps no design-time-only configuration:
        // collations, check constraints, exclusion from migrations), so the relational models are compared table by table,
        // column by column, on what the compiled model keeps.
        Differences(Tables(db.Model.GetRelationalModel()), Tables(built.GetRelationalModel())).Should().BeEmpty(
            "the compiled model must map what the configurations map: regenerate it (Data/CompiledModels/regenerate.sh)");
    }

    /// <summary>The lines only the compiled model has, and those only the configurations' model has (or both, in another order).</summary>
    private static string Differences(List<string> compiled, List<string> built)
    {
        var differences = compiled.Except(built).Select(l => "compiled model only: " + l)
            .Concat(built.Except(compiled).Select(l => "configurations only: " + l)).ToList();
        if (differences.Count == 0 && !compiled.SequenceEqual(built))
        {
            differences.Add("the same lines in another order or repeated");
        }
        return string.Join(Environment.NewLine, differences);
    }

    /// <summary>One line per table, column, key, foreign key and index of the relational model.</summary>
    private static List<string> Tables(IRelationalModel model)
    {
        var lines = new List<string>();
        foreach (var table in model.Tables.OrderBy(t => t.SchemaQualifiedName, StringComparer.Ordinal))
        {
            lines.Add($"table {table.SchemaQualifiedName} shared={table.IsShared} "
                + $"triggers=({string.Join(", ", table.Triggers.Select(t => t.ModelName).Order(StringComparer.Ordinal))})");
            lines.AddRange(table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c =>
                $"{table.Name}.{c.Name}: {c.StoreType} nullable={c.IsNullable} provider={c.ProviderClrType} maxLength={c.MaxLength} "
                + $"unicode={c.IsUnicode} fixed={c.IsFixedLength} rowVersion={c.IsRowVersion} mappings={c.PropertyMappings.Count()} "
                + $"default={c.DefaultValue} defaultSql={c.DefaultValueSql} computed={c.ComputedColumnSql}"));
            lines.Add($"{table.Name} primary {table.PrimaryKey?.Name} {Columns(table.PrimaryKey?.Columns ?? [])}");
            lines.AddRange(table.UniqueConstraints.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => $"{table.Name} unique {u.Name} {Columns(u.Columns)}"));
            lines.AddRange(table.ForeignKeyConstraints.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f =>
                $"{table.Name} fk {f.Name} {Columns(f.Columns)} -> {f.PrincipalTable.Name}{Columns(f.PrincipalColumns)} delete={f.OnDeleteAction}"));
            lines.AddRange(table.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i =>
                $"{table.Name} index {i.Name} {Columns(i.Columns)} unique={i.IsUnique} filter={i.Filter}"));
        }
        return lines;
    }

    private static string Columns(IEnumerable<IColumn> columns) => "(" + string.Join(", ", columns.Select(c => c.Name)) + ")";

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_has_the_same_entities_properties_and_relationships_as_the_configurations(DatabaseProvider provider)
    {
        using var db = Context(provider);
        var built = db.GetService<IDesignTimeModel>().Model;

        // What the schema does not show: concurrency tokens, value conversions, navigations, owned and complex types, query filters.
        Differences(Shape(db.Model), Shape(built)).Should().BeEmpty(
            "the compiled model must be the model the configurations build: regenerate it (Data/CompiledModels/regenerate.sh)");
    }

    /// <summary>One line per entity type, property, key, foreign key, navigation and index, with what EF reads and writes by.</summary>
    private static List<string> Shape(IModel model)
    {
        var lines = new List<string>();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            lines.Add($"{entity.Name}: {entity.ClrType} base={entity.BaseType?.Name} owned={entity.IsOwned()} table={entity.GetTableName()} "
                + $"filters={entity.GetDeclaredQueryFilters().Count} discriminator={entity.FindDiscriminatorProperty()?.Name} "
                + $"tracking={entity.GetChangeTrackingStrategy()}");
            AddProperties(lines, entity.Name, entity);
            lines.AddRange(entity.GetDeclaredKeys().Select(k => $"{entity.Name} key {Names(k.Properties)} primary={k.IsPrimaryKey()}"));
            lines.AddRange(entity.GetDeclaredForeignKeys().Select(f =>
                $"{entity.Name} fk {Names(f.Properties)} -> {f.PrincipalEntityType.Name}{Names(f.PrincipalKey.Properties)} "
                + $"delete={f.DeleteBehavior} required={f.IsRequired} unique={f.IsUnique} ownership={f.IsOwnership}"));
            lines.AddRange(entity.GetDeclaredNavigations().Select(n =>
                $"{entity.Name} navigation {n.Name} -> {n.TargetEntityType.Name} collection={n.IsCollection} field={n.FieldInfo?.Name} eager={n.IsEagerLoaded}"));
            lines.AddRange(entity.GetDeclaredSkipNavigations().Select(n => $"{entity.Name} skip {n.Name} -> {n.TargetEntityType.Name}"));
            lines.AddRange(entity.GetDeclaredIndexes().Select(i =>
                $"{entity.Name} index {i.GetDatabaseName()} {Names(i.Properties)} unique={i.IsUnique} filter={i.GetFilter()}"));
        }
        return lines;
    }

    private static void AddProperties(List<string> lines, string owner, ITypeBase type)
    {
        foreach (var p in type.GetDeclaredProperties())
        {
            var converter = p.GetTypeMapping().Converter;
            lines.Add($"{owner}.{p.Name}: {p.ClrType} nullable={p.IsNullable} concurrency={p.IsConcurrencyToken} generated={p.ValueGenerated} "
                + $"column={p.GetColumnName()} {p.GetColumnType()} maxLength={p.GetMaxLength()} unicode={p.IsUnicode()} "
                + $"converter={converter?.GetType()} provider={p.GetTypeMapping().ClrType} field={p.FieldInfo?.Name} shadow={p.IsShadowProperty()} "
                + $"comparer={p.GetValueComparer().GetType().Name} default={p.GetDefaultValue()} defaultSql={p.GetDefaultValueSql()} "
                + $"computed={p.GetComputedColumnSql()} access={p.GetPropertyAccessMode()}");
        }
        foreach (var complex in type.GetDeclaredComplexProperties())
        {
            lines.Add($"{owner}.{complex.Name}: complex {complex.ClrType} nullable={complex.IsNullable} collection={complex.IsCollection}");
            AddProperties(lines, $"{owner}.{complex.Name}", complex.ComplexType);
        }
    }

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => "(" + string.Join(", ", properties.Select(p => p.Name)) + ")";

    /// <summary>A context set up exactly as the app's (<see cref="DataSetup.UseHandoffDatabase"/>), for either provider.</summary>
    private static AppDbContext Context(DatabaseProvider provider)
    {
        var settings = provider == DatabaseProvider.PostgreSQL
            ? new Dictionary<string, string?>
            {
                [HandoffDatabase.ProviderKey] = "PostgreSQL",
                [$"ConnectionStrings:{HandoffDatabase.ConnectionStringName}"] = NoServer,
            }
            : new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = Path.Combine(Path.GetTempPath(), "never-created", "handoff.db") };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseHandoffDatabase(HandoffDatabase.From(configuration), HandoffPaths.From(configuration));
        return new AppDbContext((DbContextOptions<AppDbContext>)options.Options);
    }
}
