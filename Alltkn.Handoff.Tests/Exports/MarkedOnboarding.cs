using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;

namespace Alltkn.Handoff.Tests.Exports;

/// <summary>
/// An onboarding stored through the onboarding service in which every value that can tell one package from the
/// other is a recognisable marker: each field of the Technical package holds a TECH-… marker, each field of the
/// Business package a BIZ-… marker, and every checklist item carries its package's prefix in its evidence, its
/// assignee, who completed it and (for one blocked item each) its reason. No marker is part of another.
/// </summary>
public sealed class MarkedOnboarding
{
    /// <summary>A team admin whose name marks the Technical items they complete.</summary>
    public static readonly Actor TechCompleter = new("tech-admin", "TECH-Completer-5c", [Role.TeamAdmin]);

    /// <summary>A team admin whose name marks the Business items they complete.</summary>
    public static readonly Actor BizCompleter = new("biz-admin", "BIZ-Completer-9d", [Role.TeamAdmin]);

    public const Scenario MarkedScenario = Scenario.ContractOrCorporatePayment;

    /// <summary>
    /// The markers of each field, by field: text fields, the expected go-live date, the window and the matrix. The
    /// scenario and the yes/no fields cannot carry a marker; tests check them by the JSON's field names.
    /// </summary>
    public static readonly IReadOnlyDictionary<OnboardingField, string[]> FieldMarkers = new Dictionary<OnboardingField, string[]>
    {
        [OnboardingField.Customer] = ["BIZ-Customer-7f"],
        [OnboardingField.ProcurementEntity] = ["BIZ-Entity-2b"],
        [OnboardingField.UseCase] = ["TECH-UseCase-4e"],
        [OnboardingField.ExpectedModels] = ["TECH-Models-8a"],
        [OnboardingField.MonthlyBudgetRange] = ["BIZ-Budget-1c"],
        [OnboardingField.ExpectedGoLiveDate] = ["2031-07-19"],
        [OnboardingField.TechnicalContact] = ["BIZ-TechContact-6d"],
        [OnboardingField.BusinessContact] = ["BIZ-BizContact-3e"],
        [OnboardingField.BaseUrl] = ["TECH-BaseUrl-3a"],
        [OnboardingField.Sdk] = ["TECH-Sdk-5b"],
        [OnboardingField.TestPlan] = ["TECH-TestPlan-9c", "TECH-TestLine-2e"],
        [OnboardingField.StatusCodesSeen] = ["TECH-Codes-2d"],
        [OnboardingField.RollbackConditions] = ["TECH-Rollback-7e"],
        [OnboardingField.RampPlan] = ["TECH-Ramp-1f"],
        [OnboardingField.TroubleshootingFields] = ["TECH-Troubleshoot-0a"],
        [OnboardingField.BudgetCycle] = ["BIZ-Cycle-4d"],
        [OnboardingField.PaymentMethod] = ["BIZ-Payment-8f"],
        [OnboardingField.GoLiveWindow] = ["2032-03-14", "Pacific/Chatham"],
        [OnboardingField.SupportMatrix] = Enum.GetValues<SupportResponsibility>().Select(SupportPerson).ToArray(),
    };

    public static readonly OnboardingDetails Details = new()
    {
        Customer = "BIZ-Customer-7f",
        ProcurementEntity = "BIZ-Entity-2b",
        UseCase = "TECH-UseCase-4e",
        ExpectedModels = "TECH-Models-8a",
        MonthlyBudgetRange = "BIZ-Budget-1c",
        NeedsInvoice = true,
        NeedsContract = true,
        NeedsCorporatePayment = true,
        ExpectedGoLiveDate = new DateOnly(2031, 7, 19),
        TechnicalContact = "BIZ-TechContact-6d",
        BusinessContact = "BIZ-BizContact-3e",
        BaseUrl = "https://TECH-BaseUrl-3a.example/v1",
        Sdk = "TECH-Sdk-5b",
        UsesStreaming = true,
        // Two lines: written as a fenced block in Markdown.
        TestPlan = "TECH-TestPlan-9c: minimal request, stream, 402 and 429\nTECH-TestLine-2e: then 5% of traffic",
        StatusCodesSeen = "TECH-Codes-2d: 401, 429",
        RollbackConditions = "TECH-Rollback-7e",
        RampPlan = "TECH-Ramp-1f",
        TroubleshootingFields = "TECH-Troubleshoot-0a",
        BudgetCycle = "BIZ-Cycle-4d",
        PaymentMethod = "BIZ-Payment-8f",
    };

