using System.Globalization;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>
/// Walks one generated onboarding through its life with the domain's own intent methods (Open, UpdateItem,
/// SetGoLiveWindow, AssignSupport, UpdateDetails, Fire), as the people of its <see cref="BenchTeam"/>, step by step
/// in time and never beyond now — like the app's SampleWalk (internal to the app, so not reusable here), with
/// generated customers and a longer history: items planned, started, blocked, done and corrected, facts edited,
/// sign-ins. Nothing is written directly: every row comes from the aggregate, so every row is valid.
/// </summary>
internal sealed class BenchWalk
{
    private readonly Random _random;
    private readonly BenchCustomer _customer;
    private readonly BenchTeam _team;
    private readonly DateTime _nowUtc;
    private readonly List<RevisionEntry> _signIns = [];
    private DateTime _at;

    public BenchWalk(Random random, BenchCustomer customer, BenchTeam team, DateTime nowUtc, DateTime openedAtUtc)
    {
        _random = random;
        _customer = customer;
        _team = team;
        _nowUtc = nowUtc;
        _at = openedAtUtc;
        Onboarding = Onboarding.Open(customer.Scenario, customer.Details, team[Role.TeamAdmin].Actor, _at);
    }

    public Onboarding Onboarding { get; }

    /// <summary>Sign-in entries of the team (the identity layer records these, not the aggregate).</summary>
    public IReadOnlyList<RevisionEntry> SignIns => _signIns;

    public int EntryCount => Onboarding.PendingRevisions.Count + _signIns.Count;

    public DateTime At => _at;

    private DateOnly Today => DateOnly.FromDateTime(_nowUtc);

    private DateOnly Day => DateOnly.FromDateTime(_at);

    public BenchWalk After(TimeSpan span)
    {
        _at = _at + span > _nowUtc ? _nowUtc : _at + span;
        return this;
    }

    /// <summary>Works the working stage's required items to Done over <paramref name="takes"/>, then makes the forward move.</summary>
    public BenchWalk PassStage(TimeSpan takes)
    {
        var stage = Onboarding.Stage;
        var open = GateWork(stage);
        var step = takes / (open.Count * 2.6 + 2);
        if (stage == Stage.GoLive)
        {
            if (Onboarding.GoLiveWindow is null)
            {
                After(step);
                SetWindow(DateOnly.FromDateTime(_at + takes));
            }
            FillSupportMatrix(step, except: []);
        }
        foreach (var item in open)
        {
            Work(item, step, finish: true);
        }
        var move = stage switch
        {
            Stage.Inquiry => Move.StartTrial,
            Stage.Trial => Move.ConfirmTrial,
            Stage.CommercialConfirmation => Onboarding.PassesInvoiceAndContract ? Move.StartInvoiceAndContract : Move.StartGoLive,
            Stage.InvoiceAndContract => Move.StartGoLive,
            Stage.GoLive => Move.SignOffGoLive,
            _ => throw new InvalidOperationException($"No forward move from {stage}."),
        };
        if (move == Move.SignOffGoLive && Onboarding.GoLiveWindow is { } planned && planned.StartUtc <= _at && planned.EndUtc <= _at + step)
        {
            // The work ran past the window planned, and a window that has ended cannot be signed off: the release owner
            // sets the next evening's first.
            var local = TimeZoneInfo.ConvertTimeFromUtc(_at + step + TimeSpan.FromHours(1), planned.TimeZone);
            SetWindow(DateOnly.FromDateTime(local).AddDays(local.TimeOfDay > new TimeSpan(21, 0, 0) ? 1 : 0));
        }
        if (move == Move.SignOffGoLive && Onboarding.GoLiveWindow is { } window && window.StartUtc > _at && window.StartUtc <= _nowUtc)
        {
            // The release owner signs off when the window opens.
            _at = window.StartUtc.AddMinutes(15);
        }
        else
        {
            After(step);
        }
        Fire(move);
        return this;
    }

