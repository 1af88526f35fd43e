using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Benchmarks.Scale;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Alltkn.Handoff.Domain.Templates;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Benchmarks;

/// <summary>One small benchmark workspace (20 onboardings, in batches of 7), generated once for the class.</summary>
public sealed class ScaleWorkspace : IAsyncLifetime
{
    public const string Password = "Scale-Bench-Test-2026!";

    public static readonly DateTime NowUtc = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    public TestDatabase Database { get; } = new();

    public ScaleCounts Counts { get; private set; } = null!;

    public static Task<ScaleCounts> GenerateAsync(TestDatabase database, int onboardings, bool bulkInsert = true) =>
        ScaleGenerator.GenerateAsync(new GenerateOptions
        {
            DatabasePath = database.DatabasePath,
            Onboardings = onboardings,
            Password = Password,
            NowUtc = NowUtc,
            BatchSize = 7,
            BulkInsert = bulkInsert,
        }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync() => Counts = await GenerateAsync(Database, 20);

    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class ScaleGeneratorTests(ScaleWorkspace workspace) : IClassFixture<ScaleWorkspace>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_database_is_made_by_the_apps_migrations()
    {
        await using var services = ScaleGenerator.BuildServices(workspace.Database.DatabasePath);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);

        (await db.Database.GetPendingMigrationsAsync(Cancel)).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync(Cancel)).Should().Equal(db.Database.GetMigrations());
    }

    [Fact]
    public void Every_stage_and_every_scenario_is_present_with_overdue_and_blocked_items_and_windows()
    {
        var counts = workspace.Counts;

        counts.Onboardings.Should().Be(20);
        counts.ByStage.Keys.Should().BeEquivalentTo(Enum.GetValues<Stage>());
        counts.ByScenario.Keys.Should().BeEquivalentTo(Enum.GetValues<Scenario>());
        counts.OverdueItems.Should().BePositive();
        counts.BlockedItems.Should().BePositive();
        counts.GoLiveWindows.Should().BePositive();
        counts.SupportAssignments.Should().BePositive();
    }

    [Fact]
    public async Task An_onboarding_was_rolled_back_from_live_and_one_was_held_and_resumed()
    {
        await using var services = ScaleGenerator.BuildServices(workspace.Database.DatabasePath);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        var moves = await db.Revisions.Where(r => r.Kind == RevisionKind.StageMoved).Select(r => r.Subject).ToListAsync(Cancel);

        moves.Should().Contain([nameof(Move.Rollback), nameof(Move.Hold), nameof(Move.Cancel), nameof(Move.SignOffGoLive)]);
    }

    [Fact]
    public void Each_onboarding_has_about_30_items_and_100_revision_entries()
    {
        var counts = workspace.Counts;

        ((double)counts.Items / counts.Onboardings).Should().BeInRange(28, 31);
        ((double)counts.Revisions / counts.Onboardings).Should().BeInRange(90, 110);
        counts.SignIns.Should().BePositive("sign-ins are part of a long history");
        counts.RevisionsOfOnboardings.Should().BeGreaterThan(counts.Revisions / 2);
    }

    [Fact]
    public async Task The_five_benchmark_people_sign_in_with_the_password_and_50_colleagues_share_each_role()
    {
        await using var services = ScaleGenerator.BuildServices(workspace.Database.DatabasePath);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();

        foreach (var role in Enum.GetValues<Role>())
        {
            var user = await users.FindByEmailAsync(BenchPeople.EmailOf(role));
            user.Should().NotBeNull($"{BenchPeople.EmailOf(role)} should have an account");
            (await users.CheckPasswordAsync(user!, ScaleWorkspace.Password)).Should().BeTrue();
            (await users.CheckPasswordAsync(user!, "Not-The-Password-2026")).Should().BeFalse();
            (await users.GetRolesAsync(user!)).Should().Equal(role.ToString());
            (await users.GetUsersInRoleAsync(role.ToString())).Should().HaveCount(1 + BenchPeople.OthersPerRole);
        }
        workspace.Counts.Users.Should().Be(5 * (1 + BenchPeople.OthersPerRole));
    }

    [Fact]
    public async Task Every_onboarding_reloads_valid_by_the_domain()
    {
        await using var services = ScaleGenerator.BuildServices(workspace.Database.DatabasePath);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Cancel);
        var firstEntries = await db.Revisions.Where(r => r.OnboardingId != null)
            .GroupBy(r => r.OnboardingId!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count(), FirstKind = g.OrderBy(r => r.AtUtc).ThenBy(r => r.Kind != RevisionKind.OnboardingCreated).Select(r => r.Kind).First() })
            .ToDictionaryAsync(g => g.Id, Cancel);

        onboardings.Should().HaveCount(20);
        foreach (var o in onboardings)
        {
            var because = $"{o.Details.Customer} ({o.Scenario}, {o.Stage})";
            o.Items.Select(i => i.Key).Should().BeEquivalentTo(ChecklistTemplates.For(o.Scenario).Select(t => t.Key), because);
            o.Items.Where(i => i.Required && o.HasPassed(i.Stage) && !i.IsSettled).Should().BeEmpty(
                $"the gates {because} passed were passed on settled items");
            o.Items.Where(i => i.Status == ItemStatus.Blocked && i.StatusReason == null).Should().BeEmpty(because);
            o.Items.Where(i => i.Status == ItemStatus.Done && i.CompletedAtUtc == null).Should().BeEmpty(because);
            o.Items.Where(i => i.Status == ItemStatus.Done && EvidenceRules.Problem(i.EvidenceKind, i.Evidence) != null).Should().BeEmpty(because);
            if (o.HasPassed(Stage.GoLive))
            {
                o.GoLiveWindow.Should().NotBeNull(because);
                o.IsSupportMatrixComplete.Should().BeTrue(because);
            }
            if (o.Stage == Stage.Live)
            {
                o.Items.Single(i => i.EvidenceKind == EvidenceKind.SignOff).Status.Should().Be(ItemStatus.Done, because);
            }
            (o.Stage == Stage.OnHold).Should().Be(o.StageBeforeHold is not null && o.HoldReason is not null, because);
            (o.Stage == Stage.Cancelled).Should().Be(o.CancelReason is not null, because);
            o.CreatedAtUtc.Should().BeBefore(ScaleWorkspace.NowUtc, because);
            firstEntries[o.Id].FirstKind.Should().Be(RevisionKind.OnboardingCreated, because);
            firstEntries[o.Id].Count.Should().BeGreaterThan(10, because);
        }
        (await db.Revisions.AnyAsync(r => r.AtUtc > ScaleWorkspace.NowUtc, Cancel)).Should().BeFalse("nothing happens after the moment generated at");
    }

    [Fact]
    public async Task Every_onboarding_is_stored_with_the_gate_summary_the_domain_computes_so_start_up_has_none_to_refresh()
    {
        await using var services = ScaleGenerator.BuildServices(workspace.Database.DatabasePath);
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Cancel);
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).AsSplitQuery().ToListAsync(Cancel);

        onboardings.Should().HaveCount(20);
        foreach (var o in onboardings)
        {
            o.Summary.Should().Be(GateSummary.Of(o), $"{o.Details.Customer} ({o.Scenario}, {o.Stage}) is stored as the domain left it");
        }
        onboardings.Select(o => o.Summary.NextDueDate).Should().Contain(d => d != null);
        onboardings.Select(o => o.Summary.BlockedAtGate).Should().Contain(b => b > 0);
        (await DataSetup.RefreshGateSummariesAsync(factory, Cancel)).Should().Be(0, "a generated database needs no back-fill at the app's start");
    }

    [Fact]
    public async Task The_same_seed_and_moment_give_the_same_workspace()
    {
        using var again = new TestDatabase();
        await ScaleWorkspace.GenerateAsync(again, 20);

        (await FingerprintAsync(again)).Should().Equal(await FingerprintAsync(workspace.Database));
    }

    [Fact]
    public async Task Bulk_inserted_items_and_revision_entries_read_back_as_those_saved_through_EF()
    {
        using var throughEf = new TestDatabase();
        await ScaleWorkspace.GenerateAsync(throughEf, 20, bulkInsert: false);

        (await FingerprintAsync(throughEf)).Should().Equal(await FingerprintAsync(workspace.Database));
    }

    [Fact]
    public async Task An_existing_database_is_never_overwritten()
    {
        var act = () => ScaleWorkspace.GenerateAsync(workspace.Database, 1);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*exists already*");
    }

    private async Task<List<string>> FingerprintAsync(TestDatabase database)
    {
        await using var services = ScaleGenerator.BuildServices(database.DatabasePath);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).OrderBy(o => o.CreatedAtUtc).ToListAsync(Cancel);
        var revisions = (await db.Revisions.AsNoTracking().ToListAsync(Cancel))
            .Select(r => $"{r.AtUtc:O} {r.AtUtc.Kind} {r.Kind} {r.ActorName} {r.Subject} {r.Before} {r.After} {r.Reason} {r.OnboardingId is not null} {r.ItemId is not null}")
            .Order(StringComparer.Ordinal);
        return onboardings
            .Select(o => $"{o.CreatedAtUtc:O} {o.Details.Customer} {o.Scenario} {o.Stage} {o.GoLiveWindow} " +
                         string.Join(",", o.Items.OrderBy(i => i.SortOrder).Select(i =>
                             $"{i.Key}/{i.Stage}/{i.OwnerRole}/{i.Required}/{i.EvidenceKind}/{i.Status}/{i.StatusReason}/{i.Evidence}/{i.DueDate}/" +
                             $"{i.AssigneeUserId is not null}/{i.AssigneeName}/{i.CompletedByName}/{i.CompletedAtUtc:O}/{i.Version}")))
            .Concat(revisions)
            .ToList();
    }
}
