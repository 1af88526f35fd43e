using System.Globalization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Security;
using Alltkn.Handoff.Domain.Templates;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Localization;

/// <summary>
/// The product's shared words, read from <see cref="SharedResource"/> (inject <c>IStringLocalizer&lt;SharedResource&gt;</c>)
/// so no page formats resource keys itself: <c>V.Stage(stage)</c>, <c>V.Role(role)</c>, <c>V.ItemTitle(item)</c>,
/// <c>V.Reason(reason)</c>, <c>V.Outcome(outcome)</c>. A word missing from the resources falls back to the English
/// the domain gives (an item's title, an outcome's message), never to a bare key.
/// </summary>
public static class Vocabulary
{
    /// <summary>English template title → resource key. The safety item shares one key across scenarios with a title per scenario.</summary>
    private static readonly IReadOnlyDictionary<string, string> TitleKeys = BuildTitleKeys();

    public static string Stage(this IStringLocalizer l, Stage stage) => l.Text($"Stage.{stage}", stage.ToString());

    public static string Status(this IStringLocalizer l, ItemStatus status) => l.Text($"ItemStatus.{status}", status.ToString());

    public static string Role(this IStringLocalizer l, Role role) => l.Text($"Role.{role}", role.ToString());

    /// <summary>Several roles as one phrase: "Tech lead or Team admin" / "技术负责人或团队管理员".</summary>
    public static string Roles(this IStringLocalizer l, IEnumerable<Role> roles) =>
        string.Join(l.Text("Role.Separator", " or "), roles.Select(l.Role));

    public static string Scenario(this IStringLocalizer l, Scenario scenario) => l.Text($"Scenario.{scenario}", scenario.ToString());

    /// <summary>What to prepare first for a scenario (the handbook's first table).</summary>
    public static string ScenarioPrepare(this IStringLocalizer l, Scenario scenario) => l.Text($"Scenario.{scenario}.Prepare", "");

    /// <summary>What must never go into a shared field for a scenario (the handbook's first table).</summary>
    public static string ScenarioPrivate(this IStringLocalizer l, Scenario scenario) => l.Text($"Scenario.{scenario}.Private", "");

    public static string Evidence(this IStringLocalizer l, EvidenceKind kind) => l.Text($"EvidenceKind.{kind}", kind.ToString());

    /// <summary>What to write as evidence of this kind (placeholder and help text).</summary>
    public static string EvidenceHint(this IStringLocalizer l, EvidenceKind kind) => l.Text($"EvidenceKind.{kind}.Hint", "");

    public static string Move(this IStringLocalizer l, Move move) => l.Text($"Move.{move}", move.ToString());

    public static string Responsibility(this IStringLocalizer l, SupportResponsibility responsibility) =>
        l.Text($"SupportResponsibility.{responsibility}", responsibility.ToString());

    public static string Package(this IStringLocalizer l, HandoffPackage package) => l.Text($"Package.{package}", package.ToString());

    public static string Field(this IStringLocalizer l, OnboardingField field) => l.Text($"Field.{field}", field.ToString());

    /// <summary>
    /// A field named as the services name it (an <see cref="OnboardingField"/> name, or Evidence, StatusReason,
    /// Assignee, Reason, or a support responsibility), as a label.
    /// </summary>
    public static string FieldName(this IStringLocalizer l, string name) =>
        TryParseName<SupportResponsibility>(name, out var responsibility)
            ? l.Responsibility(responsibility)
            : l.Text($"Field.{name}", name);

    public static string SensitiveKind(this IStringLocalizer l, SensitiveKind kind) => l.Text($"SensitiveKind.{kind}", kind.ToString());

    public static string RevisionKind(this IStringLocalizer l, RevisionKind kind) => l.Text($"RevisionKind.{kind}", kind.ToString());

    /// <summary>An item's title in the reader's language, by its template key; the English title when there is no translation.</summary>
    public static string ItemTitle(this IStringLocalizer l, HandoffItem item) => l.ItemTitle(item.Key, item.Title);

