using Alltkn.Handoff.Domain.Common;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Permissions;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Builders;

namespace Alltkn.Handoff.Tests.Domain;

/// <summary>
/// Every role, alone (Viewer included), on every move, every item edit, not-applicable and every field:
/// allowed exactly where <see cref="HandoffPolicy"/> says, refused with a <see cref="DomainException"/> otherwise, and
/// nothing changed on refusal. The expected owners are written here too, so a change to the policy shows.
/// </summary>
public sealed class RoleTests
{
    private const string Reason = "Customer asked for a pause over the holidays";

    /// <summary>Who owns each move: the owner of the stage being left; the release owner signs Go-live ▶ Live (DOMAIN.md).</summary>
    private static readonly Dictionary<Move, Role> MoveOwner = new()
    {
        [Move.StartTrial] = Role.TeamAdmin,
        [Move.ConfirmTrial] = Role.TechLead,
        [Move.StartInvoiceAndContract] = Role.Finance,
        [Move.StartGoLive] = Role.Finance,
        [Move.SignOffGoLive] = Role.ReleaseOwner,
        [Move.Hold] = Role.TeamAdmin,
        [Move.Resume] = Role.TeamAdmin,
        [Move.Cancel] = Role.TeamAdmin,
        [Move.Rollback] = Role.ReleaseOwner,
    };

    private static readonly OnboardingField[] TechnicalFields =
    [
        OnboardingField.UseCase, OnboardingField.ExpectedModels, OnboardingField.ExpectedGoLiveDate,
        OnboardingField.BaseUrl, OnboardingField.Sdk, OnboardingField.UsesStreaming, OnboardingField.TestPlan,
        OnboardingField.StatusCodesSeen, OnboardingField.RollbackConditions, OnboardingField.RampPlan,
        OnboardingField.TroubleshootingFields, OnboardingField.GoLiveWindow, OnboardingField.SupportMatrix,
    ];

    private static readonly OnboardingField[] BusinessFields =
    [
        OnboardingField.Customer, OnboardingField.ProcurementEntity, OnboardingField.MonthlyBudgetRange, OnboardingField.TechnicalContact,
        OnboardingField.NeedsInvoice, OnboardingField.NeedsContract, OnboardingField.NeedsCorporatePayment,
        OnboardingField.BusinessContact, OnboardingField.BudgetCycle, OnboardingField.PaymentMethod,
    ];

    /// <summary>The release owner's go-live fields: window, rollback conditions, ramp plan, support fields, support matrix.</summary>
    private static readonly OnboardingField[] GoLiveFields =
    [
        OnboardingField.GoLiveWindow, OnboardingField.RollbackConditions, OnboardingField.RampPlan,
        OnboardingField.TroubleshootingFields, OnboardingField.SupportMatrix,
    ];

    private static bool ExpectedMayEditField(Role role, OnboardingField field) => role switch
    {
        Role.TeamAdmin => true,
        Role.TechLead => TechnicalFields.Contains(field),
        Role.Finance => BusinessFields.Contains(field),
        Role.ReleaseOwner => GoLiveFields.Contains(field),
        _ => false,
    };

    // ---- Moves ----

