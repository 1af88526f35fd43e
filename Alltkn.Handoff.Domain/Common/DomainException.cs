namespace Alltkn.Handoff.Domain.Common;

/// <summary>
/// The one way the domain refuses an illegal change. Nothing has been changed when it is thrown.
/// <see cref="Code"/> is a stable key the UI localizes (with <see cref="Arguments"/>);
/// <see cref="Exception.Message"/> is the English text.
/// </summary>
public class DomainException : Exception
{
    public DomainException(string code, string message, params object?[] arguments)
        : base(message)
    {
        Code = code;
        Arguments = arguments;
    }

    public string Code { get; }

    public IReadOnlyList<object?> Arguments { get; }
}
