using Alltkn.Handoff.App.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alltkn.Handoff.App.Api;

/// <summary>
/// The API's errors as RFC 9457 problem details, made from the same <see cref="Outcome"/> the pages show: a refused move
/// is 409 with the unmet reasons (code, text, owner role), a secret found 422 naming the field, kind and position (never
/// the value), a version mismatch 412 with what is stored now, a missing permission 403, and a missing thing 404.
/// </summary>
public static class ApiProblems
{
    public const string TypeBase = "https://alltkn.handoff/problems/";

    /// <summary>The problem for an outcome that did not succeed (anything but <see cref="OutcomeStatus.Ok"/>).</summary>
    public static ProblemHttpResult From(Outcome outcome)
    {
        if (IsInvalidInput(outcome))
        {
            var field = outcome.Arguments.FirstOrDefault()?.ToString() is { Length: > 0 } named && (outcome.Code!.StartsWith("field.", StringComparison.Ordinal) || outcome.Code.StartsWith("export.", StringComparison.Ordinal))
                ? named
                : outcome.Code!.StartsWith("window.", StringComparison.Ordinal) ? "goLiveWindow"
                : outcome.Code == OnboardingService.AssigneeNotOnTeamCode ? "assigneeUserId"
                : "statusReason";
            return TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not valid",
                type: TypeBase + outcome.Code, extensions: new Dictionary<string, object?>
                {
                    ["code"] = outcome.Code,
                    ["errors"] = new Dictionary<string, string[]> { [field] = [outcome.Message ?? outcome.Code!] },
                });
        }
        var (status, title) = outcome.Status switch
        {
            OutcomeStatus.Forbidden => (StatusCodes.Status403Forbidden, "Not permitted"),
            OutcomeStatus.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            OutcomeStatus.Refused when outcome.Reasons.Count > 0 => (StatusCodes.Status409Conflict, "Move refused"),
            OutcomeStatus.Refused => (StatusCodes.Status409Conflict, "Refused by a rule of the workflow"),
            OutcomeStatus.Conflict => (StatusCodes.Status412PreconditionFailed, "Changed by someone else"),
            OutcomeStatus.SecretFound => (StatusCodes.Status422UnprocessableEntity, "A secret was found"),
            _ => (StatusCodes.Status503ServiceUnavailable, "Not saved"),
        };
        var extensions = new Dictionary<string, object?> { ["code"] = outcome.Code };
        if (outcome.Reasons.Count > 0)
        {
            extensions["reasons"] = outcome.Reasons.Select(r => new
            {
                code = r.Code.ToString(),
                text = r.Message,
                itemKey = r.ItemKey,
                itemTitle = r.ItemTitle,
                ownerRole = r.OwnerRole?.ToString(),
                requiredRoles = r.RequiredRoles?.Select(role => role.ToString()).ToArray(),
            }).ToArray();
        }
        if (outcome.Secrets.Count > 0)
        {
            extensions["secrets"] = outcome.Secrets.SelectMany(s => s.Findings.Select(f => new
            {
                field = s.Field,
                kind = f.Kind.ToString(),
                position = f.Start + 1,
                length = f.Length,
            })).ToArray();
            extensions["maskedText"] = outcome.Secrets.ToDictionary(s => s.Field, s => s.MaskedText);
        }
        if (outcome.Conflicts.Count > 0)
        {
            extensions["conflicts"] = outcome.Conflicts.Select(c => new
            {
                subject = c.Subject, yours = c.Theirs, stored = c.Stored, changedBy = c.ChangedBy,
            }).ToArray();
        }
        return TypedResults.Problem(outcome.Message, statusCode: status, title: title,
            type: TypeBase + (outcome.Code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture)), extensions: extensions);
    }

    /// <summary>Refusals of what was typed (a field missing or too long, a window that ends before it starts): 400, not 409.</summary>
    private static bool IsInvalidInput(Outcome outcome) =>
        outcome.Status == OutcomeStatus.Refused && outcome.Code is { } code
        && (code is "field.required" or "field.too-long" or "item.blocked-reason" or "item.na-reason" or "export.no-such-package" or OnboardingService.AssigneeNotOnTeamCode
            || code.StartsWith("window.", StringComparison.Ordinal));

    /// <summary>400 with the errors of each field, as ASP.NET Core writes validation problems.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, "Some fields are missing or not valid; see errors.", type: TypeBase + "validation");

    public static ValidationProblem Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>What to check in a request that could not be read.</summary>
    public const string UnreadableDetail =
        "The request could not be read: check the JSON body and the parameters (names as in the API reference, enums by name, dates as ISO 8601, ids as GUIDs).";

    /// <summary>400 for a request that could not be read, with what is wrong in each field named and what to send instead.</summary>
    public static ValidationProblem Unreadable(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, UnreadableDetail, type: TypeBase + "validation");

    /// <summary>428: a change that needs the version it was decided on came without If-Match.</summary>
    public static ProblemHttpResult PreconditionRequired(string what) => TypedResults.Problem(
        $"Send the {what}'s version in an If-Match header (the ETag of its GET, or its version field), so a change made by someone else meanwhile is not overwritten.",
        statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required", type: TypeBase + "if-match-required");

    /// <summary>412: the version in If-Match is not the stored one.</summary>
    public static ProblemHttpResult StaleVersion(string what, int stored) => TypedResults.Problem(
        $"The {what} was changed since the version you sent (it is at version {stored} now); nothing was saved. GET it again and decide again.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed by someone else", type: TypeBase + "conflict",
        extensions: new Dictionary<string, object?> { ["code"] = "conflict", ["storedVersion"] = stored });

    public static ProblemHttpResult NotFound(string message) =>
        From(Outcome.NotFound(message));
}
