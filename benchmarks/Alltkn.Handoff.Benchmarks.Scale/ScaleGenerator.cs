using System.Diagnostics;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Localization;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Domain.Revisions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alltkn.Handoff.Benchmarks.Scale;

/// <summary>What to generate. The same options (and the same day) give the same workspace.</summary>
public sealed record GenerateOptions
{
    /// <summary>The SQLite file to make (ignored when <see cref="Database"/> is set).</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Where to generate: a SQLite file or an empty PostgreSQL database; default the SQLite file <see cref="DatabasePath"/>.</summary>
    public BenchDatabase? Database { get; init; }

    public BenchDatabase Target => Database ?? BenchDatabase.SqliteFile(DatabasePath ?? throw new InvalidOperationException("Give a DatabasePath or a Database."));

    public required int Onboardings { get; init; }

    /// <summary>The password of every benchmark person (the app's password rules apply).</summary>
    public required string Password { get; init; }

    public int Seed { get; init; } = 20261202;

    /// <summary>Onboardings saved per transaction.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>The moment the workspace is generated at; nothing happens after it. Default: the current time.</summary>
    public DateTime? NowUtc { get; init; }

    /// <summary>
    /// Items and revision entries through one prepared INSERT per table (default) rather than through
    /// <see cref="DbContext.SaveChanges()"/>; false saves every row through EF (several times slower), for a model
    /// that computes something on save.
    /// </summary>
    public bool BulkInsert { get; init; } = true;
}

/// <summary>
/// Makes a new benchmark database (a SQLite file, or an empty PostgreSQL database): the app's own migrations and role seeding, the benchmark people through
/// Identity's <see cref="UserManager{TUser}"/> (one password hash, made by the app's hasher, shared by all of them),
/// then <see cref="GenerateOptions.Onboardings"/> onboardings walked through their lives by the domain
/// (<see cref="BenchLife"/>), saved through <see cref="AppDbContext"/> in batches: one transaction per batch,
/// change detection off (the entities are new), the next batch walked while the previous one is saved.
/// </summary>
public static class ScaleGenerator
{
    public static async Task<ScaleCounts> GenerateAsync(GenerateOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Onboardings);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var report = progress ?? (_ => { });
        var target = options.Target;
        if (!target.IsPostgreSql && File.Exists(target.Location))
        {
            throw new InvalidOperationException($"{target.Location} exists already: the generator makes a new database. Choose another path or delete that file (and its -wal and -shm files).");
        }
        var nowUtc = DateTime.SpecifyKind(options.NowUtc ?? DateTime.UtcNow, DateTimeKind.Utc);
        var clock = Stopwatch.StartNew();

