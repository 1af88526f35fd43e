using System.Globalization;
using System.Text;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Security;
using static Alltkn.Handoff.App.Services.Exports.HandoffPackageExporter;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// Writes one package as Markdown in the current UI culture: a heading with the package and the onboarding's
/// reference, the package's fields with their labels (the go-live window among them in the Technical package),
/// the support responsibility matrix where the package holds it, and the package's checklist items by stage.
/// Every value is redacted before it is formatted.
/// </summary>
internal sealed class PackageMarkdown(HandoffPackageExporter exporter, Onboarding onboarding, HandoffPackage package)
{
    private const string Time = "yyyy-MM-dd HH:mm";

    private readonly StringBuilder _markdown = new();

    public string Write()
    {
        WriteHeading();
        WriteFields();
        if (FieldCatalog.PackageOf(OnboardingField.SupportMatrix) == package)
        {
            WriteSupportMatrix();
        }
        WriteChecklist();
        return _markdown.ToString();
    }

    private void WriteHeading()
    {
        var other = package == HandoffPackage.Technical ? HandoffPackage.Business : HandoffPackage.Technical;
        Line($"# {exporter.Text("Title", exporter.Text($"Title.{package}"), ReferenceOf(onboarding.Id))}");
        Line();
        Line($"- {Label(exporter.Text("OnboardingId"), MarkdownText.Code(onboarding.Id.ToString()))}");
        Line($"- {Label(exporter.Shared("Field.Stage", "Stage"), StageText())}");
        Line($"- {Label(exporter.Text("ExportedAtUtc"), exporter.ExportedAtUtc.ToString(Time, CultureInfo.InvariantCulture))}");
        Line();
        Line($"> {exporter.Text("Boundary", PackageName(other))}");
        Line();
    }

    private void WriteFields()
    {
        Line($"## {exporter.Text("Fields")}");
        Line();
        foreach (var field in FieldCatalog.FieldsOf(package).Where(f => f != OnboardingField.SupportMatrix))
        {
            Line($"- {Label(FieldLabel(field), FieldValue(field))}");
        }
        Line();
    }

    private void WriteSupportMatrix()
    {
        Line($"## {FieldLabel(OnboardingField.SupportMatrix)}");
        Line();
        Line($"| {exporter.Text("Responsibility")} | {exporter.Text("Person")} |");
        Line("|---|---|");
        foreach (var responsibility in Enum.GetValues<SupportResponsibility>())
        {
            var person = Safe(onboarding.SupportMatrix.FirstOrDefault(a => a.Responsibility == responsibility)?.PersonName);
            var name = exporter.Shared($"SupportResponsibility.{responsibility}", Humanize(responsibility.ToString()));
            Line($"| {MarkdownText.Cell(name)} | {(person is null ? exporter.Text("NotNamed") : MarkdownText.Cell(person))} |");
        }
        Line();
    }

