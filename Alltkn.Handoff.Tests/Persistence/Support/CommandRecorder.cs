using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>One SQL command as the app issued it: its text and its parameters' values.</summary>
public sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    /// <summary>What <see cref="CommandRecorder"/>'s scope said when the command was sent (null without a scope).</summary>
    public string? Scope { get; init; }
}

/// <summary>
/// Records every query the services issue (the SQL EF sends, with its parameters), to be explained afterwards. With a
/// <paramref name="scope"/>, only the queries sent while it says something (say, the request being answered), under that.
/// </summary>
public sealed class CommandRecorder(Func<string?>? scope = null) : DbCommandInterceptor
{
    private readonly ConcurrentQueue<RecordedCommand> _commands = new();

    public IReadOnlyList<RecordedCommand> Commands => _commands.ToArray();

    /// <summary>The queries recorded under <paramref name="scopeValue"/>.</summary>
    public IReadOnlyList<RecordedCommand> Of(string scopeValue) => [.. _commands.Where(c => c.Scope == scopeValue)];

    public void Clear() => _commands.Clear();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    private void Record(DbCommand command)
    {
        var under = scope?.Invoke();
        if (scope is not null && under is null)
        {
            return;
        }
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            || command.CommandText.TrimStart().StartsWith("WITH", StringComparison.OrdinalIgnoreCase))
        {
            _commands.Enqueue(new RecordedCommand(command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToArray()) { Scope = under });
        }
    }
}