    public static string ItemTitle(this IStringLocalizer l, string? key, string englishTitle) =>
        TitleKeys.TryGetValue(englishTitle, out var byTitle)
            ? l.Text(byTitle, englishTitle)
            : key is null ? englishTitle : l.Text($"Item.{key}", englishTitle);

    /// <summary>Why a move is refused, in the reader's language. <paramref name="move"/> tells the two wrong branches apart.</summary>
    public static string Reason(this IStringLocalizer l, UnmetReason reason, Move? move = null) => reason.Code switch
    {
        UnmetReasonCode.ItemNotDone when reason.ItemTitle is not null => l.Format("Reason.ItemNotDone", reason.Message,
            l.ItemTitle(reason.ItemKey, reason.ItemTitle), reason.OwnerRole is { } owner ? l.Role(owner) : "—"),
        UnmetReasonCode.MissingRole when reason.RequiredRoles is { Count: > 0 } roles =>
            l.Format("Reason.MissingRole", reason.Message, l.Roles(roles)),
        UnmetReasonCode.ReasonMissing => l.Text("Reason.ReasonMissing", reason.Message),
        UnmetReasonCode.GoLiveWindowMissing => l.Format("Reason.GoLiveWindowMissing", reason.Message,
            l.Role(reason.OwnerRole ?? Domain.People.Role.ReleaseOwner)),
        UnmetReasonCode.GoLiveWindowPassed when reason.Window is { } window => l.Format("Reason.GoLiveWindowPassed", reason.Message,
            $"{window.EndLocal:yyyy-MM-dd HH:mm} ({window.TimeZoneId})", l.Role(reason.OwnerRole ?? Domain.People.Role.ReleaseOwner)),
        UnmetReasonCode.SupportMatrixIncomplete when reason.Responsibilities is { Count: > 0 } missing =>
            l.Format("Reason.SupportMatrixIncomplete", reason.Message,
                string.Join(l.Text("Common.ListSeparator", ", "), missing.Select(l.Responsibility)),
                l.Role(reason.OwnerRole ?? Domain.People.Role.ReleaseOwner)),
        UnmetReasonCode.SupportMatrixIncomplete when reason.Responsibility is { } responsibility =>
            l.Format("Reason.SupportMatrixIncomplete", reason.Message, l.Responsibility(responsibility),
                l.Role(reason.OwnerRole ?? Domain.People.Role.ReleaseOwner)),
        UnmetReasonCode.RollbackConditionsMissing => l.Format("Reason.RollbackConditionsMissing", reason.Message,
            l.Role(reason.OwnerRole ?? Domain.People.Role.ReleaseOwner)),
        UnmetReasonCode.WrongBranch when move == Domain.Onboardings.Move.StartInvoiceAndContract =>
            l.Text("Reason.WrongBranch.NoneNeeded", reason.Message),
        UnmetReasonCode.WrongBranch when move == Domain.Onboardings.Move.StartGoLive =>
            l.Text("Reason.WrongBranch.Needed", reason.Message),
        _ => reason.Message,
    };

    /// <summary>
    /// What a service's answer means, in the reader's language: the text for its <see cref="Outcome.Code"/> with its
    /// arguments localized (roles, stages, fields, item titles), or the service's English message when there is none.
    /// </summary>
    public static string Outcome(this IStringLocalizer l, Outcome outcome)
    {
        if (outcome.Succeeded || outcome.Code is null)
        {
            return outcome.Message ?? "";
        }
        var arguments = outcome.Arguments.Select(a => l.Argument(a)).ToArray();
        return l.Format($"Outcome.{outcome.Code}", outcome.Message ?? l.Text("Common.UnknownError", ""), arguments);
    }

