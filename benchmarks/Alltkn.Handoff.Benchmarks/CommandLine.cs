using System.Globalization;

namespace Alltkn.Handoff.Benchmarks;

/// <summary>The <c>--name value</c> options of the generate and load commands, with messages that say what to type.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private CommandLine(string usage) => Usage = usage;

    public string Usage { get; }

    public static CommandLine Parse(string[] args, string usage, params string[] known)
    {
        var line = new CommandLine(usage);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CommandLineException($"Unknown argument '{args[i]}'.", usage);
            }
            if (i + 1 >= args.Length)
            {
                throw new CommandLineException($"--{name} needs a value.", usage);
            }
            line._values[name] = args[++i];
        }
        return line;
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new CommandLineException($"--{name} is missing.", Usage);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback, int minimum = 1)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new CommandLineException($"--{name} is '{text}': give a whole number of at least {minimum}.", Usage);
    }
}

internal sealed class CommandLineException(string message, string usage) : Exception(message)
{
    public string Usage { get; } = usage;
}
