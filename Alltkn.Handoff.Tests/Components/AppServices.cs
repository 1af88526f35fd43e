using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Components;

/// <summary>
/// The app's services for page tests in bunit, on a real SQLite file in <paramref name="database"/>: the same
/// registrations as the app (<c>AddHandoffServices</c>) with the signed-in person replaced by <see cref="SignedIn"/>.
/// </summary>
public static class AppServices
{
    public static void Add(IServiceCollection services, TestDatabase database, SignedIn signedIn)
    {
        var paths = new HandoffPaths(database.DatabasePath);
        services.AddSingleton(paths);
        services.AddDbContextFactory<AppDbContext>(options => options.UseSqlite(paths.ConnectionString));
        services.AddHandoffServices();
        services.AddSingleton<ICurrentActor>(signedIn);
    }

    /// <summary>Migrates the test database as the app does on start.</summary>
    public static async Task MigrateAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>The person a page test acts as; a test may switch to another person (or to no one) at any time.</summary>
public sealed class SignedIn(Actor? actor) : ICurrentActor
{
    public Actor? Actor { get; set; } = actor;

    public Task<Actor?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Actor);
}