    /// <summary>Each move from a stage it is drawn from (Go-live both from Commercial confirmation and from Invoice &amp; contract), by each role.</summary>
    public static TheoryData<Move, Stage, Role> MovesByRole()
    {
        var data = new TheoryData<Move, Stage, Role>();
        (Move, Stage)[] cases =
        [
            (Move.StartTrial, Stage.Inquiry), (Move.ConfirmTrial, Stage.Trial),
            (Move.StartInvoiceAndContract, Stage.CommercialConfirmation),
            (Move.StartGoLive, Stage.CommercialConfirmation), (Move.StartGoLive, Stage.InvoiceAndContract),
            (Move.SignOffGoLive, Stage.GoLive), (Move.Hold, Stage.GoLive), (Move.Resume, Stage.OnHold),
            (Move.Cancel, Stage.CommercialConfirmation), (Move.Rollback, Stage.Live),
        ];
        foreach (var (move, from) in cases)
        {
            foreach (var role in Actors.EveryRole)
            {
                data.Add(move, from, role);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MovesByRole))]
    public void Each_role_may_make_exactly_the_moves_it_owns(Move move, Stage from, Role role)
    {
        var builder = new OnboardingBuilder().WithGateSatisfied();
        builder = from == Stage.CommercialConfirmation && move == Move.StartGoLive ? builder.NeedingNothingToInvoice() : builder.NeedingInvoice();
        var onboarding = (from == Stage.OnHold ? builder.HeldFrom(Stage.Trial) : builder.AtStage(from)).Build();
        var actor = Actors.For(role);
        var allowed = MoveOwner[move] == role;
        HandoffPolicy.MayFire(actor, move).Should().Be(allowed);
        onboarding.CheckMove(move, actor, TestClock.Now, Reason).Allowed.Should().Be(allowed);
        var before = OnboardingSnapshot.Of(onboarding);

        var act = () => onboarding.Make(move, actor, TestClock.Later(), Reason);

        if (allowed)
        {
            act.Should().NotThrow();
            onboarding.Stage.Should().NotBe(from);
            onboarding.PendingRevisions[^1].ActorId.Should().Be(actor.UserId);
        }
        else
        {
            var reason = act.Should().Throw<MoveRefusedException>().Which.Check.Reasons.Should().ContainSingle().Which;
            reason.Code.Should().Be(UnmetReasonCode.MissingRole);
            reason.RequiredRoles.Should().Equal(MoveOwner[move]);
            reason.Message.Should().Contain(MoveOwner[move].ToString());
            OnboardingSnapshot.Of(onboarding).Should().Be(before);
        }
    }

    // ---- Items ----

    /// <summary>Every template item (by key, across the scenarios), by each role.</summary>
    public static TheoryData<Scenario, string, Role> ItemsByRole()
    {
        var data = new TheoryData<Scenario, string, Role>();
        var seen = new HashSet<string>();
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            foreach (var template in ChecklistTemplates.For(scenario).Where(t => seen.Add(t.Key)))
            {
                foreach (var role in Actors.EveryRole)
                {
                    data.Add(scenario, template.Key, role);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ItemsByRole))]
    public void An_item_may_be_edited_by_its_owner_role_or_a_team_admin_and_by_no_one_else(Scenario scenario, string key, Role role)
    {
        var onboarding = new OnboardingBuilder().WithScenario(scenario).Build();
        var item = onboarding.ItemByKey(key);
        var actor = Actors.For(role);
        var allowed = role == item.OwnerRole || role == Role.TeamAdmin;
        HandoffPolicy.MayEditItem(actor, item.OwnerRole).Should().Be(allowed);
        // Items of later stages may be prepared early; the sign-off item's status belongs to the move, so only its assignee is edited.
        var update = ItemUpdate.From(item) with
        {
            // Items whose evidence is a field follow the field: their status is not set by hand either.
            Status = item.EvidenceKind == EvidenceKind.SignOff || item.EvidenceField is not null ? item.Status : ItemStatus.InProgress,
            AssigneeName = "Sun Hao",
            DueDate = new DateOnly(2026, 12, 1),
        };
        var before = OnboardingSnapshot.Of(onboarding);

        var act = () => onboarding.UpdateItem(item.Id, update, actor, TestClock.Later());

        if (allowed)
        {
            act.Should().NotThrow().Which.Should().BeTrue();
            item.AssigneeName.Should().Be("Sun Hao");
        }
        else
        {
            var refused = act.Should().Throw<DomainException>().Which;
            if (item.OwnerRole == Role.TeamAdmin)
            {
                // One role, named once: "Only a team admin may change …", not "a TeamAdmin or a team admin".
                refused.Code.Should().Be("item.admin-only");
                refused.Message.Should().Be($"Only a team admin may change '{item.Title}'.");
            }
            else
            {
                refused.Code.Should().Be("item.not-permitted");
                refused.Message.Should().Contain(item.Title).And.Contain(item.OwnerRole.ToString());
            }
            OnboardingSnapshot.Of(onboarding).Should().Be(before);
        }
    }

    public static TheoryData<Role> EveryRole() => new(Actors.EveryRole);

