using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Alltkn.Handoff.Tests.Webhooks;

/// <summary>
/// Everything the app's loggers were given, as a log sink would write it: each message as formatted, with its exception
/// (all of it, inner ones too) and the scopes open around it, so a test can look for what must never reach a log.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every entry: its category and level, then the message, the scopes' texts and the exception's.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        private readonly AsyncLocal<Scope?> _scopes = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            var outer = _scopes.Value;
            _scopes.Value = new Scope(state.ToString() ?? "", outer);
            return new Restore(() => _scopes.Value = outer);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            for (var scope = _scopes.Value; scope is not null; scope = scope.Outer)
            {
                scopes.Add(scope.Text);
            }
            logs._entries.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | scopes: {string.Join(" => ", scopes)} | {exception}");
        }
    }

    private sealed record Scope(string Text, Scope? Outer);

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
