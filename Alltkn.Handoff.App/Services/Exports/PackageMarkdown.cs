using System.Globalization;
using System.Text;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Security;
using static Alltkn.Handoff.App.Services.Exports.HandoffPackageExporter;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// Writes one package as Markdown in the current UI culture: a heading with the package and the onboarding's
/// reference, the package's fields with their labels (the go-live window among them in the Technical package),
/// the support responsibility matrix where the package holds it, and the package's checklist items by stage.
/// Every value is redacted before it is formatted, and written through <see cref="MarkdownText"/>, which escapes it or
/// puts it in a code span: a value never becomes Markdown or HTML (links, images, raw HTML, headings, tables).
/// </summary>
/// <param name="customerView">For the customer's copy: the items shared with them (the team's fields are left out); null for the team's.</param>
internal sealed class PackageMarkdown(HandoffPackageExporter exporter, Onboarding onboarding, HandoffPackage package,
    Func<HandoffItem, bool>? customerView = null)
{
    private const string Time = "yyyy-MM-dd HH:mm";

    private readonly StringBuilder _markdown = new();

    public string Write()
    {
        WriteHeading();
        if (customerView is not null)
        {
            Line($"> {exporter.Text("CustomerCopy")}");
            Line();
            WriteChecklist();
            return _markdown.ToString();
        }
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
        Line($"- {Label(exporter.Words.Text("Field.Stage", "Stage"), MarkdownText.Text(StageText()))}");
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
            var name = exporter.Words.Responsibility(responsibility);
            Line($"| {MarkdownText.Cell(name)} | {MarkdownText.Cell(person ?? exporter.Text("NotNamed"))} |");
        }
        Line();
    }

    private void WriteChecklist()
    {
        Line($"## {exporter.Text("Checklist")}");
        Line();
        var items = ItemsOf(onboarding, package).Where(i => customerView?.Invoke(i) != false).ToArray();
        if (items.Length == 0)
        {
            Line(exporter.Text("NoItems"));
            return;
        }
        foreach (var stage in items.Select(i => i.Stage).Distinct())
        {
            Line($"### {StageName(stage)}");
            Line();
            Line($"| {exporter.Text("Item")} | {exporter.Words.Text("Field.OwnerRole", "Owner")} | {exporter.Words.Text("Field.Assignee", "Assignee")} " +
                 $"| {exporter.Words.Text("Field.Status", "Status")} | {exporter.Words.Text("Field.Evidence", "Evidence")} " +
                 $"| {exporter.Words.Text("Field.CompletedBy", "Completed by")} | {exporter.Text("CompletedAtUtc")} |");
            Line("|---|---|---|---|---|---|---|");
            foreach (var item in items.Where(i => i.Stage == stage))
            {
                Line($"| {MarkdownText.Cell(ItemTitle(item))} | {MarkdownText.Cell(RoleName(item.OwnerRole))} " +
                     $"| {MarkdownText.Cell(Safe(item.AssigneeName))} | {MarkdownText.Cell(StatusText(item))} " +
                     $"| {EvidenceCell(item)} | {MarkdownText.Cell(Safe(item.CompletedByName))} " +
                     $"| {MarkdownText.Cell(item.CompletedAtUtc?.ToString(Time, CultureInfo.InvariantCulture))} |");
            }
            Line();
        }
    }

    private string FieldValue(OnboardingField field) => field switch
    {
        OnboardingField.Scenario => MarkdownText.Text(exporter.Words.Scenario(onboarding.Scenario)),
        OnboardingField.NeedsInvoice => MarkdownText.Text(YesNo(onboarding.Details.NeedsInvoice)),
        OnboardingField.NeedsContract => MarkdownText.Text(YesNo(onboarding.Details.NeedsContract)),
        OnboardingField.NeedsCorporatePayment => MarkdownText.Text(YesNo(onboarding.Details.NeedsCorporatePayment)),
        OnboardingField.UsesStreaming => MarkdownText.Text(YesNo(onboarding.Details.UsesStreaming)),
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
        var status = exporter.Words.Status(item.Status);
        return Safe(item.StatusReason) is { } reason ? exporter.Text("StatusWithReason", status, reason) : status;
    }

    /// <summary>
    /// The item's title in the current language (by its template, whose title already carries any scenario-specific
    /// wording: only the Business package's safety notice has one, so a Technical item never tells the scenario).
    /// </summary>
    private string ItemTitle(HandoffItem item)
    {
        var title = SensitiveDataGuard.Redact(exporter.Words.ItemTitle(item));
        return item.Required ? title : exporter.Text("OptionalItem", title);
    }

    private string FieldLabel(OnboardingField field) => exporter.Words.Field(field);

    private string StageName(Stage stage) => exporter.Words.Stage(stage);

    private string RoleName(Role role) => exporter.Words.Role(role);

    private string PackageName(HandoffPackage other) => exporter.Words.Package(other);

    private string YesNo(bool value) => value ? exporter.Words.Text("Common.Yes", "yes") : exporter.Words.Text("Common.No", "no");

    /// <summary>"**Label:** value"; a fenced block (which starts on its own line) follows the label without a trailing space.</summary>
    private string Label(string label, string value) =>
        value.StartsWith('\n') ? exporter.Text("LabelValue", label, "").TrimEnd() + value : exporter.Text("LabelValue", label, value);

    private void Line(string text = "") => _markdown.Append(text).Append('\n');

    /// <summary>
    /// An item's evidence: what a person pasted is shown literally (a code span); the value of a field that is an item's
    /// evidence (the window, the support matrix, the rollback conditions) is text written by the workspace, escaped as text.
    /// </summary>
    private string EvidenceCell(HandoffItem item) => item.EvidenceField is null
        ? MarkdownText.CodeCell(Safe(item.Evidence))
        : MarkdownText.Cell(Safe(onboarding.EvidenceOf(item, exporter.Words.Responsibility)));
}
