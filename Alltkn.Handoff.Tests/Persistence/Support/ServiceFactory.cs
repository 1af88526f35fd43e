using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>The app's services on a test database, built by its own container, acting as a chosen person.</summary>
public static class ServiceFactory
{
    /// <summary>The onboarding service acting as <paramref name="actor"/> (null: no one signed in).</summary>
    public static OnboardingService OnboardingServiceFor(this SqliteTestDatabase database, Actor? actor) =>
        ActivatorUtilities.CreateInstance<OnboardingService>(database.Services, new TestActor(actor));

    /// <summary>The onboarding service acting as <paramref name="actor"/>, its database commands and saves passing through <paramref name="interceptors"/>.</summary>
    public static OnboardingService OnboardingServiceFor(this SqliteTestDatabase database, Actor? actor, params IInterceptor[] interceptors) =>
        ActivatorUtilities.CreateInstance<OnboardingService>(database.Services, new TestActor(actor), database.ContextsWith(interceptors));

    /// <summary>The revision log read as a team admin (or as <paramref name="reader"/>): every read checks its reader.</summary>
    public static RevisionLog RevisionLog(this SqliteTestDatabase database, Actor? reader = null) =>
        ActivatorUtilities.CreateInstance<RevisionLog>(database.Services, new TestActor(reader ?? Actors.TeamAdmin));

    /// <summary>The dashboard and list reads as a team admin (or as <paramref name="reader"/>): every read checks its reader.</summary>
    public static OnboardingQueries Queries(this SqliteTestDatabase database, Actor? reader = null) =>
        ActivatorUtilities.CreateInstance<OnboardingQueries>(database.Services, new TestActor(reader ?? Actors.TeamAdmin));

    /// <summary>The revision log's filter and name reads as a team admin (or as <paramref name="reader"/>): every read checks its reader.</summary>
    public static WorkspaceQueries Workspace(this SqliteTestDatabase database, Actor? reader = null) =>
        ActivatorUtilities.CreateInstance<WorkspaceQueries>(database.Services, new TestActor(reader ?? Actors.TeamAdmin));

    /// <summary>The onboarding service acting as <paramref name="actor"/> (null: no one signed in), on either provider.</summary>
    public static OnboardingService OnboardingServiceFor(this IHandoffTestDatabase database, Actor? actor) =>
        ActivatorUtilities.CreateInstance<OnboardingService>(database.Services, new TestActor(actor));

    /// <summary>The onboarding service acting as <paramref name="actor"/>, its database commands and saves passing through <paramref name="interceptors"/>.</summary>
    public static OnboardingService OnboardingServiceFor(this IHandoffTestDatabase database, Actor? actor, params IInterceptor[] interceptors) =>
        ActivatorUtilities.CreateInstance<OnboardingService>(database.Services, new TestActor(actor), database.ContextsWith(interceptors));

    /// <summary>The revision log read as a team admin (or as <paramref name="reader"/>): every read checks its reader.</summary>
    public static RevisionLog RevisionLog(this IHandoffTestDatabase database, Actor? reader = null) =>
        ActivatorUtilities.CreateInstance<RevisionLog>(database.Services, new TestActor(reader ?? Actors.TeamAdmin));

    /// <summary>The dashboard and list reads as a team admin (or as <paramref name="reader"/>): every read checks its reader.</summary>
    public static OnboardingQueries Queries(this IHandoffTestDatabase database, Actor? reader = null) =>
        ActivatorUtilities.CreateInstance<OnboardingQueries>(database.Services, new TestActor(reader ?? Actors.TeamAdmin));

    /// <summary>The revision log's filter and name reads as a team admin (or as <paramref name="reader"/>): every read checks its reader.</summary>
    public static WorkspaceQueries Workspace(this IHandoffTestDatabase database, Actor? reader = null) =>
        ActivatorUtilities.CreateInstance<WorkspaceQueries>(database.Services, new TestActor(reader ?? Actors.TeamAdmin));

    /// <summary>The dashboard and list reads through <paramref name="contexts"/>, as a team admin (or as <paramref name="reader"/>).</summary>
    public static OnboardingQueries Queries(IDbContextFactory<AppDbContext> contexts, TimeProvider clock, Actor? reader = null) =>
        new(contexts, clock, new TestActor(reader ?? Actors.TeamAdmin), Microsoft.Extensions.Logging.Abstractions.NullLogger<OnboardingQueries>.Instance);
}