        await using var services = BuildServices(target);
        await services.MigrateHandoffDatabaseAsync(cancellationToken);
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                throw new InvalidOperationException($"{target} holds a workspace already: the generator fills an empty database. Create a new one (CREATE DATABASE …) and give that.");
            }
        }
        await services.SeedHandoffIdentityAsync(cancellationToken);
        var people = await CreatePeopleAsync(services, options.Password, nowUtc, cancellationToken);
        report($"Database {target}: migrated, {people.Values.Sum(p => p.Count)} people created ({clock.Elapsed.TotalSeconds:0.0} s).");

        var dbFactory = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var batches = (options.Onboardings + options.BatchSize - 1) / options.BatchSize;
        Task<List<BenchWalk>>? next = batches > 0 ? Task.Run(() => WalkBatch(options, 0, nowUtc, people), cancellationToken) : null;
        TimeSpan waitedForWalks = TimeSpan.Zero, spentSaving = TimeSpan.Zero;
        for (var batch = 0; batch < batches; batch++)
        {
            var waited = Stopwatch.StartNew();
            var walks = await next!;
            waitedForWalks += waited.Elapsed;
            // The next batch's number is copied: the lambda runs later, when the loop's own variable has moved on.
            var nextBatch = batch + 1;
            next = nextBatch < batches ? Task.Run(() => WalkBatch(options, nextBatch, nowUtc, people), cancellationToken) : null;
            var saving = Stopwatch.StartNew();
            await SaveAsync(dbFactory, walks, options.BulkInsert, cancellationToken);
            spentSaving += saving.Elapsed;
            var done = Math.Min(options.Onboardings, (batch + 1) * options.BatchSize);
            if (batch == batches - 1 || (batch + 1) % 5 == 0)
            {
                report($"{done:N0} / {options.Onboardings:N0} onboardings saved ({clock.Elapsed.TotalSeconds:0.0} s; saving {spentSaving.TotalSeconds:0.0} s, waiting for the domain walks {waitedForWalks.TotalSeconds:0.0} s).");
            }
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!target.IsPostgreSql)
            {
                // Fold the write-ahead log into the file, so the first reader does not pay for it.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            }
            // The planner's statistics for the new rows (PostgreSQL's autovacuum would gather them later, at its own pace).
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", cancellationToken);
        }
        var counts = await ScaleCounts.ReadAsync(dbFactory, DateOnly.FromDateTime(nowUtc), cancellationToken);
        report($"Done in {clock.Elapsed.TotalSeconds:0.0} s.");
        return counts;
    }

    /// <summary>The app's data, services and identity set-up, pointed at the SQLite file <paramref name="databaseFile"/>.</summary>
    public static ServiceProvider BuildServices(string databaseFile) => BuildServices(BenchDatabase.SqliteFile(databaseFile));

    /// <summary>The app's data, services and identity set-up, pointed at <paramref name="database"/>.</summary>
    public static ServiceProvider BuildServices(BenchDatabase database)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(database.Settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddHandoffLocalization();
        services.AddHandoffData(configuration);
        services.AddHandoffServices();
        services.AddHandoffIdentity(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<Dictionary<Role, IReadOnlyList<BenchMember>>> CreatePeopleAsync(
        IServiceProvider services, string password, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>();
        // The Identity store saves through the scope's context: one transaction for everyone instead of one per save.
        await using var transaction = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.BeginTransactionAsync(cancellationToken);
        var probe = new HandoffUser { UserName = BenchPeople.EmailOf(Role.TeamAdmin), Email = BenchPeople.EmailOf(Role.TeamAdmin) };
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, probe, password);
            if (!checkedPassword.Succeeded)
            {
                throw new InvalidOperationException(
                    $"The password is refused by the app's rules: {string.Join(" ", checkedPassword.Errors.Select(e => e.Description))} Choose another --password.");
            }
        }
        var hash = users.PasswordHasher.HashPassword(probe, password);
        var people = new Dictionary<Role, IReadOnlyList<BenchMember>>();
        var joined = nowUtc.AddYears(-3);
        foreach (var group in BenchPeople.All.GroupBy(p => p.Role))
        {
            var members = new List<BenchMember>();
            foreach (var person in group)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var user = new HandoffUser
                {
                    UserName = person.Email,
                    Email = person.Email,
                    DisplayName = person.DisplayName,
                    EmailConfirmed = true,
                    CreatedAtUtc = joined,
                    PasswordHash = hash,
                };
                Check(await users.CreateAsync(user), person.Email);
                Check(await users.AddToRoleAsync(user, person.Role.ToString()), person.Email);
                members.Add(new BenchMember(new Actor(user.Id, person.DisplayName, [person.Role]), person.Email));
            }
            people[group.Key] = members;
        }
        await transaction.CommitAsync(cancellationToken);
        return people;
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static List<BenchWalk> WalkBatch(GenerateOptions options, int batch, DateTime nowUtc, IReadOnlyDictionary<Role, IReadOnlyList<BenchMember>> people)
    {
        var first = batch * options.BatchSize;
        var last = Math.Min(options.Onboardings, first + options.BatchSize);
        var walks = new List<BenchWalk>(last - first);
        for (var index = first; index < last; index++)
        {
            try
            {
                walks.Add(BenchLife.Walk(options.Seed, index, nowUtc, people));
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"Onboarding {index} (seed {options.Seed}) could not be walked: {failure.Message}", failure);
            }
        }
        return walks;
    }

    private static async Task SaveAsync(IDbContextFactory<AppDbContext> dbFactory, List<BenchWalk> walks, bool bulk, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var onboardings = walks.Select(w => w.Onboarding).ToList();
        var revisions = walks.SelectMany(w => w.Onboarding.PendingRevisions.Concat(w.SignIns)).OrderBy(r => r.AtUtc).ToList();
        db.Onboardings.AddRange(onboardings);
        // Onboardings (with their details, window and support matrix) through EF; their items and the revision
        // entries, by far the most rows, through the bulk insert when the model allows it.
        var itemRows = bulk ? ModelRows.For<HandoffItem>(db) : null;
        var items = onboardings.SelectMany(o => o.Items).ToList();
        if (itemRows is not null)
        {
            foreach (var item in items)
            {
                db.Entry(item).State = EntityState.Detached;
            }
        }
        var revisionRows = bulk ? ModelRows.For<RevisionEntry>(db) : null;
        if (revisionRows is null)
        {
            db.Revisions.AddRange(revisions);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (itemRows is not null)
        {
            await itemRows.InsertAsync(db, items, cancellationToken);
        }
        if (revisionRows is not null)
        {
            await revisionRows.InsertAsync(db, revisions, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var onboarding in onboardings)
        {
            onboarding.ClearPendingRevisions();
        }
    }
}

/// <summary>What the benchmark database holds, read back from it.</summary>
public sealed record ScaleCounts(
    int Onboardings,
    IReadOnlyDictionary<Stage, int> ByStage,
    IReadOnlyDictionary<Scenario, int> ByScenario,
    int Items,
    int OverdueItems,
    int BlockedItems,
    int Revisions,
    int RevisionsOfOnboardings,
    int SignIns,
    int GoLiveWindows,
    int SupportAssignments,
    int Users)
{
    public static async Task<ScaleCounts> ReadAsync(IDbContextFactory<AppDbContext> dbFactory, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var byStage = await db.Onboardings.GroupBy(o => o.Stage).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byScenario = await db.Onboardings.GroupBy(o => o.Scenario).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new ScaleCounts(
            Onboardings: byStage.Values.Sum(),
            ByStage: byStage,
            ByScenario: byScenario,
            Items: await db.HandoffItems.CountAsync(cancellationToken),
            OverdueItems: await db.HandoffItems.CountAsync(i => i.DueDate < today && i.Status != ItemStatus.Done && i.Status != ItemStatus.NotApplicable, cancellationToken),
            BlockedItems: await db.HandoffItems.CountAsync(i => i.Status == ItemStatus.Blocked, cancellationToken),
            Revisions: await db.Revisions.CountAsync(cancellationToken),
            RevisionsOfOnboardings: await db.Revisions.CountAsync(r => r.OnboardingId != null, cancellationToken),
            SignIns: await db.Revisions.CountAsync(r => r.Kind == RevisionKind.SignedIn, cancellationToken),
            GoLiveWindows: await db.Onboardings.CountAsync(o => o.GoLiveWindow != null, cancellationToken),
            SupportAssignments: await db.Onboardings.SelectMany(o => o.SupportMatrix).CountAsync(cancellationToken),
            Users: await db.Users.CountAsync(cancellationToken));
    }

    public override string ToString() => string.Join(Environment.NewLine,
        $"Onboardings            {Onboardings,12:N0}",
        $"  by stage             {string.Join(", ", ByStage.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}",
        $"  by scenario          {string.Join(", ", ByScenario.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}",
        $"  with go-live window  {GoLiveWindows,12:N0}",
        $"Checklist items        {Items,12:N0}  ({(Onboardings == 0 ? 0 : (double)Items / Onboardings):0.0} per onboarding)",
        $"  overdue              {OverdueItems,12:N0}",
        $"  blocked              {BlockedItems,12:N0}",
        $"Support assignments    {SupportAssignments,12:N0}",
        $"Revision entries       {Revisions,12:N0}  ({(Onboardings == 0 ? 0 : (double)Revisions / Onboardings):0.0} per onboarding)",
        $"  of onboardings       {RevisionsOfOnboardings,12:N0}",
        $"  sign-ins             {SignIns,12:N0}",
        $"People (accounts)      {Users,12:N0}");
}
