using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>Records the statements that change rows (<see cref="CommandRecorder"/> keeps the queries), to be explained afterwards.</summary>
public sealed class UpdateRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<RecordedCommand> _commands = new();

    public IReadOnlyList<RecordedCommand> Commands => _commands.ToArray();

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(new RecordedCommand(command.CommandText.TrimStart(),
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToArray()));
        return ValueTask.FromResult(result);
    }
}
