using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Benchmarks.Scale;
using Alltkn.Handoff.Tests.Persistence.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Alltkn.Handoff.Tests.Benchmarks;

/// <summary>
/// The scale generator on PostgreSQL (<see cref="BenchDatabase.PostgreSql"/>, items and revision entries inserted many rows
/// per statement): the same seed and day give the same workspace as on SQLite (<see cref="ScaleWorkspace"/>), read back
/// through EF. Skipped, saying why, without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class ScaleGeneratorPostgreSqlTests(PostgreSqlDatabase database, ScaleWorkspace sqlite)
    : IClassFixture<PostgreSqlDatabase>, IClassFixture<ScaleWorkspace>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_seed_gives_the_same_workspace_on_PostgreSQL_as_on_SQLite_and_a_filled_database_is_refused()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        var target = BenchDatabase.PostgreSql(database.ConnectionString);
        // Batches of 20: about 2,000 revision entries each, so the 500-row statement is reused within a batch.
        var options = new GenerateOptions
        {
            Database = target,
            Onboardings = 20,
            Password = ScaleWorkspace.Password,
            NowUtc = ScaleWorkspace.NowUtc,
            BatchSize = 20,
        };

        var counts = await ScaleGenerator.GenerateAsync(options, cancellationToken: Ct);

        counts.Should().BeEquivalentTo(sqlite.Counts);
        counts.Revisions.Should().BeGreaterThan(1000);
        target.ToString().Should().StartWith("PostgreSQL 127.0.0.1:").And.EndWith(database.Name);
        (await FingerprintAsync(target)).Should().Equal(await FingerprintAsync(BenchDatabase.SqliteFile(sqlite.Database.DatabasePath)));
        var again = () => ScaleGenerator.GenerateAsync(options, cancellationToken: Ct);
        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("*holds a workspace already*");
    }

    /// <summary>Every onboarding with its items and every revision entry, times to the microsecond (PostgreSQL's precision).</summary>
    private static async Task<List<string>> FingerprintAsync(BenchDatabase target)
    {
        await using var services = ScaleGenerator.BuildServices(target);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        var onboardings = await db.Onboardings.AsNoTracking().Include(o => o.Items).ToListAsync(Ct);
        var revisions = (await db.Revisions.AsNoTracking().ToListAsync(Ct))
            .Select(r => $"{Micro(r.AtUtc):O} {r.AtUtc.Kind} {r.Kind} {r.ActorName} {r.Subject} {r.Before} {r.After} {r.Reason} {r.OnboardingId is not null} {r.ItemId is not null}");
        return onboardings
            .Select(o => $"{Micro(o.CreatedAtUtc):O} {o.Details.Customer} {o.Scenario} {o.Stage} " +
                         string.Join(",", o.Items.OrderBy(i => i.SortOrder).Select(i =>
                             $"{i.Key}/{i.Stage}/{i.OwnerRole}/{i.Required}/{i.EvidenceKind}/{i.Status}/{i.StatusReason}/{i.Evidence}/{i.DueDate}/" +
                             $"{i.AssigneeUserId is not null}/{i.AssigneeName}/{i.CompletedByName}/{(i.CompletedAtUtc is { } done ? Micro(done).ToString("O") : "")}/{i.Version}")))
            .Concat(revisions)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static DateTime Micro(DateTime time) => time.AddTicks(-(time.Ticks % 10));
}