    /// <summary>
    /// Leaves the working stage part done, as a team in the middle of it: some items done, some in progress, some
    /// blocked, some planned with due dates around today (some overdue), some untouched; at Go-live a window
    /// (mostly in the coming weeks, sometimes already passed, sometimes not set) and a support matrix that may lack names.
    /// </summary>
    public BenchWalk WorkPartly(TimeSpan takes)
    {
        var stage = Onboarding.WorkingStage;
        var open = GateWork(stage);
        var step = takes / (open.Count * 2.6 + 2);
        if (stage == Stage.GoLive)
        {
            var roll = _random.Next(100);
            if (roll < 80 || Onboarding.GoLiveWindow is not null)
            {
                After(step);
                SetWindow(Today.AddDays(roll < 12 ? -_random.Next(1, 4) : _random.Next(0, 21)));
            }
            var missing = Enum.GetValues<SupportResponsibility>().Where(_ => _random.Next(100) < 25).ToArray();
            FillSupportMatrix(step, missing);
        }
        foreach (var item in open)
        {
            var roll = _random.Next(100);
            if (roll < 35)
            {
                if (!(item.EvidenceKind == EvidenceKind.GoLiveWindow && Onboarding.GoLiveWindow is null)
                    && !(item.EvidenceKind == EvidenceKind.SupportMatrix && !Onboarding.IsSupportMatrixComplete))
                {
                    Work(item, step, finish: true);
                }
            }
            else if (roll < 55)
            {
                Plan(item, step, Today.AddDays(_random.Next(-6, 10)));
                Start(item, step);
            }
            else if (roll < 63)
            {
                Plan(item, step, Today.AddDays(_random.Next(-8, 5)));
                Block(item, step);
            }
            else if (roll < 85)
            {
                Plan(item, step, Today.AddDays(_random.Next(-10, 15)));
            }
        }
        return this;
    }

    /// <summary>
    /// Later activity until <paramref name="untilUtc"/>: <paramref name="count"/> entries of sign-ins of the team,
    /// due dates moved and items reassigned, evidence corrected, facts edited.
    /// </summary>
    public BenchWalk Chatter(int count, DateTime untilUtc)
    {
        if (count <= 0)
        {
            return this;
        }
        untilUtc = untilUtc > _nowUtc ? _nowUtc : untilUtc;
        var step = untilUtc > _at ? (untilUtc - _at) / (count + 1) : TimeSpan.Zero;
        var items = Onboarding.Items.Where(i => i.EvidenceKind != EvidenceKind.SignOff && i.Status != ItemStatus.NotApplicable).ToArray();
        for (var written = 0; written < count;)
        {
            After(step);
            var before = EntryCount;
            var roll = _random.Next(100);
            if (roll < 40)
            {
                SignIn(_team.Members.ElementAt(_random.Next(5)));
            }
            else if (roll < 85)
            {
                var item = items[_random.Next(items.Length)];
                var owner = _team[item.OwnerRole];
                if (item.Status == ItemStatus.Done && EvidenceRules.NeedsText(item.EvidenceKind))
                {
                    Update(item, owner.Actor, ItemUpdate.From(item) with { Evidence = Corrected(item) });
                }
                else if (!item.IsSettled)
                {
                    var due = (item.DueDate ?? Day).AddDays(_random.Next(1, 8));
                    Update(item, owner.Actor, ItemUpdate.From(item) with
                    {
                        AssigneeUserId = owner.Actor.UserId,
                        AssigneeName = owner.Actor.DisplayName,
                        DueDate = _random.Next(3) == 0 && item.DueDate is not null ? item.DueDate : due,
                    });
                }
            }
            else
            {
                EditDetails();
            }
            // Nothing changed (rare: a correction equal to what is stored): a sign-in instead, so the count is kept.
            if (EntryCount == before)
            {
                SignIn(_team.Members.ElementAt(_random.Next(5)));
            }
            written += EntryCount - before;
        }
        return this;
    }

    public BenchWalk Fire(Move move, string? reason = null)
    {
        var owner = HandoffPolicyOwner(move);
        Onboarding.Fire(move, _team[owner].Actor, _at, reason);
        return this;
    }

    public BenchWalk SetWindow(DateOnly day)
    {
        var start = day.ToDateTime(new TimeOnly(22, 0));
        Onboarding.SetGoLiveWindow(GoLiveWindow.FromLocal(start, start.AddMinutes(90), _customer.TimeZoneId), _team[Role.ReleaseOwner].Actor, _at);
        return this;
    }

