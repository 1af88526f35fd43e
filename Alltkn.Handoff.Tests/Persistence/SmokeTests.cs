using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alltkn.Handoff.Tests.Persistence;

public sealed class SmokeTests
{
    private sealed class Fixed(Actor actor) : ICurrentActor
    {
        public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult<Actor?>(actor);
    }

    private sealed class Factory(string cs) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(cs).Options);
    }

    [Fact]
    public async Task An_onboarding_round_trips_through_sqlite()
    {
        var dir = Directory.CreateTempSubdirectory("alltkn-smoke");
        var cs = new HandoffPaths(Path.Combine(dir.FullName, "h.db")).ConnectionString;
        var factory = new Factory(cs);
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }
        var admin = new Actor("u1", "Ada", [Role.TeamAdmin, Role.ReleaseOwner]);
        var service = new OnboardingService(factory, new Fixed(admin), new ChangeNotifier(), TimeProvider.System, NullLogger<OnboardingService>.Instance);
        var created = await service.CreateAsync(Scenario.EnterpriseTrial, new OnboardingDetails { Customer = "Acme", ProcurementEntity = "Acme Ltd", NeedsInvoice = true }, TestContext.Current.CancellationToken);
        created.Succeeded.Should().BeTrue(created.Message);
        var window = await service.SetGoLiveWindowAsync(created.Value, new DateTime(2026, 12, 1, 22, 0, 0), new DateTime(2026, 12, 2, 2, 0, 0), "Asia/Shanghai", TestContext.Current.CancellationToken);
        window.Succeeded.Should().BeTrue(window.Message);
        var support = await service.AssignSupportAsync(created.Value, SupportResponsibility.ReadsLogs, "Lin", TestContext.Current.CancellationToken);
        support.Succeeded.Should().BeTrue(support.Message);
        var loaded = await service.FindAsync(created.Value, TestContext.Current.CancellationToken);
        loaded!.Details.Customer.Should().Be("Acme");
        loaded.Items.Should().NotBeEmpty();
        loaded.GoLiveWindow!.StartUtc.Should().Be(new DateTime(2026, 12, 1, 14, 0, 0, DateTimeKind.Utc));
        loaded.SupportMatrix.Should().ContainSingle();
        var item = loaded.ItemsOf(Stage.Inquiry).First();
        var updated = await service.UpdateItemAsync(loaded.Id, item.Id, item.Version, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "declared" }, TestContext.Current.CancellationToken);
        updated.Succeeded.Should().BeTrue(updated.Message);
        var stale = await service.UpdateItemAsync(loaded.Id, item.Id, item.Version, ItemUpdate.From(item) with { Status = ItemStatus.InProgress }, TestContext.Current.CancellationToken);
        stale.Status.Should().Be(OutcomeStatus.Conflict);
        var secret = await service.UpdateItemAsync(loaded.Id, item.Id, item.Version + 1, ItemUpdate.From(item) with { Status = ItemStatus.Done, Evidence = "key sk-" + new string('a', 24) + new string('B', 24) }, TestContext.Current.CancellationToken);
        secret.Status.Should().Be(OutcomeStatus.SecretFound);
        SqliteConnection.ClearAllPools();
    }
}
