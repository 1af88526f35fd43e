using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Security;
using CsvHelper;
using Microsoft.Extensions.Localization;

namespace Alltkn.Handoff.App.Services.Exports;

/// <summary>
/// The two handoff packages of DOMAIN.md as files: Markdown to paste into a controlled support ticket, JSON for
/// tools, and the checklist as CSV. A package holds its own fields (<see cref="FieldCatalog"/>) and the checklist
/// items whose evidence kind belongs to it (<see cref="HandoffItem.Package"/>), and nothing of the other: the
/// onboarding is identified by its short reference and stage, never by the customer (a Business field), in both.
/// </summary>
/// <remarks>
/// <para>Every string written passes <see cref="SensitiveDataGuard.Redact"/> before it is formatted (escaping or
/// serializing first could split a secret so that the guard no longer sees it), and the Markdown as a whole passes
/// it again as a last line of defence. JSON and CSV are redacted value by value, so they stay valid.</para>
/// <para>Languages: Markdown is for people and is written in the culture asked for (zh-CN or en) — the export's own
/// texts from <c>Resources/Services/Exports/HandoffPackageExporter.resx</c>, the shared vocabulary (stages, roles,
/// statuses, field labels, item titles) through <see cref="Vocabulary"/>. The checklist CSV is for people with a
/// spreadsheet (finance) and is written in the reader's language too: column headers, stages, roles, statuses, evidence
/// kinds, packages, item titles, yes/no; dates stay ISO 8601. JSON is for tools and stays English-only and stable: fixed
/// property names, enums as their names, item titles as the template's English.</para>
/// </remarks>
public sealed class HandoffPackageExporter(
    OnboardingService onboardings,
    IStringLocalizer<HandoffPackageExporter> text,
    IStringLocalizer<SharedResource> shared,
    TimeProvider clock)
{
    /// <summary>UTF-8 without a byte order mark (Markdown, JSON).</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The checklist CSV's columns, in order, as resource keys (<c>Csv.Stage</c>…): each written in the reader's language.</summary>
    public static readonly IReadOnlyList<string> ChecklistColumns =
    [
        "Stage", "Title", "OwnerRole", "Assignee", "Required", "EvidenceKind", "Package", "Evidence", "Status",
        "DueDate", "CompletedBy", "CompletedAtUtc",
    ];

    private static readonly CsvWriterOptions CsvOptions = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // A downloaded file, never embedded in HTML: keep Chinese text and + < > readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The onboarding with its items and support matrix, for a signed-in person who may read it
    /// (<see cref="HandoffPolicy.MayRead"/>): Forbidden otherwise, NotFound when there is no such onboarding.
    /// </summary>
    public Task<Outcome<Onboarding>> LoadAsync(Guid onboardingId, CancellationToken cancellationToken = default) =>
        onboardings.ReadAsync(onboardingId, cancellationToken);

    /// <summary>
    /// The onboarding's short reference: the last 8 hex digits of its id, upper case (the random part of a
    /// version 7 id; the first digits are its creation time and are shared by onboardings opened together).
    /// It names the onboarding in either package without any Business field.
    /// </summary>
    public static string ReferenceOf(Guid onboardingId) => onboardingId.ToString("N")[^8..].ToUpperInvariant();

    /// <summary><c>handoff-technical-1A2B3C4D.md</c>: package and reference only, nothing of either package's fields.</summary>
    public static string FileName(Guid onboardingId, HandoffPackage package, string extension) =>
        $"handoff-{Slug(package)}-{ReferenceOf(onboardingId)}.{extension}";

    /// <summary><c>checklist-1A2B3C4D.csv</c>, or <c>checklist-business-1A2B3C4D.csv</c> for one package's items.</summary>
    public static string ChecklistFileName(Guid onboardingId, HandoffPackage? package) =>
        package is { } p ? $"checklist-{Slug(p)}-{ReferenceOf(onboardingId)}.csv" : $"checklist-{ReferenceOf(onboardingId)}.csv";

    /// <summary>The checklist items of <paramref name="package"/> (all when null), in stage and template order.</summary>
    public static IReadOnlyList<HandoffItem> ItemsOf(Onboarding onboarding, HandoffPackage? package) =>
        onboarding.Items
            .Where(i => package is null || i.Package == package)
            .OrderBy(i => i.Stage.Order())
            .ThenBy(i => i.SortOrder)
            .ToArray();

    /// <summary>The package as Markdown in <paramref name="culture"/>, to paste into a controlled support ticket.</summary>
    public string ToMarkdown(Onboarding onboarding, HandoffPackage package, CultureInfo culture) =>
        InCulture.Run(culture, () => SensitiveDataGuard.Redact(new PackageMarkdown(this, onboarding, package).Write()));

    /// <summary>
    /// The customer's copy of the package as Markdown in <paramref name="culture"/>, written from <paramref name="view"/>
    /// alone (what the portal page shows the guest: the go-live window and the shared items' titles, statuses, own evidence
    /// and reopen notes), never from the onboarding, so none of the team's fields, support matrix, assignees, status
    /// reasons or completers can be in it; the same secret guard value by value and over the whole file.
    /// </summary>
    public string ToCustomerMarkdown(CustomerPackageView view, HandoffPackage package, CultureInfo culture) =>
        InCulture.Run(culture, () => SensitiveDataGuard.Redact(new CustomerPackageMarkdown(this, view, package).Write()));

    /// <summary>The package as indented JSON (<see cref="PackageDocument"/>).</summary>
    public string ToJson(Onboarding onboarding, HandoffPackage package)
    {
        var fields = new JsonObject();
        foreach (var field in FieldCatalog.FieldsOf(package))
        {
            fields[JsonNamingPolicy.CamelCase.ConvertName(field.ToString())] = FieldNode(onboarding, field);
        }
        var document = new PackageDocument
        {
            Package = package,
            OnboardingId = onboarding.Id,
            Reference = ReferenceOf(onboarding.Id),
            Stage = onboarding.Stage,
            StageBeforeHold = onboarding.StageBeforeHold,
            ExportedAtUtc = ExportedAtUtc,
            Fields = fields,
            Checklist = ItemsOf(onboarding, package).Select(item => Entry(onboarding, item)).ToArray(),
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>
    /// The checklist as CSV in <paramref name="culture"/> (zh-CN or en), UTF-8 with a byte order mark (so that Excel
    /// opens Chinese text correctly): one package's items, or all when <paramref name="package"/> is null. Columns:
    /// <see cref="ChecklistColumns"/> with their headers, stages, roles, statuses, evidence kinds, packages, item
    /// titles and Required (yes/no) in that language; dates as yyyy-MM-dd and UTC times as yyyy-MM-ddTHH:mm:ssZ. A
    /// text cell that a spreadsheet would run as a formula (=, +, -, @, tab or CR first, or full-width ＝＋－＠, see
    /// <see cref="CsvText"/>) is prefixed with an apostrophe. Tools read the JSON export, whose names are stable.
    /// </summary>
    public byte[] ChecklistCsv(Onboarding onboarding, HandoffPackage? package, CultureInfo culture) =>
        InCulture.Run(culture, () =>
        {
            using var stream = new MemoryStream();
            using (var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true))
            {
                csv.WriteHeader([.. ChecklistColumns.Select(column => text[$"Csv.{column}"].Value)]);
                foreach (var item in ItemsOf(onboarding, package))
                {
                    // The cells in the reader's language, each text through the guard once (not the JSON entry's
                    // stored-language texts as well).
                    csv.WriteRecord(
                    [
                        shared.Stage(item.Stage), CsvText(SensitiveDataGuard.Redact(shared.ItemTitle(item))), shared.Role(item.OwnerRole),
                        CsvText(Safe(item.AssigneeName)), text[item.Required ? "Csv.Yes" : "Csv.No"].Value, shared.Evidence(item.EvidenceKind),
                        shared.Package(item.Package), CsvText(Safe(onboarding.EvidenceOf(item, shared.Responsibility))), shared.Status(item.Status),
                        item.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CsvText(Safe(item.CompletedByName)),
                        item.CompletedAtUtc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ]);
                }
                csv.Flush();
            }
            return stream.ToArray();
        });

    /// <summary>
    /// A text cell as a spreadsheet must show it: CsvHelper prefixes an apostrophe to a cell starting with <c>=</c>,
    /// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return; this does the same for their full-width forms
    /// (<c>＝＋－＠</c>, typed with a Chinese input method in full-width mode, which some spreadsheets also take for
    /// a formula), and for any of them after leading white space.
    /// </summary>
    internal static string? CsvText(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var first = value.AsSpan().TrimStart(" \u3000");
        return first.Length > 0 && first[0] is '＝' or '＋' or '－' or '＠' || (first.Length < value.Length && first.Length > 0 && first[0] is '=' or '+' or '-' or '@')
            ? "'" + value
            : value;
    }

    internal DateTime ExportedAtUtc => clock.GetUtcNow().UtcDateTime;

    /// <summary>The export's own text in the current UI culture.</summary>
    internal string Text(string key, params object[] arguments) => text[key, arguments];

    /// <summary>The shared vocabulary (<see cref="Vocabulary"/>: stages, roles, statuses, field labels, item titles).</summary>
    internal IStringLocalizer Words => shared;

    /// <summary>A value as it may be written: redacted, and null when empty.</summary>
    internal static string? Safe(string? value) => string.IsNullOrWhiteSpace(value) ? null : SensitiveDataGuard.Redact(value);

    internal static string Slug(HandoffPackage package) => package.ToString().ToLowerInvariant();

    private static ChecklistEntry Entry(Onboarding onboarding, HandoffItem item) => new()
    {
        Key = item.Key,
        Stage = item.Stage,
        Title = SensitiveDataGuard.Redact(item.Title),
        OwnerRole = item.OwnerRole,
        Assignee = Safe(item.AssigneeName),
        Required = item.Required,
        EvidenceKind = item.EvidenceKind,
        Package = item.Package,
        Evidence = Safe(onboarding.EvidenceOf(item)),
        Status = item.Status,
        StatusReason = Safe(item.StatusReason),
        DueDate = item.DueDate,
        CompletedBy = Safe(item.CompletedByName),
        CompletedAtUtc = item.CompletedAtUtc is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
    };

    private static JsonNode? FieldNode(Onboarding onboarding, OnboardingField field) => field switch
    {
        OnboardingField.Scenario => JsonValue.Create(onboarding.Scenario.ToString()),
        OnboardingField.NeedsInvoice => JsonValue.Create(onboarding.Details.NeedsInvoice),
        OnboardingField.NeedsContract => JsonValue.Create(onboarding.Details.NeedsContract),
        OnboardingField.NeedsCorporatePayment => JsonValue.Create(onboarding.Details.NeedsCorporatePayment),
        OnboardingField.UsesStreaming => JsonValue.Create(onboarding.Details.UsesStreaming),
        OnboardingField.GoLiveWindow => onboarding.GoLiveWindow is { } window
            ? new JsonObject
            {
                ["startUtc"] = DateTime.SpecifyKind(window.StartUtc, DateTimeKind.Utc),
                ["endUtc"] = DateTime.SpecifyKind(window.EndUtc, DateTimeKind.Utc),
                ["timeZone"] = SensitiveDataGuard.Redact(window.TimeZoneId),
                ["startLocal"] = window.StartLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
                ["endLocal"] = window.EndLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            }
            : null,
        OnboardingField.SupportMatrix => new JsonArray(Enum.GetValues<SupportResponsibility>()
            .Select(responsibility => (JsonNode)new JsonObject
            {
                ["responsibility"] = responsibility.ToString(),
                ["person"] = Safe(onboarding.SupportMatrix.FirstOrDefault(a => a.Responsibility == responsibility)?.PersonName),
            })
            .ToArray()),
        _ => Safe(FieldCatalog.Read(onboarding.Details, field)) is { } value ? JsonValue.Create(value) : null,
    };
}