    private MarkedOnboarding(Guid id, IReadOnlyList<string> techItemMarkers, IReadOnlyList<string> bizItemMarkers)
    {
        Id = id;
        ItemMarkers = new Dictionary<HandoffPackage, IReadOnlyList<string>>
        {
            [HandoffPackage.Technical] = techItemMarkers,
            [HandoffPackage.Business] = bizItemMarkers,
        };
    }

    public Guid Id { get; }

    /// <summary>The reason of each package's blocked item, among <see cref="ItemMarkers"/>.</summary>
    public static bool IsReasonMarker(string marker) => marker.Contains("-Reason-", StringComparison.Ordinal);

    /// <summary>The markers written into each package's checklist items (evidence, assignee, completer, reason).</summary>
    /// <remarks>Among them the reason of each package's blocked item (<see cref="IsReasonMarker"/>): the CSV has no column for it.</remarks>
    public IReadOnlyDictionary<HandoffPackage, IReadOnlyList<string>> ItemMarkers { get; }

    /// <summary>Every marker of a package: its fields' and its items'.</summary>
    public IReadOnlyList<string> MarkersOf(HandoffPackage package) =>
        FieldCatalog.FieldsOf(package).SelectMany(f => FieldMarkers.GetValueOrDefault(f, [])).Concat(ItemMarkers[package]).ToArray();

    public static string SupportPerson(SupportResponsibility responsibility) => $"TECH-Support-{(int)responsibility}-{responsibility}";

    /// <summary>Stores the onboarding through <paramref name="service"/>, signing in as the completers in turn.</summary>
    public static async Task<MarkedOnboarding> StoreAsync(OnboardingService service, SignedIn signedIn, CancellationToken cancellationToken)
    {
        // Written by their own package's completer: the rollback conditions complete the Technical package's item.
        signedIn.Actor = BizCompleter;
        var created = await service.CreateAsync(MarkedScenario, Details with { RollbackConditions = null }, cancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        var id = created.Value;

        signedIn.Actor = TechCompleter;
        var rollback = await service.UpdateDetailsAsync(id, Details with { RollbackConditions = null }, Details, cancellationToken);
        rollback.Succeeded.Should().BeTrue(rollback.Message);
        var window = await service.SetGoLiveWindowAsync(id, new DateTime(2032, 3, 14, 21, 30, 0), new DateTime(2032, 3, 15, 1, 30, 0),
            "Pacific/Chatham", cancellationToken);
        window.Succeeded.Should().BeTrue(window.Message);
        foreach (var responsibility in Enum.GetValues<SupportResponsibility>())
        {
            var assigned = await service.AssignSupportAsync(id, responsibility, SupportPerson(responsibility), cancellationToken);
            assigned.Succeeded.Should().BeTrue(assigned.Message);
        }

        var tech = new List<string> { TechCompleter.DisplayName };
        var biz = new List<string> { BizCompleter.DisplayName };
        var blocked = new HashSet<HandoffPackage>();
        var onboarding = (await service.FindAsync(id, cancellationToken))!;
        var number = 0;
        foreach (var item in onboarding.Items.OrderBy(i => i.Stage.Order()).ThenBy(i => i.SortOrder))
        {
            number++;
            var (prefix, markers) = item.Package == HandoffPackage.Technical ? ("TECH", tech) : ("BIZ", biz);
            signedIn.Actor = item.Package == HandoffPackage.Technical ? TechCompleter : BizCompleter;
            // An item whose evidence is a field (window, support matrix, rollback conditions) shows the field, marked above.
            var evidence = item.EvidenceField is null ? $"{prefix}-Evidence-{number:00}" : null;
            var assignee = $"{prefix}-Assignee-{number:00}";
            if (evidence is not null)
            {
                markers.Add(evidence);
            }
            markers.Add(assignee);
            var update = new ItemUpdate(ItemStatus.InProgress, evidence, null, assignee, new DateOnly(2030, 1, 1).AddDays(number));
            if (item.EvidenceKind == EvidenceKind.SignOff)
            {
                // Recorded by the Go-live ▶ Live move, never ticked: it keeps its status.
                update = update with { Status = item.Status };
            }
            else if (blocked.Add(item.Package))
            {
                var reason = $"{prefix}-Reason-{number:00}";
                markers.Add(reason);
                update = update with { Status = ItemStatus.Blocked, StatusReason = reason };
            }
            else if (EvidenceRules.Problem(item.EvidenceKind, evidence) is null)
            {
                update = update with { Status = ItemStatus.Done };
            }
            var updated = await service.UpdateItemAsync(id, item.Id, item.Version, update, cancellationToken);
            updated.Succeeded.Should().BeTrue($"item {item.Key}: {updated.Message}");
        }
        return new MarkedOnboarding(id, tech, biz);
    }
}