    [Theory]
    [MemberData(nameof(EveryRole))]
    public void Only_a_team_admin_may_mark_an_item_not_applicable_even_on_an_item_the_role_owns(Role role)
    {
        var onboarding = new OnboardingBuilder().WithScenario(Scenario.EnterpriseTrial).Build();
        // An item this role owns (Viewer owns none: a team admin's item), never the sign-off.
        var item = onboarding.Items.FirstOrDefault(i => i.OwnerRole == role && i.EvidenceKind != EvidenceKind.SignOff)
            ?? onboarding.Items.First(i => i.OwnerRole == Role.TeamAdmin);
        var actor = Actors.For(role);
        var allowed = role == Role.TeamAdmin;
        HandoffPolicy.MayMarkNotApplicable(actor).Should().Be(allowed);
        var before = OnboardingSnapshot.Of(onboarding);

        var act = () => onboarding.UpdateItem(item.Id,
            ItemUpdate.From(item) with { Status = ItemStatus.NotApplicable, StatusReason = "Not part of this customer's plan" },
            actor, TestClock.Later());

        if (allowed)
        {
            act.Should().NotThrow();
            item.Status.Should().Be(ItemStatus.NotApplicable);
            item.StatusReason.Should().Be("Not part of this customer's plan");
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should()
                .Be(role == Role.Viewer ? "item.admin-only" : "item.na-not-permitted");
            OnboardingSnapshot.Of(onboarding).Should().Be(before);
        }
    }

    // ---- Fields ----

    public static TheoryData<OnboardingField, Role> FieldsByRole()
    {
        var data = new TheoryData<OnboardingField, Role>();
        foreach (var field in FieldCatalog.All.Where(f => f != OnboardingField.Scenario))
        {
            foreach (var role in Actors.EveryRole)
            {
                data.Add(field, role);
            }
        }
        return data;
    }

    [Fact]
    public void The_written_packages_match_the_field_catalog()
    {
        FieldCatalog.FieldsOf(HandoffPackage.Technical).Should().BeEquivalentTo(TechnicalFields);
        FieldCatalog.FieldsOf(HandoffPackage.Business).Should().BeEquivalentTo(BusinessFields.Append(OnboardingField.Scenario));
        HandoffPolicy.GoLiveFields.Should().BeEquivalentTo(GoLiveFields);
    }

    [Theory]
    [MemberData(nameof(FieldsByRole))]
    public void A_field_may_be_edited_by_its_package_owner_or_a_team_admin_and_by_no_one_else(OnboardingField field, Role role)
    {
        var onboarding = new OnboardingBuilder().Build();
        var actor = Actors.For(role);
        var allowed = ExpectedMayEditField(role, field);
        HandoffPolicy.MayEditField(actor, field).Should().Be(allowed);
        var before = OnboardingSnapshot.Of(onboarding);
        var revisions = onboarding.PendingRevisions.Count;

        var act = () => Edit(onboarding, field, actor);

        if (allowed)
        {
            act.Should().NotThrow();
            onboarding.PendingRevisions.Should().HaveCount(revisions + 1);
            var entry = onboarding.PendingRevisions[^1];
            if (field == OnboardingField.SupportMatrix)
            {
                entry.Kind.Should().Be(RevisionKind.SupportMatrixChanged);
                entry.Subject.Should().Be(nameof(SupportResponsibility.ReadsLogs));
            }
            else
            {
                entry.Kind.Should().Be(RevisionKind.FieldChanged);
                entry.Subject.Should().Be(field.ToString());
            }
            OnboardingSnapshot.Of(onboarding).Should().NotBe(before);
        }
        else
        {
            var refused = act.Should().Throw<DomainException>().Which;
            refused.Code.Should().Be("field.not-permitted");
            refused.Message.Should().Contain(field.ToString());
            OnboardingSnapshot.Of(onboarding).Should().Be(before);
        }
    }

    [Fact]
    public void The_scenario_is_fixed_for_everyone_even_a_person_with_every_role()
    {
        HandoffPolicy.MayEditField(Actors.AllRoles, OnboardingField.Scenario).Should().BeFalse();
    }

