using System.Text;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Security;
using static Alltkn.Handoff.App.Services.Exports.HandoffPackageExporter;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// Writes the customer's copy of one package as Markdown in the current UI culture, from a
/// <see cref="CustomerPackageView"/> only: the heading (package, reference, stage), the go-live window as the portal page
/// shows it, and the items shared with the guest by stage, each with its title, status (with the reopen note the page
/// shows) and its own evidence. Values are redacted and written through <see cref="MarkdownText"/>, as in the team's copy.
/// </summary>
internal sealed class CustomerPackageMarkdown(HandoffPackageExporter exporter, CustomerPackageView view, HandoffPackage package)
{
    private readonly StringBuilder _markdown = new();

    public string Write()
    {
        PackageMarkdown.WriteHeading(exporter, _markdown, package, view.OnboardingId, view.Stage, view.StageBeforeHold);
        Line($"> {exporter.Text("CustomerCopy")}");
        Line();
        Line($"- {PackageMarkdown.Label(exporter, exporter.Words.Field(OnboardingField.GoLiveWindow), PackageMarkdown.WindowText(exporter, view.GoLiveWindow))}");
        Line();
        WriteChecklist();
        return _markdown.ToString();
    }

    private void WriteChecklist()
    {
        Line($"## {exporter.Text("Checklist")}");
        Line();
        if (view.Items.Count == 0)
        {
            Line(exporter.Text("NoItems"));
            return;
        }
        foreach (var stage in view.Items.Select(i => i.Stage).Distinct())
        {
            Line($"### {exporter.Words.Stage(stage)}");
            Line();
            Line($"| {exporter.Text("Item")} | {exporter.Words.Text("Field.Status", "Status")} | {exporter.Words.Text("Field.Evidence", "Evidence")} |");
            Line("|---|---|---|");
            foreach (var item in view.Items.Where(i => i.Stage == stage))
            {
                Line($"| {MarkdownText.Cell(Title(item))} | {MarkdownText.Cell(StatusText(item))} | {MarkdownText.CodeCell(Safe(item.Evidence))} |");
            }
            Line();
        }
    }

    private string Title(CustomerItemView item)
    {
        var title = SensitiveDataGuard.Redact(exporter.Words.ItemTitle(item.Key, item.EnglishTitle));
        return item.Required ? title : exporter.Text("OptionalItem", title);
    }

    /// <summary>The status, and "Reopened by X: reason" as the page shows it on an item reopened (not done again).</summary>
    private string StatusText(CustomerItemView item)
    {
        var status = exporter.Words.Status(item.Status);
        return item is { Status: not ItemStatus.Done, ReopenedBy: { } by, ReopenReason: { } reason }
            ? exporter.Text("StatusReopened", status, Safe(by) ?? MarkdownText.Empty, Safe(reason) ?? MarkdownText.Empty)
            : status;
    }

    private void Line(string text = "") => _markdown.Append(text).Append('\n');
}