    /// <summary>Plans, starts, sometimes blocks and unblocks, and (when <paramref name="finish"/>) completes one item.</summary>
    public void Work(HandoffItem item, TimeSpan step, bool finish)
    {
        if (_random.Next(100) < 60)
        {
            Plan(item, step, Day.AddDays(_random.Next(1, 8)));
        }
        if (_random.Next(100) < 75)
        {
            Start(item, step);
        }
        if (_random.Next(100) < 8)
        {
            Block(item, step);
            Start(item, step);
        }
        if (finish)
        {
            After(step);
            var owner = _team[item.OwnerRole];
            Update(item, owner.Actor, ItemUpdate.From(item) with
            {
                Status = ItemStatus.Done,
                Evidence = EvidenceRules.NeedsText(item.EvidenceKind) ? EvidenceFor(item) : item.Evidence,
                AssigneeUserId = item.AssigneeUserId ?? owner.Actor.UserId,
                AssigneeName = item.AssigneeName ?? owner.Actor.DisplayName,
                StatusReason = null,
            });
        }
    }

    private void Plan(HandoffItem item, TimeSpan step, DateOnly due)
    {
        After(step);
        var owner = _team[item.OwnerRole];
        Update(item, owner.Actor, ItemUpdate.From(item) with
        {
            AssigneeUserId = owner.Actor.UserId,
            AssigneeName = owner.Actor.DisplayName,
            DueDate = due,
        });
    }

    private void Start(HandoffItem item, TimeSpan step)
    {
        After(step);
        var owner = _team[item.OwnerRole];
        Update(item, owner.Actor, ItemUpdate.From(item) with
        {
            Status = ItemStatus.InProgress,
            StatusReason = null,
            AssigneeUserId = item.AssigneeUserId ?? owner.Actor.UserId,
            AssigneeName = item.AssigneeName ?? owner.Actor.DisplayName,
        });
    }

    private void Block(HandoffItem item, TimeSpan step)
    {
        After(step);
        var owner = _team[item.OwnerRole];
        Update(item, owner.Actor, ItemUpdate.From(item) with
        {
            Status = ItemStatus.Blocked,
            StatusReason = BlockReasons[_random.Next(BlockReasons.Length)],
            AssigneeUserId = item.AssigneeUserId ?? owner.Actor.UserId,
            AssigneeName = item.AssigneeName ?? owner.Actor.DisplayName,
        });
    }

    private void Update(HandoffItem item, Actor actor, ItemUpdate update)
    {
        if (item.EvidenceField is OnboardingField.RollbackConditions && update.Status == ItemStatus.Done)
        {
            // Its field is its evidence: writing the rollback conditions completes it.
            if (!Onboarding.IsFilled(OnboardingField.RollbackConditions))
            {
                Onboarding.UpdateDetails(Onboarding.Details with { RollbackConditions = EvidenceFor(item) }, _team[Role.TeamAdmin].Actor, _at);
            }
            return;
        }
        if (item.EvidenceField is not null && update.Status != item.Status)
        {
            return; // follows its field (window, support matrix): not ticked, blocked or started by hand
        }
        Onboarding.UpdateItem(item.Id, update, actor, _at);
    }

    private void FillSupportMatrix(TimeSpan step, SupportResponsibility[] except)
    {
        foreach (var responsibility in Enum.GetValues<SupportResponsibility>().Except(except))
        {
            if (Onboarding.SupportMatrix.All(a => a.Responsibility != responsibility))
            {
                After(step / 3);
                var person = responsibility switch
                {
                    SupportResponsibility.CreatesApiKeys => _team[Role.TeamAdmin],
                    SupportResponsibility.ManagesQuota or SupportResponsibility.ReadsLogs or SupportResponsibility.HandlesErrors401402429 => _team[Role.TechLead],
                    SupportResponsibility.ConfirmsInvoiceAndContract => _team[Role.Finance],
                    _ => _team[Role.ReleaseOwner],
                };
                Onboarding.AssignSupport(responsibility, person.Actor.DisplayName, _team[Role.ReleaseOwner].Actor, _at);
            }
        }
    }

