using System.Globalization;
using System.Text;
using Alltkn.Handoff.App.Services.Exports;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>Every export of a package, by a short name, as the text a person or tool would get.</summary>
public static class ExportFormats
{
    public const string MarkdownEnglish = "markdown-en";
    public const string MarkdownChinese = "markdown-zh-CN";
    public const string Json = "json";
    public const string Csv = "csv";

    public static readonly string[] All = [MarkdownEnglish, MarkdownChinese, Json, Csv];

    public static string Export(HandoffPackageExporter exporter, Onboarding onboarding, HandoffPackage package, string format) => format switch
    {
        MarkdownEnglish => exporter.ToMarkdown(onboarding, package, CultureInfo.GetCultureInfo("en")),
        MarkdownChinese => exporter.ToMarkdown(onboarding, package, CultureInfo.GetCultureInfo("zh-CN")),
        Json => exporter.ToJson(onboarding, package),
        Csv => Encoding.UTF8.GetString(exporter.ChecklistCsv(onboarding, package, CultureInfo.GetCultureInfo("en"))),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static HandoffPackage Other(HandoffPackage package) =>
        package == HandoffPackage.Technical ? HandoffPackage.Business : HandoffPackage.Technical;
}

/// <summary>People the export tests act as.</summary>
public static class ExportActors
{
    public static readonly Actor Viewer = new("viewer-1", "Vera Viewer", [Role.Viewer]);
}
