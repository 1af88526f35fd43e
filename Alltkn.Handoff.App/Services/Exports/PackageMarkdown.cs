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
/// <remarks>The team's copy only: the customer's is written by <see cref="CustomerPackageMarkdown"/> from the values the
/// portal shows the guest, and shares only the heading and the window's text with this one.</remarks>
internal sealed class PackageMarkdown(HandoffPackageExporter exporter, Onboarding onboarding, HandoffPackage package)
{
    private const string Time = "yyyy-MM-dd HH:mm";

    private readonly StringBuilder _markdown = new();

    public string Write()
    {
        WriteHeading(exporter, _markdown, package, onboarding.Id, onboarding.Stage, onboarding.StageBeforeHold);
        WriteFields();
        if (FieldCatalog.PackageOf(OnboardingField.SupportMatrix) == package)
        {
            WriteSupportMatrix();
        }
        WriteChecklist();
        return _markdown.ToString();
    }

    /// <summary>The heading of either copy: package, reference, id, stage (with the one left when on hold), export time, boundary.</summary>
    internal static void WriteHeading(HandoffPackageExporter exporter, StringBuilder markdown, HandoffPackage package, Guid onboardingId,
        Stage stage, Stage? stageBeforeHold)
    {
        var other = package == HandoffPackage.Technical ? HandoffPackage.Business : HandoffPackage.Technical;
        var stageText = stage == Stage.OnHold && stageBeforeHold is { } left
            ? exporter.Text("OnHoldFrom", exporter.Words.Stage(stage), exporter.Words.Stage(left))
            : exporter.Words.Stage(stage);
        markdown.Append($"# {exporter.Text("Title", exporter.Text($"Title.{package}"), ReferenceOf(onboardingId))}").Append("\n\n");
        markdown.Append($"- {Label(exporter, exporter.Text("OnboardingId"), MarkdownText.Code(onboardingId.ToString()))}").Append('\n');
        markdown.Append($"- {Label(exporter, exporter.Words.Text("Field.Stage", "Stage"), MarkdownText.Text(stageText))}").Append('\n');
        markdown.Append($"- {Label(exporter, exporter.Text("ExportedAtUtc"), exporter.ExportedAtUtc.ToString(Time, CultureInfo.InvariantCulture))}").Append("\n\n");
        markdown.Append($"> {exporter.Text("Boundary", exporter.Words.Package(other))}").Append("\n\n");
    }

    /// <summary>A go-live window in its own time zone and in UTC; the empty mark when none is set.</summary>
    internal static string WindowText(HandoffPackageExporter exporter, GoLiveWindow? window) => window is null
        ? MarkdownText.Empty
        : exporter.Text("Window",
            window.StartLocal.ToString(Time, CultureInfo.InvariantCulture),
            window.EndLocal.ToString(Time, CultureInfo.InvariantCulture),
            MarkdownText.Code(SensitiveDataGuard.Redact(window.TimeZoneId)),
            window.StartUtc.ToString(Time, CultureInfo.InvariantCulture),
            window.EndUtc.ToString(Time, CultureInfo.InvariantCulture));

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
        OnboardingField.GoLiveWindow => WindowText(exporter, onboarding.GoLiveWindow),
        _ => MarkdownText.Value(Safe(FieldCatalog.Read(onboarding.Details, field)), "  "),
    };

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

    private string YesNo(bool value) => value ? exporter.Words.Text("Common.Yes", "yes") : exporter.Words.Text("Common.No", "no");

    /// <summary>"**Label:** value"; a fenced block (which starts on its own line) follows the label without a trailing space.</summary>
    private string Label(string label, string value) => Label(exporter, label, value);

    /// <inheritdoc cref="Label(string, string)"/>
    internal static string Label(HandoffPackageExporter exporter, string label, string value) =>
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
