using System.Text.RegularExpressions;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Components.Pages.Revisions;

/// <summary>
/// A revision entry's subject, before and after in the reader's language, where the log stores names the vocabulary
/// knows (fields, item titles, moves, stages, statuses, scenarios); anything else as it was recorded.
/// </summary>
public static partial class RevisionText
{
    public static string Subject(IStringLocalizer v, RevisionEntry entry) => entry.Kind switch
    {
        RevisionKind.FieldChanged or RevisionKind.SupportMatrixChanged => v.FieldName(entry.Subject),
        RevisionKind.ItemChanged or RevisionKind.CommentAdded or RevisionKind.CommentEdited => v.ItemTitle(null, entry.Subject),
        RevisionKind.StageMoved when Enum.TryParse<Move>(entry.Subject, out var move) && Enum.IsDefined(move) => v.Move(move),
        _ => entry.Subject,
    };

    /// <summary>A whole before or after value in words where it is a stage or a scenario (item changes go by parts: <see cref="Changes"/>).</summary>
    private static string? Value(IStringLocalizer v, RevisionEntry entry, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }
        return entry.Kind switch
        {
            RevisionKind.StageMoved when Enum.TryParse<Stage>(value, out var stage) && Enum.IsDefined(stage) => v.Stage(stage),
            RevisionKind.OnboardingCreated when Enum.TryParse<Scenario>(value, out var scenario) && Enum.IsDefined(scenario) => v.Scenario(scenario),
            _ => value,
        };
    }

    /// <summary>
    /// What changed, as rows of field, before and after in the reader's language: an item change ("Status: Open;
    /// Evidence: —" → "Status: Done; Evidence: PO-42") is a row per part; any other change one row whose field is
    /// null (the subject names it). Empty when the entry records no before or after.
    /// </summary>
    public static IReadOnlyList<RevisionChangeRow> Changes(IStringLocalizer v, RevisionEntry entry)
    {
        if (entry.Before is null && entry.After is null)
        {
            return [];
        }
        if (entry.Kind != RevisionKind.ItemChanged)
        {
            return [new RevisionChangeRow(null, Value(v, entry, entry.Before), Value(v, entry, entry.After))];
        }

        var before = ItemPartsOf(entry.Before);
        var after = ItemPartsOf(entry.After);
        var names = before.Select(p => p.Name).Concat(after.Select(p => p.Name)).Distinct().ToArray();
        return [.. names.Select(name => new RevisionChangeRow(
            v.FieldName(name),
            PartValue(v, name, before.FirstOrDefault(p => p.Name == name).Value),
            PartValue(v, name, after.FirstOrDefault(p => p.Name == name).Value)))];
    }

    /// <summary>The parts of an item change's text; a part's value may itself hold "; " (evidence), so parts are cut only before a known name.</summary>
    private static List<(string Name, string? Value)> ItemPartsOf(string? recorded)
    {
        var parts = new List<(string Name, string? Value)>();
        if (string.IsNullOrEmpty(recorded))
        {
            return parts;
        }
        var matches = ItemPartStart().Matches(recorded);
        for (var i = 0; i < matches.Count; i++)
        {
            var valueStart = matches[i].Index + matches[i].Length;
            var valueEnd = i + 1 < matches.Count ? matches[i + 1].Index - 2 : recorded.Length;
            parts.Add((matches[i].Groups["name"].Value, recorded[valueStart..Math.Max(valueStart, valueEnd)]));
        }
        return parts.Count == 0 ? [("", recorded)] : parts;
    }

    private static string? PartValue(IStringLocalizer v, string name, string? value) =>
        value is null or "—" ? null
        : name == "Status" && Enum.TryParse<ItemStatus>(value, out var status) && Enum.IsDefined(status) ? v.Status(status)
        : value;

    [GeneratedRegex(@"(?:^|(?<=; ))(?<name>Status|Evidence|Assignee|Due|Reason): ")]
    private static partial Regex ItemPartStart();

    /// <summary>
    /// A reason in the reader's language when the workspace wrote it (the due dates a stage's start or a resume gives,
    /// see the domain's DueRule and Onboarding.DueDates); a person's reason as they typed it.
    /// </summary>
    public static string? Reason(IStringLocalizer v, RevisionEntry entry)
    {
        var reason = entry.Reason;
        if (string.IsNullOrEmpty(reason))
        {
            return reason;
        }
        if (entry.Kind is RevisionKind.SignedIn or RevisionKind.SignedOut or RevisionKind.SignInFailed or RevisionKind.LockedOut)
        {
            return SignInReason(v, reason);
        }
        if (entry.Kind != RevisionKind.ItemChanged)
        {
            return reason;
        }
        if (AfterStart().Match(reason) is { Success: true } after && Enum.TryParse<Stage>(after.Groups["stage"].Value, out var stage))
        {
            var key = after.Groups["none"].Success ? "DueReason.NoGoLiveAfterStart" : "DueReason.AfterStart";
            return v.Text(key, reason).Replace("{0}", after.Groups["days"].Value).Replace("{1}", v.Stage(stage)).Replace("{2}", after.Groups["date"].Value);
        }
        if (BeforeGoLive().Match(reason) is { Success: true } before)
        {
            if (before.Groups["stage"].Success && Enum.TryParse<Stage>(before.Groups["stage"].Value, out var started))
            {
                return v.Text("DueReason.GoLivePast", reason).Replace("{0}", before.Groups["days"].Value).Replace("{1}", before.Groups["date"].Value)
                    .Replace("{2}", v.Stage(started));
            }
            return v.Text("DueReason.BeforeGoLive", reason).Replace("{0}", before.Groups["days"].Value).Replace("{1}", before.Groups["date"].Value);
        }
        if (Held().Match(reason) is { Success: true } held)
        {
            return v.Text("DueReason.Held", reason).Replace("{0}", held.Groups["days"].Value).Replace("{1}", held.Groups["from"].Value)
                .Replace("{2}", held.Groups["to"].Value);
        }
        return reason;
    }

    /// <summary>
    /// A sign-in row's reason as the sign-in wrote it (<c>PasswordSignIn</c>: "Wrong recovery code; from 10.0.0.7",
    /// "From ::1") in the reader's language, the address of this computer named as such; an unknown reason as it was.
    /// </summary>
    private static string SignInReason(IStringLocalizer v, string reason)
    {
        string? address = null;
        var what = reason;
        if (reason.StartsWith("From ", StringComparison.Ordinal))
        {
            address = reason[5..];
            what = null;
        }
        else if (reason.LastIndexOf("; from ", StringComparison.Ordinal) is var at and > 0)
        {
            address = reason[(at + 7)..];
            what = reason[..at];
        }

        var said = what is null ? null : SignInWhat(v, what);
        if (address is null)
        {
            return said!;
        }

        var where = IsThisComputer(address) ? v.Text("SignIn.ThisComputer", "this computer ({0})").Replace("{0}", address) : address;
        return said is null
            ? v.Text("SignIn.From", "From {0}").Replace("{0}", where)
            : v.Text("SignIn.ReasonFrom", "{0}; from {1}").Replace("{0}", said).Replace("{1}", where);
    }

    private static string SignInWhat(IStringLocalizer v, string what)
    {
        if (WrongPassword().Match(what) is { Success: true } wrong)
        {
            return v.Text("SignIn.WrongPasswordCount", what).Replace("{0}", wrong.Groups["n"].Value).Replace("{1}", wrong.Groups["of"].Value);
        }
        if (LockedUntil().Match(what) is { Success: true } locked)
        {
            return v.Text("SignIn.LockedUntil", what).Replace("{0}", locked.Groups["until"].Value);
        }
        return what switch
        {
            "Wrong password (the account is disabled)" => v.Text("SignIn.WrongPasswordDisabled", what),
            "The account is disabled" => v.Text("SignIn.Disabled", what),
            "With an authenticator code" => v.Text("SignIn.WithAuthenticator", what),
            "With a recovery code" => v.Text("SignIn.WithRecoveryCode", what),
            "Wrong two-factor codes" => v.Text("SignIn.WrongTwoFactorCodes", what),
            "Wrong authenticator code" => v.Text("SignIn.WrongAuthenticatorCode", what),
            "Wrong recovery code" => v.Text("SignIn.WrongRecoveryCode", what),
            _ => what,
        };
    }

    private static bool IsThisComputer(string address) =>
        System.Net.IPAddress.TryParse(address, out var ip) && System.Net.IPAddress.IsLoopback(ip);

    [GeneratedRegex(@"^Wrong password \(failure (?<n>\d+) of (?<of>\d+) before a lockout\)$")]
    private static partial Regex WrongPassword();

    [GeneratedRegex(@"^Locked until (?<until>.+)$")]
    private static partial Regex LockedUntil();

    [GeneratedRegex(@"^From the template: (?<none>no go-live date is expected, so )?(?<days>\d+) working days after (?<stage>\w+) started \((?<date>\d{4}-\d{2}-\d{2})\)\.$")]
    private static partial Regex AfterStart();

    [GeneratedRegex(@"^From the template: (?<days>\d+) working days before the expected go-live date \((?<date>\d{4}-\d{2}-\d{2})\)(, which is already past; due when (?<stage>\w+) started)?\.$")]
    private static partial Regex BeforeGoLive();

    [GeneratedRegex(@"^Moved on by (?<days>\d+) working days: the onboarding was on hold from (?<from>\d{4}-\d{2}-\d{2}) to (?<to>\d{4}-\d{2}-\d{2})\.$")]
    private static partial Regex Held();
}

/// <summary>One row of a change: the field (null when the entry's subject names it), its value before and after (null: none).</summary>
public sealed record RevisionChangeRow(string? Field, string? Before, string? After);
