using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>A person who appears in the revision log: the id changes are attributed to, and the name they had.</summary>
public sealed record LoggedPerson(string ActorId, string Name);

/// <summary>
/// An onboarding by its customer, for filters and for naming log entries. A search also gives its procurement entity,
/// scenario and stage, which tell apart onboardings of the same customer (a cancelled customer who returns has a second
/// one); an onboarding named by its id alone has none of them.
/// </summary>
public sealed record OnboardingOption(Guid Id, string Customer, string? ProcurementEntity = null, Scenario? Scenario = null, Stage? Stage = null);

/// <summary>
/// Reads the workspace pages need across onboardings, beyond <see cref="OnboardingQueries"/> (the revision log's filters
/// and names), each bounded by what a page shows. Nothing here changes anything. Like the onboardings themselves, the
/// names here are the team's (<see cref="HandoffPolicy.MayRead"/>): for anyone else every read answers nothing, and the
/// refusal is logged.
/// </summary>
public sealed class WorkspaceQueries(IDbContextFactory<AppDbContext> dbFactory, ICurrentActor currentActor, ILogger<WorkspaceQueries> logger)
{
    /// <summary>How many suggestions a search as the person types offers.</summary>
    public const int Suggestions = 20;

    /// <summary>
    /// People whose name or e-mail contains <paramref name="text"/> (everyone, first by name, when blank), for the revision
    /// log's person filter as the person types: read from the accounts, never from the log.
    /// </summary>
    public async Task<IReadOnlyList<LoggedPerson>> SearchPeopleAsync(string? text, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "search the people of the workspace", cancellationToken) is null)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            users = users.WhereAnyContains(db, text, u => u.DisplayName, u => u.Email);
        }
        var found = await users.OrderBy(HandoffUser.ShownNameFolded).ThenBy(u => u.Id).Take(Suggestions)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.UserName })
            .ToListAsync(cancellationToken);
        return found.Select(u => new LoggedPerson(u.Id, HandoffUser.ShownName(u.DisplayName, u.Email, u.UserName, u.Id))).ToArray();
    }

    /// <summary>The name of the person with this id: their account's, or else the one the log last recorded for them (one indexed look-up).</summary>
    public async Task<LoggedPerson?> PersonAsync(string actorId, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "read a person's name", cancellationToken) is null)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == actorId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
                   ?? await db.Revisions.AsNoTracking().Where(r => r.ActorId == actorId)
                       .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
                       .Select(r => r.ActorName).FirstOrDefaultAsync(cancellationToken);
        return name is null ? null : new LoggedPerson(actorId, name);
    }

    /// <summary>
    /// Onboardings whose customer or procurement entity contains <paramref name="text"/>, the first by customer, as the
    /// person types: with the entity, scenario and stage that tell onboardings of one customer apart.
    /// </summary>
    public async Task<IReadOnlyList<OnboardingOption>> SearchOnboardingsAsync(string? text, CancellationToken cancellationToken = default)
    {
        if (await currentActor.TeamReaderAsync(logger, "search the onboardings", cancellationToken) is null)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboardings = db.Onboardings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            onboardings = onboardings.WhereAnyContains(db, text, o => o.Details.Customer, o => o.Details.ProcurementEntity);
        }
        return await onboardings.OrderBy(o => o.Details.Customer).Take(Suggestions)
            .Select(o => new OnboardingOption(o.Id, o.Details.Customer, o.Details.ProcurementEntity, o.Scenario, o.Stage))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The customers of these onboardings (the ones a page shows), by id.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OnboardingNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0 || await currentActor.TeamReaderAsync(logger, "read the onboardings' names", cancellationToken) is null)
        {
            return new Dictionary<Guid, string>();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var idList = ids.Distinct().ToArray();
        return await CompiledPerModel<NameQueries>.For(db).Customers(db, idList)
            .ToDictionaryAsync(o => o.Id, o => o.Customer, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The customers of given onboardings, as a compiled query (<see cref="CompiledPerModel{TQueries}"/>): every page of
    /// the revision log names its entries' onboardings with it. The two columns only.
    /// </summary>
    private sealed class NameQueries
    {
        public readonly Func<AppDbContext, Guid[], IAsyncEnumerable<OnboardingOption>> Customers =
            EF.CompileAsyncQuery((AppDbContext db, Guid[] ids) => db.Onboardings.AsNoTracking().Where(o => ids.Contains(o.Id))
                .Select(o => new OnboardingOption(o.Id, o.Details.Customer, null, null, null)));
    }
}
