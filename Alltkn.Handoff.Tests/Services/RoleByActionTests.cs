using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using static Alltkn.Handoff.Domain.People.Role;

namespace Alltkn.Handoff.Tests.Services;

/// <summary>
/// One real database per provider for every case of <see cref="RoleByActionTests"/> (the SQLite file made up front, the
/// PostgreSQL database when its first case asks); each case works on its own onboarding.
/// </summary>
public sealed class RoleByActionDatabase : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, IHandoffTestDatabase> _databases = [];

    public SqliteTestDatabase Database { get; private set; } = null!;

    /// <summary>The database of <paramref name="provider"/> (skips the calling case when PostgreSQL is not configured).</summary>
    public async Task<IHandoffTestDatabase> ForAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return Database;
        }
        if (!_databases.TryGetValue(provider, out var database))
        {
            _databases[provider] = database = await ProviderTests.CreateDatabaseAsync(provider);
        }
        return database;
    }

    public async ValueTask InitializeAsync() => Database = await SqliteTestDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
    }
}

/// <summary>
/// Every service action tried by every role, by a person holding no role, by a viewer who also holds a role, and by
/// no one signed in: allowed exactly where the table below (written from DOMAIN.md, not read from HandoffPolicy)
/// says, and otherwise refused with Forbidden, with nothing saved and nothing announced.
/// </summary>
public class RoleByActionTests(RoleByActionDatabase fixture) : ProviderTests, IClassFixture<RoleByActionDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Who may do what. A person may act when any role they hold is listed; Viewer is listed nowhere.</summary>
    private static readonly IReadOnlyDictionary<string, Role[]> Allowed = new Dictionary<string, Role[]>
    {
        ["Open an onboarding"] = [TeamAdmin],
        ["Edit a Technical field (Sdk)"] = [TeamAdmin, TechLead],
        ["Edit a Business field (PaymentMethod)"] = [TeamAdmin, Finance],
        ["Edit a go-live field (RollbackConditions)"] = [TeamAdmin, TechLead, ReleaseOwner],
        ["Update a team admin's item"] = [TeamAdmin],
        ["Update a tech lead's item"] = [TeamAdmin, TechLead],
        ["Update a finance item"] = [TeamAdmin, Finance],
        ["Update a release owner's item"] = [TeamAdmin, ReleaseOwner],
        ["Mark an item not applicable"] = [TeamAdmin],
        ["Set the go-live window"] = [TeamAdmin, TechLead, ReleaseOwner],
        ["Name a person in the support matrix"] = [TeamAdmin, TechLead, ReleaseOwner],
        ["StartTrial"] = [TeamAdmin],
        ["ConfirmTrial"] = [TechLead],
        ["StartInvoiceAndContract"] = [Finance],
        ["StartGoLive from commercial confirmation"] = [Finance],
        ["StartGoLive from invoice and contract"] = [Finance],
        ["SignOffGoLive"] = [ReleaseOwner],
        ["Hold"] = [TeamAdmin],
        ["Resume"] = [TeamAdmin],
        ["Cancel"] = [TeamAdmin],
        ["Rollback"] = [ReleaseOwner],
    };

    private static readonly IReadOnlyDictionary<string, Actor?> People = new Dictionary<string, Actor?>
    {
        ["Team admin"] = Actors.TeamAdmin,
        ["Tech lead"] = Actors.TechLead,
        ["Finance"] = Actors.Finance,
        ["Release owner"] = Actors.ReleaseOwner,
        ["Viewer"] = Actors.Viewer,
        ["Viewer and tech lead"] = Actors.With(Viewer, TechLead),
        ["Signed in, no role"] = Actors.With(),
        ["No one signed in"] = null,
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var action in Allowed.Keys)
        {
            foreach (var person in People.Keys)
            {
                cases.Add(action, person);
            }
        }
        return cases;
    }

    [Fact]
    public void The_table_covers_every_move_and_every_role()
    {
        Allowed.Keys.Where(k => Enum.TryParse<Move>(k.Split(' ')[0], out _)).Select(k => Enum.Parse<Move>(k.Split(' ')[0]))
            .Distinct().Should().BeEquivalentTo(Enum.GetValues<Move>());
        People.Values.OfType<Actor>().SelectMany(a => a.Roles).Distinct().Should().BeEquivalentTo(Enum.GetValues<Role>());
        Cases().Should().HaveCount(Allowed.Count * People.Count);
    }

    [Fact]
    public async Task A_forbidden_move_says_which_roles_may_make_it_and_a_permitted_one_says_what_holds_its_gate()
    {
        var database = await fixture.ForAsync(Provider);
        var onboarding = await database.SaveAsync(new OnboardingBuilder().Build());

        var viewer = await database.OnboardingServiceFor(Actors.Viewer).FireAsync(onboarding.Id, Move.Rollback, Stage.Inquiry, "Errors", Cancel);
        var admin = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Cancel);

        viewer.Status.Should().Be(OutcomeStatus.Forbidden, "a viewer may not roll back, whatever the stage");
        viewer.Reasons.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Code = UnmetReasonCode.MissingRole, RequiredRoles = new[] { ReleaseOwner } });
        admin.Status.Should().Be(OutcomeStatus.Refused, "the team admin owns the move, but the Inquiry items are open");
        admin.Reasons.Should().NotBeEmpty().And.OnlyContain(r => r.Code == UnmetReasonCode.ItemNotDone);
        (await database.LoadAsync(onboarding.Id)).Stage.Should().Be(Stage.Inquiry);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_person_may_act_exactly_where_the_table_says(string action, string person)
    {
        var database = await fixture.ForAsync(Provider);
        var actor = People[person];
        var allowed = actor is not null && actor.Roles.Any(Allowed[action].Contains);
        var service = database.OnboardingServiceFor(actor);
        using var heard = new HeardChanges(database.Notifier);
        if (action == "Open an onboarding")
        {
            await Open(database, service, person, allowed);
            return;
        }

        var (onboarding, act, after) = Arrange(action);
        await database.SaveAsync(onboarding);
        var before = OnboardingSnapshot.Of(await database.LoadAsync(onboarding.Id));
        var revisions = await database.RevisionCountAsync(onboarding.Id);

        var outcome = await act(service, await database.LoadAsync(onboarding.Id));

        var stored = await database.LoadAsync(onboarding.Id);
        if (allowed)
        {
            outcome.Status.Should().Be(OutcomeStatus.Ok, $"{person} may {action}: {outcome.Message}");
            after(stored);
            OnboardingSnapshot.Of(stored).Should().NotBe(before);
            (await database.RevisionCountAsync(onboarding.Id)).Should().BeGreaterThan(revisions);
            heard.All.Should().ContainSingle().Which.Should().Be(new WorkspaceChange(onboarding.Id, actor!.UserId));
        }
        else
        {
            outcome.Status.Should().Be(OutcomeStatus.Forbidden, $"{person} may not {action}: {outcome.Message}");
            outcome.Message.Should().NotBeNullOrWhiteSpace();
            OnboardingSnapshot.Of(stored).Should().Be(before, "nothing is saved");
            (await database.RevisionCountAsync(onboarding.Id)).Should().Be(revisions, "nothing is logged");
            heard.All.Should().BeEmpty("nothing is announced");
        }

        async Task Open(IHandoffTestDatabase db, OnboardingService s, string who, bool mayOpen)
        {
            var customer = $"Opened by {who} {Guid.NewGuid():N}";
            var outcome = await s.CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer(customer).Build(), Cancel);
            await using var context = db.NewContext();
            var opened = await context.Onboardings.CountAsync(o => o.Details.Customer == customer, Cancel);
            if (mayOpen)
            {
                outcome.Status.Should().Be(OutcomeStatus.Ok, outcome.Message);
                opened.Should().Be(1);
                heard.All.Should().ContainSingle().Which.OnboardingId.Should().Be(outcome.Value);
            }
            else
            {
                outcome.Status.Should().Be(OutcomeStatus.Forbidden, $"{who} may not open an onboarding");
                opened.Should().Be(0);
                heard.All.Should().BeEmpty();
            }
        }
    }

    private delegate Task<Outcome> Act(OnboardingService service, Onboarding seen);

    /// <summary>For each action: the onboarding it is tried on, the call, and what an allowed call leaves behind.</summary>
    private static (Onboarding Onboarding, Act Act, Action<Onboarding> After) Arrange(string action)
    {
        switch (action)
        {
            case "Edit a Technical field (Sdk)":
                return (Inquiry(), (s, o) => s.UpdateDetailsAsync(o.Id, o.Details, o.Details with { Sdk = "openai-go 1.x" }, Cancel),
                    o => o.Details.Sdk.Should().Be("openai-go 1.x"));
            case "Edit a Business field (PaymentMethod)":
                return (Inquiry(), (s, o) => s.UpdateDetailsAsync(o.Id, o.Details, o.Details with { PaymentMethod = "Alipay" }, Cancel),
                    o => o.Details.PaymentMethod.Should().Be("Alipay"));
            case "Edit a go-live field (RollbackConditions)":
                return (Inquiry(), (s, o) => s.UpdateDetailsAsync(o.Id, o.Details, o.Details with { RollbackConditions = "5xx above 1% for 10 minutes" }, Cancel),
                    o => o.Details.RollbackConditions.Should().Be("5xx above 1% for 10 minutes"));
            case "Update a team admin's item":
                return ItemCase("inquiry.contact-type", TeamAdmin);
            case "Update a tech lead's item":
                return ItemCase("inquiry.prepare.trial", TechLead);
            case "Update a finance item":
                return ItemCase("inquiry.needs", Finance);
            case "Update a release owner's item":
                return ItemCase("golive.support-fields", ReleaseOwner); // rollback conditions, window and matrix items follow their fields
            case "Mark an item not applicable":
                return (Inquiry(), (s, o) =>
                {
                    var item = o.ItemByKey("trial.stream");
                    item.OwnerRole.Should().Be(TechLead, "a tech lead may edit this item, but not mark it not applicable");
                    return s.UpdateItemAsync(o.Id, item.Id, item.Version,
                        ItemUpdate.From(item) with { Status = ItemStatus.NotApplicable, StatusReason = "Batch jobs only, no streaming" }, Cancel);
                }, o => o.ItemByKey("trial.stream").Status.Should().Be(ItemStatus.NotApplicable));
            case "Set the go-live window":
                return (Inquiry(), (s, o) => s.SetGoLiveWindowAsync(o.Id, o.GoLiveWindow,
                        new DateTime(2026, 12, 15, 22, 0, 0), new DateTime(2026, 12, 15, 23, 30, 0), "Asia/Shanghai", Cancel),
                    o => o.GoLiveWindow!.TimeZoneId.Should().Be("Asia/Shanghai"));
            case "Name a person in the support matrix":
                return (Inquiry(), (s, o) => s.AssignSupportAsync(o.Id, SupportResponsibility.ReadsLogs, null, "Sun Hao", Cancel),
                    o => o.SupportMatrix.Should().ContainSingle(a => a.Responsibility == SupportResponsibility.ReadsLogs && a.PersonName == "Sun Hao"));
            case "StartTrial":
                return MoveCase(new OnboardingBuilder().WithGateSatisfied(), Move.StartTrial, Stage.Trial);
            case "ConfirmTrial":
                return MoveCase(new OnboardingBuilder().AtStage(Stage.Trial).WithGateSatisfied(), Move.ConfirmTrial, Stage.CommercialConfirmation);
            case "StartInvoiceAndContract":
                return MoveCase(new OnboardingBuilder().NeedingInvoice().AtStage(Stage.CommercialConfirmation).WithGateSatisfied(),
                    Move.StartInvoiceAndContract, Stage.InvoiceAndContract);
            case "StartGoLive from commercial confirmation":
                return MoveCase(new OnboardingBuilder().NeedingNothingToInvoice().AtStage(Stage.CommercialConfirmation).WithGateSatisfied(),
                    Move.StartGoLive, Stage.GoLive);
            case "StartGoLive from invoice and contract":
                return MoveCase(new OnboardingBuilder().NeedingContract().AtStage(Stage.InvoiceAndContract).WithGateSatisfied(),
                    Move.StartGoLive, Stage.GoLive);
            case "SignOffGoLive":
                return MoveCase(new OnboardingBuilder().AtStage(Stage.GoLive).WithGateSatisfied(), Move.SignOffGoLive, Stage.Live);
            case "Hold":
                return MoveCase(new OnboardingBuilder().AtStage(Stage.Trial), Move.Hold, Stage.OnHold, "Budget approval pending");
            case "Resume":
                return MoveCase(new OnboardingBuilder().HeldFrom(Stage.Trial), Move.Resume, Stage.Trial);
            case "Cancel":
                return MoveCase(new OnboardingBuilder(), Move.Cancel, Stage.Cancelled, "Customer chose another vendor");
            case "Rollback":
                return MoveCase(new OnboardingBuilder().AtStage(Stage.Live), Move.Rollback, Stage.GoLive, "429 above 5% at 30% traffic");
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "No arrangement for this action.");
        }
    }

    private static Onboarding Inquiry() => new OnboardingBuilder().Build();

    private static (Onboarding, Act, Action<Onboarding>) ItemCase(string key, Role owner) =>
        (Inquiry(), (s, o) =>
        {
            var item = o.ItemByKey(key);
            item.OwnerRole.Should().Be(owner, "the case is about an item of that owner");
            return s.UpdateItemAsync(o.Id, item.Id, item.Version,
                ItemUpdate.From(item) with { Status = ItemStatus.InProgress, Evidence = "Draft: see ticket SUP-1042", DueDate = new DateOnly(2026, 12, 1) }, Cancel);
        }, o => o.ItemByKey(key).Status.Should().Be(ItemStatus.InProgress));

    private static (Onboarding, Act, Action<Onboarding>) MoveCase(OnboardingBuilder builder, Move move, Stage to, string? reason = null)
    {
        var onboarding = builder.Build();
        var from = onboarding.Stage;
        return (onboarding, (s, o) => s.FireAsync(o.Id, move, from, reason, Cancel), o => o.Stage.Should().Be(to));
    }
}

/// <summary>Every case of <see cref="RoleByActionTests"/> again, on a PostgreSQL database (skipped, saying why, without HANDOFF_TEST_POSTGRES).</summary>
public sealed class RoleByActionTestsOnPostgreSql(RoleByActionDatabase fixture) : RoleByActionTests(fixture)
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
