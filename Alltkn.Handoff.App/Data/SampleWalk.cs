using System.Globalization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.App.Data;

/// <summary>The references one sample customer's evidence quotes: never a secret, always a pointer.</summary>
internal sealed record SampleCustomer(
    Scenario Scenario,
    OnboardingDetails Details,
    string AccountEmail,
    string KeyGroup,
    string MaskedKey,
    string OrderNumber,
    string TicketNumber,
    string PaymentReference,
    string MainModel,
    string AlertChannel,
    string TimeZoneId,
    IReadOnlyList<string> Team);

/// <summary>
/// Walks one sample onboarding along its real path with the domain's own methods, as the "Sample data" actor
/// (who holds every role), step by step in time, with evidence that reads like a real team's: order numbers,
/// ticket numbers, masked key identifiers, observed status codes.
/// </summary>
internal sealed class SampleWalk
{
    private readonly SampleCustomer _customer;
    private readonly Actor _actor;
    private readonly DateTime _nowUtc;
    private DateTime _at;

    public SampleWalk(SampleCustomer customer, Actor actor, DateTime nowUtc, TimeSpan startedAgo)
    {
        _customer = customer;
        _actor = actor;
        _nowUtc = nowUtc;
        _at = nowUtc - startedAgo;
        Onboarding = Onboarding.Open(customer.Scenario, customer.Details, actor, _at);
    }

    public Onboarding Onboarding { get; }

    private DateOnly Today => DateOnly.FromDateTime(_nowUtc);

    /// <summary>Time passes between steps; never beyond now.</summary>
    public SampleWalk After(TimeSpan span)
    {
        _at = _at + span > _nowUtc ? _nowUtc : _at + span;
        return this;
    }

    /// <summary>Settles every required item of the working stage (at Go-live the window and the support matrix first), then makes the forward move.</summary>
    public SampleWalk PassStage(TimeSpan? takes = null)
    {
        CompleteStage(takes ?? TimeSpan.FromDays(3));
        var move = Onboarding.Stage switch
        {
            Stage.Inquiry => Move.StartTrial,
            Stage.Trial => Move.ConfirmTrial,
            Stage.CommercialConfirmation => Onboarding.PassesInvoiceAndContract ? Move.StartInvoiceAndContract : Move.StartGoLive,
            Stage.InvoiceAndContract => Move.StartGoLive,
            Stage.GoLive => Move.SignOffGoLive,
            _ => throw new InvalidOperationException($"No forward move from {Onboarding.Stage}."),
        };
        if (move == Move.SignOffGoLive && Onboarding.GoLiveWindow is { } planned && planned.StartUtc <= _at
            && planned.EndUtc <= _at + TimeSpan.FromHours(2))
        {
            // The work ran past the window planned, and a window that has ended cannot be signed off: the release owner
            // sets the next evening's first.
            var local = TimeZoneInfo.ConvertTimeFromUtc(_at + TimeSpan.FromHours(3), planned.TimeZone);
            var day = DateOnly.FromDateTime(local).AddDays(local.TimeOfDay > new TimeSpan(21, 0, 0) ? 1 : 0);
            SetWindow(daysFromToday: day.DayNumber - Today.DayNumber);
        }
        if (move == Move.SignOffGoLive && Onboarding.GoLiveWindow is { } window && window.StartUtc > _at && window.StartUtc <= _nowUtc)
        {
            // The release owner signs off when the window opens.
            _at = window.StartUtc.AddMinutes(15);
        }
        else
        {
            After(TimeSpan.FromHours(2));
        }
        Onboarding.Fire(move, _actor, _at);
        return this;
    }

    /// <summary>Walks forward until the onboarding stands at <paramref name="stage"/> (a stage on its path).</summary>
    public SampleWalk PassUntil(Stage stage, TimeSpan? each = null)
    {
        while (Onboarding.Stage != stage)
        {
            PassStage(each);
        }
        return this;
    }

