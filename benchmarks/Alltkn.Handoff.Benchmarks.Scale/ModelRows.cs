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
/// would store them, without tracking hundreds of thousands of entities; on PostgreSQL many rows per statement. An entity type with shadow properties
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
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Insert the rows inside the batch's transaction.");
        // SQLite: one row per statement (no network between the app and the file). PostgreSQL: up to RowsPerStatement rows
        // per statement, so a batch of 200 onboardings is a few dozen round trips rather than tens of thousands.
        var perStatement = db.Database.IsNpgsql() ? Math.Max(1, Math.Min(RowsPerStatement, MaxParameters / _columns.Length)) : 1;
        var all = rows as IReadOnlyList<T> ?? [.. rows];
        Statement? full = null;
        try
        {
            for (var start = 0; start < all.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, all.Count - start);
                if (count == perStatement)
                {
                    full ??= new Statement(this, db, transaction, count);
                    await full.RunAsync(all, start, cancellationToken);
                }
                else
                {
                    await using var tail = new Statement(this, db, transaction, count);
                    await tail.RunAsync(all, start, cancellationToken);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private const int RowsPerStatement = 500;

    /// <summary>Below PostgreSQL's 65,535 parameters per statement.</summary>
    private const int MaxParameters = 30_000;

    /// <summary>One prepared INSERT of <c>rows</c> rows, reused with new values (the parameters EF itself would send).</summary>
    private sealed class Statement(ModelRows table, AppDbContext db, DbTransaction transaction, int rows) : IAsyncDisposable
    {
        private readonly DbCommand _command = Create(table, db, transaction, rows);
        private DbParameter[]? _parameters;

        private static DbCommand Create(ModelRows table, AppDbContext db, DbTransaction transaction, int rows)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            var columns = table._columns.Length;
            var values = Enumerable.Range(0, rows)
                .Select(r => $"({string.Join(", ", Enumerable.Range(0, columns).Select(c => $"@p{(r * columns) + c}"))})");
            command.CommandText =
                $"INSERT INTO \"{table.Table}\" ({string.Join(", ", table._columns.Select(c => $"\"{c.Column}\""))}) " +
                $"VALUES {string.Join(", ", values)}";
            return command;
        }

        public async Task RunAsync<T>(IReadOnlyList<T> all, int start, CancellationToken cancellationToken) where T : class
        {
            var columns = table._columns;
            if (_parameters is null)
            {
                // The first use sets up each parameter as EF does (type, size, conversion); later uses only change values.
                _parameters = new DbParameter[rows * columns.Length];
                for (var r = 0; r < rows; r++)
                {
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var (property, _, mapping) = columns[c];
                        var index = (r * columns.Length) + c;
                        _parameters[index] = mapping.CreateParameter(_command, $"@p{index}", property.GetGetter().GetClrValue(all[start + r]), property.IsNullable);
                        _command.Parameters.Add(_parameters[index]);
                    }
                }
            }
            else
            {
                for (var r = 0; r < rows; r++)
                {
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var (property, _, mapping) = columns[c];
                        var value = property.GetGetter().GetClrValue(all[start + r]);
                        if (value is not null && mapping.Converter is { } converter)
                        {
                            value = converter.ConvertToProvider(value);
                        }
                        _parameters[(r * columns.Length) + c].Value = value ?? DBNull.Value;
                    }
                }
            }
            await _command.ExecuteNonQueryAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }
}