    /// <summary>Changes one field through the method the app uses for it.</summary>
    internal static void Edit(Onboarding onboarding, OnboardingField field, Actor actor)
    {
        switch (field)
        {
            case OnboardingField.GoLiveWindow:
                onboarding.SetGoLiveWindow(ValidEvidence.Window(), actor, TestClock.Later());
                break;
            case OnboardingField.SupportMatrix:
                onboarding.AssignSupport(SupportResponsibility.ReadsLogs, "Sun Hao", actor, TestClock.Later());
                break;
            default:
                var changed = onboarding.UpdateDetails(Changed(onboarding.Details, field), actor, TestClock.Later());
                changed.Should().Equal(field);
                break;
        }
    }

    /// <summary>The details with exactly one field changed.</summary>
    internal static OnboardingDetails Changed(OnboardingDetails d, OnboardingField field) => field switch
    {
        OnboardingField.Customer => d with { Customer = d.Customer + " Group" },
        OnboardingField.ProcurementEntity => d with { ProcurementEntity = d.ProcurementEntity + " (Beijing branch)" },
        OnboardingField.UseCase => d with { UseCase = "Batch document summaries" },
        OnboardingField.ExpectedModels => d with { ExpectedModels = "gpt-4.1" },
        OnboardingField.MonthlyBudgetRange => d with { MonthlyBudgetRange = "CNY 100,000+" },
        OnboardingField.NeedsInvoice => d with { NeedsInvoice = !d.NeedsInvoice },
        OnboardingField.NeedsContract => d with { NeedsContract = !d.NeedsContract },
        OnboardingField.NeedsCorporatePayment => d with { NeedsCorporatePayment = !d.NeedsCorporatePayment },
        OnboardingField.ExpectedGoLiveDate => d with { ExpectedGoLiveDate = new DateOnly(2027, 1, 10) },
        OnboardingField.TechnicalContact => d with { TechnicalContact = "Sun Hao, SRE" },
        OnboardingField.BusinessContact => d with { BusinessContact = "Qian Yu, finance" },
        OnboardingField.BaseUrl => d with { BaseUrl = "https://api2.alltkn.example/v1" },
        OnboardingField.Sdk => d with { Sdk = "openai-node 4.x" },
        OnboardingField.UsesStreaming => d with { UsesStreaming = !d.UsesStreaming },
        OnboardingField.TestPlan => d with { TestPlan = "Load test at 50 requests a second" },
        OnboardingField.StatusCodesSeen => d with { StatusCodesSeen = "402" },
        OnboardingField.RollbackConditions => d with { RollbackConditions = "Any 5xx burst" },
        OnboardingField.RampPlan => d with { RampPlan = "10%, then all" },
        OnboardingField.TroubleshootingFields => d with { TroubleshootingFields = "request id, time" },
        OnboardingField.BudgetCycle => d with { BudgetCycle = "quarterly" },
        OnboardingField.PaymentMethod => d with { PaymentMethod = "online top-up" },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a details field."),
    };

    // ---- Several roles ----

    /// <summary>Every set of roles (2^5), by bit mask.</summary>
    public static TheoryData<int> EveryRoleSet() => new(Enumerable.Range(0, 1 << Actors.EveryRole.Count));

    private static Role[] RolesOf(int mask) => Actors.EveryRole.Where((_, i) => (mask & (1 << i)) != 0).ToArray();

    [Theory]
    [MemberData(nameof(EveryRoleSet))]
    public void A_person_with_several_roles_may_do_the_union_of_what_each_role_may(int mask)
    {
        var roles = RolesOf(mask);
        var person = Actors.With(roles);
        var singles = roles.Select(Actors.For).ToArray();

        foreach (var move in Moves.All)
        {
            HandoffPolicy.MayFire(person, move).Should().Be(singles.Any(a => HandoffPolicy.MayFire(a, move)), "{0} for {1}", move, person);
        }
        foreach (var owner in Actors.EveryRole)
        {
            HandoffPolicy.MayEditItem(person, owner).Should().Be(singles.Any(a => HandoffPolicy.MayEditItem(a, owner)), "an item of {0} for {1}", owner, person);
        }
        foreach (var field in FieldCatalog.All)
        {
            HandoffPolicy.MayEditField(person, field).Should().Be(singles.Any(a => HandoffPolicy.MayEditField(a, field)), "{0} for {1}", field, person);
        }
        HandoffPolicy.MayMarkNotApplicable(person).Should().Be(singles.Any(HandoffPolicy.MayMarkNotApplicable));
        HandoffPolicy.MayCreateOnboarding(person).Should().Be(singles.Any(HandoffPolicy.MayCreateOnboarding));
    }

