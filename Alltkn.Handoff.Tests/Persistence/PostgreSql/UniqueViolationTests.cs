using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// <see cref="UniqueViolation"/> on both providers: a key stored twice is recognised on a real SQLite file and on a real
/// PostgreSQL server; another refusal (a foreign key) is not.
/// </summary>
public sealed class UniqueViolationTests(PostgreSqlDatabase postgres) : IClassFixture<PostgreSqlDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Exception> StoreKeyTwiceAsync(IDbContextFactory<AppDbContext> contexts)
    {
        var key = $"once:{Guid.NewGuid():N}";
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            db.Add(new OutboxMessage(OutboxTypes.Notification, "{}", TestClock.Now, key));
            await db.SaveChangesAsync(Ct);
        }
        await using var again = await contexts.CreateDbContextAsync(Ct);
        again.Add(new OutboxMessage(OutboxTypes.Notification, "{}", TestClock.Now, key));
        return await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync(Ct));
    }

    private static async Task<Exception> AttemptOfNoRowAsync(IDbContextFactory<AppDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(Ct);
        db.Add(new OutboxAttempt(Guid.NewGuid(), 1, "nobody", TestClock.Now, TestClock.Now, succeeded: true, error: null));
        return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task A_key_stored_twice_on_SQLite_is_a_unique_violation_and_a_missing_reference_is_not()
    {
        await using var sqlite = await SqliteTestDatabase.CreateAsync();

        UniqueViolation.Is(await StoreKeyTwiceAsync(sqlite.Contexts)).Should().BeTrue();
        UniqueViolation.Is(await AttemptOfNoRowAsync(sqlite.Contexts)).Should().BeFalse();
    }

    [Fact]
    public async Task A_key_stored_twice_on_PostgreSQL_is_a_unique_violation_and_a_missing_reference_is_not()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();

        UniqueViolation.Is(await StoreKeyTwiceAsync(postgres.Contexts)).Should().BeTrue();
        UniqueViolation.Is(await AttemptOfNoRowAsync(postgres.Contexts)).Should().BeFalse();
    }
}
