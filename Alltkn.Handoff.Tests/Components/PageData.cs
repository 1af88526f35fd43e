using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// A real SQLite database behind page tests: its own folder, migrated by the app's own migrations, with the app's
/// data and services registered in the bunit container; the signed-in person is <see cref="SignIn"/>'s and the clock
/// is fixed at <see cref="TestClock.Now"/>. Seed with aggregates built as people would (<see cref="AddAsync"/>).
/// </summary>
public sealed class PageData : IDisposable
{
    private readonly TestDatabase _database = new();
    private IServiceProvider? _services;

    public PageData(IServiceCollection services)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [HandoffPaths.DatabasePathKey] = _database.DatabasePath })
            .Build();
        services.AddHandoffData(configuration);
        services.AddHandoffServices();
        services.AddScoped<ViewerBrowser>();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Actor);
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<SignedInActor>());
    }

    public FixedClock Clock { get; } = new(TestClock.Now);

    public SignedInActor Actor { get; } = new();

    /// <summary>
    /// Signs this person in (null: no one). As a change of sign-in does in the app, the pages' shared read of the
    /// signed-in person (<see cref="SignedInPerson"/>) is forgotten.
    /// </summary>
    public void SignIn(Actor? actor)
    {
        Actor.Current = actor;
        _services?.GetService<SignedInPerson>()?.Forget();
    }

    /// <summary>Creates the database with the app's migrations. Call once all services are registered.</summary>
    public async Task MigrateAsync(IServiceProvider services)
    {
        _services = services;
        await services.MigrateHandoffDatabaseAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Stores an onboarding and the revisions of how it got where it is, as the service would.</summary>
    public async Task<Onboarding> AddAsync(Onboarding onboarding)
    {
        await using var db = await Factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Onboardings.Add(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        onboarding.ClearPendingRevisions();
        return onboarding;
    }

    /// <summary>The onboarding as stored now.</summary>
    public async Task<Onboarding> LoadAsync(Guid id)
    {
        await using var db = await Factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Onboardings.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>Changes a stored onboarding behind every page's back (no notification): for conflicts.</summary>
    public async Task ChangeQuietlyAsync(Guid id, Action<Onboarding> change)
    {
        await using var db = await Factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var onboarding = await db.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        change(onboarding);
        db.Revisions.AddRange(onboarding.PendingRevisions);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private IDbContextFactory<AppDbContext> Factory =>
        (_services ?? throw new InvalidOperationException("Call MigrateAsync first.")).GetRequiredService<IDbContextFactory<AppDbContext>>();

    public void Dispose() => _database.Dispose();
}

/// <summary>The person signed in for a page test; changeable during the test.</summary>
public sealed class SignedInActor : ICurrentActor
{
    public Actor? Current { get; set; }

    public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Current);
}

/// <summary>A clock that says what the test says.</summary>
public sealed class FixedClock(DateTime utcNow) : TimeProvider
{
    public DateTime UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(UtcNow, DateTimeKind.Utc));
}
