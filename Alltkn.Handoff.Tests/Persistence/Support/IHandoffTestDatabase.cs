using System.Data.Common;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// A real database of one test, started the way the app starts (its own registrations, then the real migrations of the
/// provider), whatever the provider: <see cref="SqliteTestDatabase"/> (a file in its own folder) or
/// <see cref="PostgreSqlTestDatabase"/> (a database of its own on the server of <c>HANDOFF_TEST_POSTGRES</c>). Tests written
/// against this run on both (see <see cref="ProviderTests"/>).
/// </summary>
public interface IHandoffTestDatabase : IAsyncDisposable
{
    DatabaseProvider Provider { get; }

    SettableClock Clock { get; }

    IServiceProvider Services { get; }

    IDbContextFactory<AppDbContext> Contexts { get; }

    /// <summary>The app's one notifier, running each reload inline when a change is published.</summary>
    ChangeNotifier Notifier { get; }

    AppDbContext NewContext();

    /// <summary>A context on the same database whose commands and saves pass through <paramref name="interceptors"/>.</summary>
    AppDbContext NewContext(params IInterceptor[] interceptors);

    /// <summary>A context factory whose contexts use <paramref name="interceptors"/>, for services under test.</summary>
    IDbContextFactory<AppDbContext> ContextsWith(params IInterceptor[] interceptors);

    /// <summary>Stores an onboarding built in memory (with the builders) and its pending revision entries, as a service would.</summary>
    Task<Onboarding> SaveAsync(Onboarding onboarding);

    /// <summary>The onboarding as stored now, read through a new context.</summary>
    Task<Onboarding> LoadAsync(Guid onboardingId);

    Task<int> RevisionCountAsync(Guid? onboardingId = null);

    /// <summary>An open raw connection to the database, outside EF (SQL in it should quote names: PostgreSQL folds unquoted ones to lower case).</summary>
    DbConnection OpenRawConnection();

    /// <summary>Stops (every pooled connection closed) and starts again on the same data: the start-up (migrations) runs again.</summary>
    Task RestartAsync();
}
