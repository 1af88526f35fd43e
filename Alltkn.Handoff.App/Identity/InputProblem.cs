using Alltkn.Handoff.App.Services;
using Microsoft.AspNetCore.Identity;

namespace Alltkn.Handoff.App.Identity;

/// <summary>The form fields of a person's account, for placing a problem under the right field.</summary>
public enum AccountField
{
    None,
    Email,
    DisplayName,
    Password,
    Roles,
    Language,
    TimeZone,
}

/// <summary>What is wrong with one field of an account form, in the person's language, saying what to do.</summary>
public sealed record InputProblem(AccountField Field, string Code, string Message)
{
    /// <summary>Identity's errors (password rules, e-mail taken…) placed under their fields, each said once.</summary>
    public static IReadOnlyList<InputProblem> From(IEnumerable<IdentityError> errors) =>
        errors
            .Select(e => new InputProblem(FieldOf(e.Code), e.Code, e.Description))
            .DistinctBy(p => p.Message)
            .ToArray();

    private static AccountField FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => AccountField.Password,
        CommonPasswordValidator.ErrorCode or CommonPasswordValidator.RepeatedErrorCode => AccountField.Password,
        "InvalidEmail" or "DuplicateEmail" or "InvalidUserName" or "DuplicateUserName" => AccountField.Email,
        _ => AccountField.None,
    };
}

/// <summary>Outcomes of account changes.</summary>
public static class AccountOutcome
{
    public const string InvalidInput = "invalid-input";

    /// <summary>Refused because of what was typed; <see cref="Problems"/> says what, field by field.</summary>
    public static Outcome Invalid(IReadOnlyList<InputProblem> problems) => new()
    {
        Status = OutcomeStatus.Refused,
        Code = InvalidInput,
        Message = string.Join(" ", problems.Select(p => p.Message)),
        Arguments = [.. problems],
    };

    public static Outcome Refused(string code, string message) => new() { Status = OutcomeStatus.Refused, Code = code, Message = message };

    /// <summary>The problems of an <see cref="InvalidInput"/> outcome, none otherwise.</summary>
    public static IReadOnlyList<InputProblem> Problems(this Outcome outcome) => [.. outcome.Arguments.OfType<InputProblem>()];

    /// <summary>The problems with one field, joined into one message (null when none).</summary>
    public static string? ProblemWith(this Outcome? outcome, AccountField field) =>
        outcome?.Problems().Where(p => p.Field == field).Select(p => p.Message) is { } messages && messages.Any()
            ? string.Join(" ", messages)
            : null;
}