    private void EditDetails()
    {
        var d = Onboarding.Details;
        var edited = _random.Next(5) switch
        {
            0 => d with { StatusCodesSeen = string.Join(", ", new[] { "200", "401", "402", "429", "500", "503" }.Where(_ => _random.Next(2) == 0).Prepend("200").Distinct()) },
            1 => d with { MonthlyBudgetRange = $"CNY {_random.Next(1, 40) * 5000:N0} – {_random.Next(40, 80) * 5000:N0}" },
            2 => d with { TechnicalContact = $"{_team[Role.TechLead].Actor.DisplayName}, now also {_random.Next(100, 999)}" },
            3 => d with { TestPlan = $"Replay {_random.Next(1, 20) * 100} anonymised requests per model; compare with the current answers" },
            _ => d with { RampPlan = $"{_random.Next(1, 10)}% of traffic for {_random.Next(2, 8)} days, then 30%, then all" },
        };
        Onboarding.UpdateDetails(edited, _team[Role.TeamAdmin].Actor, _at);
    }

    private void SignIn(BenchMember member) =>
        _signIns.Add(new RevisionEntry(null, _at, member.Actor.UserId, member.Actor.DisplayName, RevisionKind.SignedIn, member.Email,
            reason: $"From 10.{_random.Next(0, 4)}.{_random.Next(0, 255)}.{_random.Next(1, 255)}"));

    /// <summary>The required, unsettled items the working stage's gate waits for (the sign-off is made by the move).</summary>
    private List<HandoffItem> GateWork(Stage stage) => Onboarding.Items
        .Where(i => i.Required && !i.IsSettled && i.EvidenceKind != EvidenceKind.SignOff)
        .Where(i => i.Stage == stage || (stage == Stage.GoLive && ChecklistTemplates.HandoffTable.Contains(i.Key)))
        .OrderBy(i => i.SortOrder)
        .ToList();

    private static Role HandoffPolicyOwner(Move move) => Alltkn.Handoff.Domain.Permissions.HandoffPolicy.OwnersOf(move)[0];

    private static readonly string[] BlockReasons =
    [
        "Waiting for the customer's security review",
        "The capped test group still has balance: waiting for finance to lower its cap",
        "客户采购流程暂停 The customer's procurement is paused until next month",
        "Waiting for the customer's legal team",
        "Quota increase requested from the provider",
    ];

    private string When() =>
        TimeZoneInfo.ConvertTimeFromUtc(_at, TimeZoneInfo.FindSystemTimeZoneById(_customer.TimeZoneId))
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + _customer.TimeZoneId;

    private string Corrected(HandoffItem item) =>
        $"{EvidenceFor(item)} (corrected on {Day:yyyy-MM-dd}: reference {_customer.TicketNumber}-{_random.Next(10, 99)})";

    private string EvidenceFor(HandoffItem item)
    {
        var c = _customer;
        var d = Onboarding.Details;
        return item.EvidenceKind switch
        {
            EvidenceKind.MaskedKeyIdentifier => $"Account {c.AccountEmail}, group {c.KeyGroup}, key {c.MaskedKey}",
            EvidenceKind.StatusCodeObservation => item.Key switch
            {
                "trial.insufficient-balance" => $"402 at {When()} on the capped test group, {c.MainModel}: the client shows the top-up notice",
                "trial.rate-limit" => $"429 at {When()}, {c.MainModel}: the client backs off and retries after 2 s",
                _ => $"200 at {When()}, {c.MainModel}, {_random.Next(4, 30) / 10.0:0.0} s",
            },
            EvidenceKind.ModelList => $"{d.ExpectedModels} verified on group {c.KeyGroup}",
            EvidenceKind.QuotaAndAlerts => $"Models {d.ExpectedModels}; budget boundary {d.MonthlyBudgetRange}; alerts at 50% / 80% / 95% to {c.AlertChannel}",
            EvidenceKind.TestPlan => d.RampPlan ?? "5% of traffic for 3 days, then 30% for a week, then all",
            EvidenceKind.SupportTicket => $"Ticket {c.TicketNumber}: need confirmed through the support channel (details stay in the ticket)",
            EvidenceKind.PaymentReference => $"Corporate transfer {c.PaymentReference} matched to order {c.OrderNumber}",
            EvidenceKind.OrderRecord => $"Order {c.OrderNumber}, account {c.AccountEmail}, paid by {d.PaymentMethod}",
            EvidenceKind.TechnicalNote => $"Error-rate alert above 2% for 5 minutes to {c.AlertChannel}; checked on {When()}",
            _ => $"Recorded on {When()}: {d.UseCase}; contact {d.BusinessContact}",
        };
    }
}