    /// <summary>
    /// A stage, status, move or other enum named exactly as the domain writes it in text (revision entries, conflicts);
    /// numbers and near-misses are not names.
    /// </summary>
    public static bool TryParseName<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        return value is not null && Enum.GetNames<T>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out result);
    }

    /// <summary>
    /// What a conflict or a revision entry is about, as the services write it: a field or support responsibility
    /// name, "Stage", an item's English title, or "item title · part" (Status, Evidence, Assignee, Due, Reason).
    /// </summary>
    public static string Subject(this IStringLocalizer l, string subject)
    {
        var parts = subject.Split(" · ");
        if (parts.Length == 2)
        {
            return $"{l.ItemTitle(null, parts[0])} · {l.FieldName(parts[1])}";
        }
        return TitleKeys.ContainsKey(subject) ? l.ItemTitle(null, subject) : l.FieldName(subject);
    }

    /// <summary>
    /// A value as the services write it, in words: an item's state ("Status: Done; Evidence: …") part by part,
    /// yes/no, and stage, status and scenario names; any other text as it is.
    /// </summary>
    public static string Value(this IStringLocalizer l, string value)
    {
        if (value is "yes" or "no")
        {
            return l.Text(value == "yes" ? "Common.Yes" : "Common.No", value);
        }
        var parts = value.Split("; ");
        if (parts.All(p => StateParts.Any(name => p.StartsWith(name + ": ", StringComparison.Ordinal))))
        {
            return string.Join(l.Text("Common.PartSeparator", "; "), parts.Select(p =>
            {
                var colon = p.IndexOf(": ", StringComparison.Ordinal);
                return l.Format("Common.NameValue", $"{p[..colon]}: {p[(colon + 2)..]}", l.FieldName(p[..colon]), l.Word(p[(colon + 2)..]));
            }));
        }
        return l.Word(value);
    }

    private static readonly string[] StateParts = ["Status", "Evidence", "Assignee", "Due", "Reason"];

    /// <summary>A stage, status or scenario name in words; any other text as it is.</summary>
    public static string Word(this IStringLocalizer l, string value) =>
        TryParseName<Stage>(value, out var stage) ? l.Stage(stage)
        : TryParseName<ItemStatus>(value, out var status) ? l.Status(status)
        : TryParseName<Scenario>(value, out var scenario) ? l.Scenario(scenario)
        : value;

    /// <summary>A text from the shared resources, or <paramref name="fallback"/> when the key is missing.</summary>
    public static string Text(this IStringLocalizer l, string key, string fallback)
    {
        var text = l[key];
        return text.ResourceNotFound ? fallback : text.Value;
    }

    private static string Format(this IStringLocalizer l, string key, string fallback, params object?[] arguments)
    {
        var template = l[key];
        if (template.ResourceNotFound)
        {
            return fallback;
        }
        try
        {
            return string.Format(CultureInfo.CurrentCulture, template.Value, arguments);
        }
        catch (FormatException)
        {
            // An argument the text does not expect (a domain change): the English message is still right.
            return fallback;
        }
    }

    private static object? Argument(this IStringLocalizer l, object? argument) => argument switch
    {
        null => "—",
        Role role => l.Role(role),
        Stage stage => l.Stage(stage),
        ItemStatus status => l.Status(status),
        Move move => l.Move(move),
        OnboardingField field => l.Field(field),
        SupportResponsibility responsibility => l.Responsibility(responsibility),
        string text when TitleKeys.ContainsKey(text) => l.ItemTitle(null, text),
        string text when !l[$"Field.{text}"].ResourceNotFound => l.FieldName(text),
        string text when text.Contains(", ", StringComparison.Ordinal)
                         && text.Split(", ").All(part => !l[$"Field.{part}"].ResourceNotFound) =>
            string.Join(l.Text("Common.ListSeparator", ", "), text.Split(", ").Select(l.FieldName)),
        _ => argument,
    };

    private static Dictionary<string, string> BuildTitleKeys()
    {
        var templates = Enum.GetValues<Scenario>()
            .SelectMany(s => ChecklistTemplates.For(s).Select(t => (Scenario: s, Template: t)))
            .ToList();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in templates.GroupBy(x => x.Template.Key))
        {
            var sharedTitle = group.Select(x => x.Template.Title).Distinct().Count() == 1;
            foreach (var (scenario, template) in group)
            {
                map.TryAdd(template.Title, sharedTitle ? $"Item.{template.Key}" : $"Item.{template.Key}.{scenario}");
            }
        }
        return map;
    }
}
