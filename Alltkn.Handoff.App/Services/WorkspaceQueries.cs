using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.App.Services;

/// <summary>A person who appears in the revision log: the id changes are attributed to, and the name they had.</summary>
public sealed record LoggedPerson(string ActorId, string Name);

/// <summary>An onboarding by its customer, for filters and for naming log entries.</summary>
public sealed record OnboardingOption(Guid Id, string Customer);

/// <summary>Reads the workspace pages need across onboardings, beyond <see cref="OnboardingQueries"/>. Nothing here changes anything.</summary>
public sealed class WorkspaceQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>How many suggestions a search as the person types offers.</summary>
    public const int Suggestions = 20;

    /// <summary>
    /// Items marked Blocked that hold the gate of their onboarding's working stage (the stage left, while on hold),
    /// each with its reason, in onboardings still on their way (not live, not cancelled); by customer, then checklist order.
    /// Read through the gate summary the domain keeps (working stage, blocked count).
    /// </summary>
    public async Task<IReadOnlyList<ItemRow>> BlockedAtGateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The blocked onboardings first (a partial index), then their blocked items by onboarding (another one).
        var blockedOnboardings = db.Onboardings.AsNoTracking().Where(o => o.Summary.BlockedAtGate > 0);
        var onboardings = await blockedOnboardings
            .Select(o => new { o.Id, o.Details.Customer, o.Stage, o.Summary.WorkingStage })
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        var blockedIds = blockedOnboardings.Select(o => o.Id);
        var items = await db.HandoffItems.AsNoTracking()
            .Where(i => i.Status == ItemStatus.Blocked && blockedIds.Contains(i.OnboardingId))
            .ToListAsync(cancellationToken);
        return items
            .Where(i => onboardings.TryGetValue(i.OnboardingId, out var o) && i.Stage == o.WorkingStage)
            .Select(i => onboardings[i.OnboardingId] is var o ? new ItemRow(o.Id, o.Customer, o.Stage, i) : null!)
            .OrderBy(r => r.Customer, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Item.SortOrder)
            .ToArray();
    }

    /// <summary>
    /// People whose name or e-mail contains <paramref name="text"/> (everyone, first by name, when blank), for the revision
    /// log's person filter as the person types: read from the accounts, never from the log.
    /// </summary>
    public async Task<IReadOnlyList<LoggedPerson>> SearchPeopleAsync(string? text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            users = users.WhereAnyContains(db, text, u => u.DisplayName, u => u.Email);
        }
        var found = await users.OrderBy(u => u.DisplayName).Take(Suggestions)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        return found.Select(u => new LoggedPerson(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName)).ToArray();
    }

    /// <summary>The name of the person with this id: their account's, or else the one the log last recorded for them (one indexed look-up).</summary>
    public async Task<LoggedPerson?> PersonAsync(string actorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == actorId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
                   ?? await db.Revisions.AsNoTracking().Where(r => r.ActorId == actorId)
                       .OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
                       .Select(r => r.ActorName).FirstOrDefaultAsync(cancellationToken);
        return name is null ? null : new LoggedPerson(actorId, name);
    }

    /// <summary>Everyone the revision log attributes a change to, by name (reads the whole log: prefer <see cref="SearchPeopleAsync"/>).</summary>
    public async Task<IReadOnlyList<LoggedPerson>> PeopleInRevisionLogAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pairs = await db.Revisions.AsNoTracking()
            .Select(r => new { r.ActorId, r.ActorName })
            .Distinct()
            .ToListAsync(cancellationToken);
        return pairs
            .GroupBy(p => p.ActorId)
            .Select(g => new LoggedPerson(g.Key, string.Join(" / ", g.Select(p => p.ActorName).Order(StringComparer.CurrentCultureIgnoreCase))))
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToArray();
    }

    /// <summary>Onboardings whose customer or procurement entity contains <paramref name="text"/>, the first by customer, as the person types.</summary>
    public async Task<IReadOnlyList<OnboardingOption>> SearchOnboardingsAsync(string? text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboardings = db.Onboardings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            onboardings = onboardings.WhereAnyContains(db, text, o => o.Details.Customer, o => o.Details.ProcurementEntity);
        }
        return await onboardings.OrderBy(o => o.Details.Customer).Take(Suggestions)
            .Select(o => new OnboardingOption(o.Id, o.Details.Customer))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The customers of these onboardings (the ones a page shows), by id.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OnboardingNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
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
                .Select(o => new OnboardingOption(o.Id, o.Details.Customer)));
    }

    /// <summary>Every onboarding by customer name (all of them: prefer <see cref="SearchOnboardingsAsync"/>).</summary>
    public async Task<IReadOnlyList<OnboardingOption>> OnboardingNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onboardings = await db.Onboardings.AsNoTracking()
            .Select(o => new { o.Id, o.Details.Customer })
            .ToListAsync(cancellationToken);
        return onboardings
            .Select(o => new OnboardingOption(o.Id, o.Customer))
            .OrderBy(o => o.Customer, StringComparer.CurrentCultureIgnoreCase)
            .ToArray();
    }
}