    private void WriteChecklist()
    {
        Line($"## {exporter.Text("Checklist")}");
        Line();
        var items = ItemsOf(onboarding, package);
        if (items.Count == 0)
        {
            Line(exporter.Text("NoItems"));
            return;
        }
        foreach (var stage in items.Select(i => i.Stage).Distinct())
        {
            Line($"### {StageName(stage)}");
            Line();
            Line($"| {exporter.Text("Item")} | {exporter.Shared("Field.OwnerRole", "Owner")} | {exporter.Shared("Field.Assignee", "Assignee")} " +
                 $"| {exporter.Shared("Field.Status", "Status")} | {exporter.Shared("Field.Evidence", "Evidence")} " +
                 $"| {exporter.Shared("Field.CompletedBy", "Completed by")} | {exporter.Text("CompletedAtUtc")} |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var item in items.Where(i => i.Stage == stage))
            {
                Line($"| {MarkdownText.Cell(ItemTitle(item))} | {MarkdownText.Cell(RoleName(item.OwnerRole))} " +
                     $"| {MarkdownText.Cell(Safe(item.AssigneeName))} | {MarkdownText.Cell(StatusText(item))} " +
                     $"| {MarkdownText.CodeCell(Safe(item.Evidence))} | {MarkdownText.Cell(Safe(item.CompletedByName))} " +
                     $"| {MarkdownText.Cell(item.CompletedAtUtc?.ToString(Time, CultureInfo.InvariantCulture))} |");
            }
            Line();
        }
    }

    private string FieldValue(OnboardingField field) => field switch
    {
        OnboardingField.Scenario => exporter.Shared($"Scenario.{onboarding.Scenario}", Humanize(onboarding.Scenario.ToString())),
        OnboardingField.NeedsInvoice => YesNo(onboarding.Details.NeedsInvoice),
        OnboardingField.NeedsContract => YesNo(onboarding.Details.NeedsContract),
        OnboardingField.NeedsCorporatePayment => YesNo(onboarding.Details.NeedsCorporatePayment),
        OnboardingField.UsesStreaming => YesNo(onboarding.Details.UsesStreaming),
        OnboardingField.ExpectedGoLiveDate => MarkdownText.Cell(FieldCatalog.Read(onboarding.Details, field)),
        OnboardingField.GoLiveWindow => onboarding.GoLiveWindow is { } window
            ? exporter.Text("Window",
                window.StartLocal.ToString(Time, CultureInfo.InvariantCulture),
                window.EndLocal.ToString(Time, CultureInfo.InvariantCulture),
                MarkdownText.Code(SensitiveDataGuard.Redact(window.TimeZoneId)),
                window.StartUtc.ToString(Time, CultureInfo.InvariantCulture),
                window.EndUtc.ToString(Time, CultureInfo.InvariantCulture))
            : MarkdownText.Empty,
        _ => MarkdownText.Value(Safe(FieldCatalog.Read(onboarding.Details, field)), "  "),
    };

    private string StageText()
    {
        var stage = StageName(onboarding.Stage);
        return onboarding is { Stage: Stage.OnHold, StageBeforeHold: { } left }
            ? exporter.Text("OnHoldFrom", stage, StageName(left))
            : stage;
    }

    private string StatusText(HandoffItem item)
    {
        var status = exporter.Shared($"ItemStatus.{item.Status}", Humanize(item.Status.ToString()));
        return Safe(item.StatusReason) is { } reason ? exporter.Text("StatusWithReason", status, reason) : status;
    }

    /// <summary>
    /// The item's title in the current language. The scenario-specific wording is used only where the scenario
    /// belongs to the item's package, so a Technical item never tells the (Business) scenario.
    /// </summary>
    private string ItemTitle(HandoffItem item)
    {
        var title = exporter.Shared($"Item.{item.Key}", item.Title);
        if (FieldCatalog.PackageOf(OnboardingField.Scenario) == item.Package)
        {
            title = exporter.Shared($"Item.{item.Key}.{onboarding.Scenario}", title);
        }
        title = SensitiveDataGuard.Redact(title);
        return item.Required ? title : exporter.Text("OptionalItem", title);
    }

    private string FieldLabel(OnboardingField field) => exporter.Shared($"Field.{field}", Humanize(field.ToString()));

    private string StageName(Stage stage) => exporter.Shared($"Stage.{stage}", Humanize(stage.ToString()));

    private string RoleName(Role role) => exporter.Shared($"Role.{role}", Humanize(role.ToString()));

    private string PackageName(HandoffPackage other) => exporter.Shared($"Package.{other}", $"{other} package");

    private string YesNo(bool value) => exporter.Text(value ? "Yes" : "No");

    private string Label(string label, string value) => exporter.Text("LabelValue", label, value);

    private void Line(string text = "") => _markdown.Append(text).Append('\n');

    /// <summary>English words from a PascalCase name, for shared words that have no resource yet: "BaseUrl" → "Base URL".</summary>
    internal static string Humanize(string name)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = i > 0 && (char.IsUpper(c) && !char.IsUpper(name[i - 1]) || char.IsDigit(c) && !char.IsDigit(name[i - 1]));
            if (boundary)
            {
                words.Add(word.ToString());
                word.Clear();
            }
            word.Append(c);
        }
        words.Add(word.ToString());
        return string.Join(' ', words.Select((w, i) => w switch
        {
            "Url" => "URL",
            "Sdk" => "SDK",
            "Api" => "API",
            _ when i == 0 => w,
            _ => w.ToLowerInvariant(),
        }));
    }
}
