using System.Data.Common;
using Alltkn.Handoff.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>
/// Bulk insert of entities the domain made (checklist items, revision entries), in the context's current transaction:
/// one prepared INSERT reused for every row, with the table, columns, parameter set-up and value conversions read from
/// EF's model (the parameters EF itself would send), so the rows are stored as <see cref="DbContext.SaveChanges()"/>
/// would store them, without tracking hundreds of thousands of entities. An entity type with shadow properties
/// (values EF keeps outside the object) is not handled here: <see cref="CanInsert"/> says so and the caller lets EF save it.
/// </summary>
internal sealed class ModelRows
{
    private readonly IEntityType _entity;
    private readonly (IProperty Property, string Column, RelationalTypeMapping Mapping)[] _columns;

    private ModelRows(IEntityType entity, StoreObjectIdentifier table)
    {
        _entity = entity;
        _columns = entity.GetProperties()
            .Select(p => (p, p.GetColumnName(table)!, (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToArray();
        Table = table.Name;
    }

    public string Table { get; }

    public static ModelRows? For<T>(AppDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T));
        if (entity?.GetTableName() is not { } name || entity.IsOwned()
            || entity.GetProperties().Any(p => p.IsShadowProperty() || p.IsPrimitiveCollection)
            || entity.GetComplexProperties().Any() || entity.GetNavigations().Any(n => n.IsOnDependent is false && n.TargetEntityType.IsOwned()))
        {
            return null;
        }
        return new ModelRows(entity, StoreObjectIdentifier.Table(name, entity.GetSchema()));
    }

    public async Task InsertAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (_entity.ClrType != typeof(T))
        {
            throw new InvalidOperationException($"These rows are {_entity.ClrType.Name}, not {typeof(T).Name}.");
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Insert the rows inside the batch's transaction.");
        command.CommandText =
            $"INSERT INTO \"{Table}\" ({string.Join(", ", _columns.Select(c => $"\"{c.Column}\""))}) " +
            $"VALUES ({string.Join(", ", _columns.Select((_, i) => $"@p{i}"))})";
        DbParameter[]? parameters = null;
        foreach (var row in rows)
        {
            if (parameters is null)
            {
                // The first row sets up each parameter as EF does (type, size, conversion); later rows only change values.
                parameters = new DbParameter[_columns.Length];
                for (var i = 0; i < _columns.Length; i++)
                {
                    var (property, _, mapping) = _columns[i];
                    parameters[i] = mapping.CreateParameter(command, $"@p{i}", property.GetGetter().GetClrValue(row), property.IsNullable);
                    command.Parameters.Add(parameters[i]);
                }
            }
            else
            {
                for (var i = 0; i < _columns.Length; i++)
                {
                    var (property, _, mapping) = _columns[i];
                    var value = property.GetGetter().GetClrValue(row);
                    if (value is not null && mapping.Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }
                    parameters[i].Value = value ?? DBNull.Value;
                }
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