    /// <summary>Settles the working stage's required items, spread over <paramref name="takes"/>.</summary>
    public SampleWalk CompleteStage(TimeSpan takes)
    {
        var stage = Onboarding.WorkingStage;
        if (stage == Stage.GoLive)
        {
            if (Onboarding.GoLiveWindow is null)
            {
                // The window opens when the stage's work is expected to be done.
                SetWindow(daysFromToday: (int)Math.Floor((_at + takes - _nowUtc).TotalDays));
            }
            FillSupportMatrix();
        }
        var open = Onboarding.Items
            .Where(i => i.Required && !i.IsSettled && i.EvidenceKind != EvidenceKind.SignOff)
            .Where(i => i.Stage == stage || (stage == Stage.GoLive && ChecklistTemplates.HandoffTable.Contains(i.Key)))
            .OrderBy(i => i.SortOrder)
            .Select(i => i.Key)
            .ToArray();
        var step = open.Length == 0 ? takes : takes / open.Length;
        foreach (var key in open)
        {
            After(step);
            Complete(key);
        }
        return this;
    }

    /// <summary>Marks one item Done with this customer's evidence for it.</summary>
    public SampleWalk Complete(string key, string? evidence = null)
    {
        var item = Item(key);
        if (item.EvidenceField is { } field)
        {
            // The field is the item's evidence: filling it is what completes the item.
            return Fill(field, item);
        }
        var assignee = item.AssigneeName ?? PersonFor(item.OwnerRole);
        Onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with
        {
            Status = ItemStatus.Done,
            Evidence = evidence ?? (EvidenceRules.NeedsText(item.EvidenceKind) ? EvidenceFor(item) : item.Evidence),
            AssigneeName = assignee,
        }, _actor, _at);
        return this;
    }

    /// <summary>Someone has started on the item: assigned, due in <paramref name="dueInDays"/> days (negative: overdue).</summary>
    public SampleWalk Start(string key, int dueInDays, string? evidence = null)
    {
        var item = Item(key);
        After(TimeSpan.FromHours(3));
        Onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with
        {
            Status = ItemStatus.InProgress,
            Evidence = evidence,
            AssigneeName = PersonFor(item.OwnerRole),
            DueDate = Today.AddDays(dueInDays),
        }, _actor, _at);
        return this;
    }

    /// <summary>Assigns the item and gives it a due date, leaving it open.</summary>
    public SampleWalk Plan(string key, int dueInDays)
    {
        var item = Item(key);
        After(TimeSpan.FromHours(1));
        Onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with
        {
            AssigneeName = PersonFor(item.OwnerRole),
            DueDate = Today.AddDays(dueInDays),
        }, _actor, _at);
        return this;
    }

    public SampleWalk Block(string key, string reason, int dueInDays)
    {
        var item = Item(key);
        After(TimeSpan.FromHours(5));
        Onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with
        {
            Status = ItemStatus.Blocked,
            StatusReason = reason,
            AssigneeName = PersonFor(item.OwnerRole),
            DueDate = Today.AddDays(dueInDays),
        }, _actor, _at);
        return this;
    }

    public SampleWalk NotApplicable(string key, string reason)
    {
        var item = Item(key);
        After(TimeSpan.FromHours(1));
        Onboarding.UpdateItem(item.Id, ItemUpdate.From(item) with { Status = ItemStatus.NotApplicable, StatusReason = reason }, _actor, _at);
        return this;
    }

    private SampleWalk Fill(OnboardingField field, HandoffItem item)
    {
        if (Onboarding.IsFilled(field))
        {
            return this;
        }
        return field switch
        {
            OnboardingField.GoLiveWindow => SetWindow(daysFromToday: 3),
            OnboardingField.SupportMatrix => FillSupportMatrix(),
            _ => Edit(d => d with { RollbackConditions = EvidenceFor(item) }),
        };
    }

    /// <summary>A go-live window from 22:00 to 23:30 local time, <paramref name="daysFromToday"/> days from today.</summary>
    public SampleWalk SetWindow(int daysFromToday)
    {
        var day = Today.AddDays(daysFromToday).ToDateTime(new TimeOnly(22, 0));
        After(TimeSpan.FromHours(1));
        Onboarding.SetGoLiveWindow(GoLiveWindow.FromLocal(day, day.AddMinutes(90), _customer.TimeZoneId), _actor, _at);
        return this;
    }

    /// <summary>Names a person for every support responsibility (except those given).</summary>
    public SampleWalk FillSupportMatrix(params SupportResponsibility[] except)
    {
        foreach (var responsibility in Enum.GetValues<SupportResponsibility>().Except(except))
        {
            if (Onboarding.SupportMatrix.All(a => a.Responsibility != responsibility))
            {
                After(TimeSpan.FromMinutes(20));
                Onboarding.AssignSupport(responsibility, SupportPerson(responsibility), _actor, _at);
            }
        }
        return this;
    }

    public SampleWalk Fire(Move move, string? reason = null)
    {
        After(TimeSpan.FromHours(2));
        Onboarding.Fire(move, _actor, _at, reason);
        return this;
    }

    public SampleWalk Edit(Func<OnboardingDetails, OnboardingDetails> change)
    {
        After(TimeSpan.FromHours(4));
        Onboarding.UpdateDetails(change(Onboarding.Details), _actor, _at);
        return this;
    }

    private HandoffItem Item(string key) =>
        Onboarding.Items.SingleOrDefault(i => i.Key == key)
        ?? throw new InvalidOperationException($"The {_customer.Scenario} checklist has no item '{key}'.");

    private string PersonFor(Role role) => role switch
    {
        Role.TeamAdmin => _customer.Team[0],
        Role.TechLead => _customer.Team[1],
        Role.Finance => _customer.Team[2],
        _ => _customer.Team[3],
    };

    private string SupportPerson(SupportResponsibility responsibility) => responsibility switch
    {
        SupportResponsibility.CreatesApiKeys => _customer.Team[0],
        SupportResponsibility.ManagesQuota or SupportResponsibility.ReadsLogs => _customer.Team[1],
        SupportResponsibility.HandlesErrors401402429 => _customer.Team.Count > 4 ? _customer.Team[4] : _customer.Team[1],
        SupportResponsibility.ConfirmsInvoiceAndContract => _customer.Team[2],
        _ => _customer.Team[3],
    };

    private string When(int minutesLater = 0) =>
        TimeZoneInfo.ConvertTimeFromUtc(_at.AddMinutes(minutesLater), TimeZoneInfo.FindSystemTimeZoneById(_customer.TimeZoneId))
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + ZoneLabel;

    private string ZoneLabel => _customer.TimeZoneId switch
    {
        "Asia/Shanghai" => "CST",
        "Asia/Singapore" => "SGT",
        "Europe/Berlin" => "CET",
        _ => _customer.TimeZoneId,
    };

    private string EvidenceFor(HandoffItem item)
    {
        var c = _customer;
        var d = Onboarding.Details;
        return item.Key switch
        {
            "inquiry.contact-type" => $"{ScenarioName(c.Scenario)}: declared on the first call with {d.BusinessContact ?? d.TechnicalContact}",
            "inquiry.use-case" => $"{d.UseCase}; models {d.ExpectedModels}; monthly budget {d.MonthlyBudgetRange}",
            "inquiry.needs" => $"Invoice: {YesNo(d.NeedsInvoice)} · Contract: {YesNo(d.NeedsContract)} · Corporate payment: {YesNo(d.NeedsCorporatePayment)}",
            "inquiry.go-live-contact" => $"Go-live expected {d.ExpectedGoLiveDate:yyyy-MM-dd}; technical contact {d.TechnicalContact}",
            "inquiry.prepare.top-up" => $"Account {c.AccountEmail}, paid by {d.PaymentMethod}, {d.MonthlyBudgetRange}, order {c.OrderNumber} at {When(-90)}",
            "inquiry.prepare.trial" => $"{d.UseCase}; {d.ExpectedModels}; about 20,000 calls a day; technical contact {d.TechnicalContact}",
            "inquiry.prepare.invoice" => $"Invoice need and order {c.OrderNumber} recorded; contact {d.BusinessContact}; submission fields go through ticket {c.TicketNumber}",
            "inquiry.prepare.contract" => $"{d.ProcurementEntity}; scope: {d.UseCase}; budget cycle {d.BudgetCycle}; window wanted before {d.ExpectedGoLiveDate:yyyy-MM-dd}",
            ChecklistTemplates.Keys.AccountAndKeyOwnership => $"Account {c.AccountEmail}, group {c.KeyGroup}, key {c.MaskedKey}",
            "trial.minimal-request" => $"200 at {When()}, {c.MainModel}, 0.9 s",
            "trial.stream" => $"200 (stream) at {When()}, {c.MainModel}, first token after 420 ms",
            "trial.insufficient-balance" => $"402 at {When()} on the capped test group, {c.MainModel}: the client shows the top-up notice",
            "trial.rate-limit" => $"429 at {When()}, {c.MainModel}: the client backs off and retries after 2 s",
            "trial.main-models" => $"{d.ExpectedModels} verified on group {c.KeyGroup}",
            "trial.small-traffic-plan" => d.RampPlan ?? DefaultRamp,
            "commercial.entity-scope-budget" => $"{d.ProcurementEntity}; scope: {d.UseCase}; budget cycle {d.BudgetCycle}",
            ChecklistTemplates.Keys.ModelAndQuota => $"Models {d.ExpectedModels}; budget boundary {d.MonthlyBudgetRange}; alerts at 50% / 80% / 95% to {c.AlertChannel}",
            "commercial.high-cost-rules" => "Image and batch jobs capped at 500 a day; a repeated request id within 10 minutes is rejected, not billed twice",
            "commercial.payment-method" => d.PaymentMethod ?? "Corporate bank transfer against each order",
            ChecklistTemplates.Keys.InvoiceNeed => $"Ticket {c.TicketNumber}: invoice need confirmed through the support channel (details stay in the ticket)",
            ChecklistTemplates.Keys.ContractNeed => $"Ticket {c.TicketNumber}: contract need confirmed with the business team; the text stays with legal",
            ChecklistTemplates.Keys.CorporatePayment => $"Corporate transfer {c.PaymentReference} matched to order {c.OrderNumber}",
            ChecklistTemplates.Keys.Reconciliation => $"Monthly statement on the 5th, reconciled against order {c.OrderNumber} (对账)",
            ChecklistTemplates.Keys.RollbackConditions => d.RollbackConditions ?? "Error rate above 2% for 10 minutes, or p95 latency above 8 s: switch traffic back to the previous provider",
            "golive.logs-alerts" => $"Error-rate alert above 2% for 5 minutes to {c.AlertChannel}; request logs kept 30 days",
            ChecklistTemplates.Keys.SupportFields => d.TroubleshootingFields ?? "Every ticket carries the time (with time zone), the status code, the model name and the request id",
            "golive.ramp-plan" => d.RampPlan ?? DefaultRamp,
            "live.review" => $"Review held {When()}: 429 rate 0.3%, no 5xx; check again on {DateOnly.FromDateTime(_at).AddDays(30):yyyy-MM-dd}",
            _ => $"Recorded by {PersonFor(item.OwnerRole)} on {When()}",
        };
    }

    private const string DefaultRamp = "5% of traffic for 3 days, then 30% for a week, then all; scale only while the 429 and 5xx rates stay under 1%";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string ScenarioName(Scenario scenario) => scenario switch
    {
        Scenario.PersonalTopUp => "Personal top-up 个人充值",
        Scenario.EnterpriseTrial => "Enterprise trial 企业试用",
        Scenario.InvoiceInquiry => "Invoice inquiry 发票咨询",
        _ => "Contract or corporate payment 合同或对公",
    };
}