    [Theory]
    [MemberData(nameof(EveryRoleSet))]
    public void The_viewer_role_adds_nothing_to_the_roles_a_person_holds(int mask)
    {
        var roles = RolesOf(mask).Where(r => r != Role.Viewer).ToArray();
        var without = Actors.With(roles);
        var with = Actors.With([.. roles, Role.Viewer]);

        foreach (var move in Moves.All)
        {
            HandoffPolicy.MayFire(with, move).Should().Be(HandoffPolicy.MayFire(without, move));
        }
        foreach (var owner in Actors.EveryRole)
        {
            HandoffPolicy.MayEditItem(with, owner).Should().Be(HandoffPolicy.MayEditItem(without, owner));
        }
        foreach (var field in FieldCatalog.All)
        {
            HandoffPolicy.MayEditField(with, field).Should().Be(HandoffPolicy.MayEditField(without, field));
        }
        HandoffPolicy.MayMarkNotApplicable(with).Should().Be(HandoffPolicy.MayMarkNotApplicable(without));
        HandoffPolicy.MayCreateOnboarding(with).Should().Be(HandoffPolicy.MayCreateOnboarding(without));
    }

    [Fact]
    public void A_tech_lead_who_is_also_finance_confirms_the_trial_goes_to_go_live_and_edits_both_packages()
    {
        var person = Actors.With(Role.TechLead, Role.Finance, Role.Viewer);
        var onboarding = new OnboardingBuilder().AtStage(Stage.Trial).WithGateSatisfied().Build();

        onboarding.ConfirmTrial(person, TestClock.Now);
        onboarding.CompleteItem("commercial.payment-method", by: person);
        onboarding.CompleteItem(ChecklistTemplates.Keys.ModelAndQuota, by: person);
        onboarding.CompleteRequiredItems();
        onboarding.StartGoLive(person, TestClock.Now);
        onboarding.UpdateDetails(onboarding.Details with { BaseUrl = "https://b.example/v1", BudgetCycle = "yearly" }, person, TestClock.Now);

        onboarding.Stage.Should().Be(Stage.GoLive);
        onboarding.Details.BudgetCycle.Should().Be("yearly");
        onboarding.Invoking(o => o.SignOffGoLive(person, TestClock.Now)).Should().Throw<MoveRefusedException>()
            .Which.Check.Reasons.Should().Contain(r => r.Code == UnmetReasonCode.MissingRole);
    }

    [Fact]
    public void A_viewer_can_change_nothing_at_all()
    {
        var onboarding = new OnboardingBuilder().AtStage(Stage.GoLive).Build();
        var before = OnboardingSnapshot.Of(onboarding);
        var viewer = Actors.Viewer;

        foreach (var move in Moves.All)
        {
            onboarding.CheckMove(move, viewer, TestClock.Now, Reason).Allowed.Should().BeFalse();
        }
        foreach (var item in onboarding.Items)
        {
            onboarding.Invoking(o => o.UpdateItem(item.Id, ItemUpdate.From(item) with { AssigneeName = "Wu Lan" }, viewer, TestClock.Now))
                .Should().Throw<DomainException>();
        }
        foreach (var field in FieldCatalog.All.Where(f => f != OnboardingField.Scenario))
        {
            onboarding.Invoking(o => Edit(o, field, viewer)).Should().Throw<DomainException>();
        }
        HandoffPolicy.MayCreateOnboarding(viewer).Should().BeFalse();
        HandoffPolicy.MayRead(viewer).Should().BeTrue();
        OnboardingSnapshot.Of(onboarding).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(EveryRole))]
    public void Only_a_team_admin_may_open_an_onboarding(Role role)
    {
        var act = () => Onboarding.Open(Scenario.EnterpriseTrial, new DetailsBuilder().Build(), Actors.For(role), TestClock.Now);

        if (role == Role.TeamAdmin)
        {
            act.Should().NotThrow().Which.Stage.Should().Be(Stage.Inquiry);
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be("onboarding.create-not-permitted");
        }
    }
}
