using Alltkn.Handoff.Domain.Onboardings;

namespace Alltkn.Handoff.App.Services;

public enum OutcomeStatus
{
    Ok,

    /// <summary>Nothing was signed in, or the person may not do this (logged).</summary>
    Forbidden,

    NotFound,

    /// <summary>A domain rule refused the change; <see cref="Outcome.Code"/> and <see cref="Outcome.Message"/> say which.</summary>
    Refused,

    /// <summary>Someone else saved first; <see cref="Outcome.Conflicts"/> says what changed.</summary>
    Conflict,

    /// <summary>The input carries a secret; <see cref="Outcome.Secrets"/> says what and where, with the masked text.</summary>
    SecretFound,

    /// <summary>The database could not store the change (logged); nothing was saved and the person may try again.</summary>
    Failed,
}

/// <summary>A conflicting change: the field or item part, what the person started from, and what is stored now.</summary>
public sealed record ConflictDetail(string Subject, string? Theirs, string? Stored, string? ChangedBy = null);

/// <summary>
/// What a service did. A refusal never loses input: the page keeps what was typed and shows
/// <see cref="Message"/> (English) or localizes <see cref="Code"/> with <see cref="Arguments"/>.
/// </summary>
public record Outcome
{
    public required OutcomeStatus Status { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<object?> Arguments { get; init; } = [];

    public IReadOnlyList<UnmetReason> Reasons { get; init; } = [];

    public IReadOnlyList<ConflictDetail> Conflicts { get; init; } = [];

    public IReadOnlyList<FieldSecret> Secrets { get; init; } = [];

    public bool Succeeded => Status == OutcomeStatus.Ok;

    public static Outcome Ok() => new() { Status = OutcomeStatus.Ok };

    public static Outcome Forbidden(string message) => new() { Status = OutcomeStatus.Forbidden, Code = "forbidden", Message = message };

    public static Outcome NotFound(string message) => new() { Status = OutcomeStatus.NotFound, Code = "not-found", Message = message };

    public static Outcome Conflict(string message, IReadOnlyList<ConflictDetail> conflicts) =>
        new() { Status = OutcomeStatus.Conflict, Code = "conflict", Message = message, Conflicts = conflicts };

    public static Outcome Failed(string message) => new() { Status = OutcomeStatus.Failed, Code = "save-failed", Message = message };

    public static Outcome SecretFound(IReadOnlyList<FieldSecret> secrets) => new()
    {
        Status = OutcomeStatus.SecretFound,
        Code = "secret-found",
        Message = "Not saved: " + string.Join(" ", secrets.Select(s => s.Describe())) + " Use the masked text instead.",
        Secrets = secrets,
    };
}

/// <summary>An outcome that carries a value when it succeeded.</summary>
public sealed record Outcome<T> : Outcome
{
    public T? Value { get; init; }

    public static Outcome<T> Ok(T value) => new() { Status = OutcomeStatus.Ok, Value = value };

    public static Outcome<T> From(Outcome failure) => new()
    {
        Status = failure.Status,
        Code = failure.Code,
        Message = failure.Message,
        Arguments = failure.Arguments,
        Reasons = failure.Reasons,
        Conflicts = failure.Conflicts,
        Secrets = failure.Secrets,
    };
}
