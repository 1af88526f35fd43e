using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.Tests.Notifications;

/// <summary>Rows that must exist once ever, many at a time (the first reminder run over a large workspace).</summary>
public class OutboxOnceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Many_rows_are_saved_in_batches_each_once_and_a_second_run_adds_none()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var saves = new SaveCounter();
        var contexts = database.ContextsWith(saves);
        var count = OutboxOnce.MostPerSave * 2 + 10;
        List<OutboxMessage> Candidates() => Enumerable.Range(0, count)
            .Select(n => new OutboxMessage(OutboxTypes.Notification, "{}", database.Clock.UtcNow, $"once:{n}"))
            .ToList();

        (await OutboxOnce.AddAsync(contexts, Candidates(), Cancel)).Should().Be(count);
        saves.Count.Should().Be(3, $"at most {OutboxOnce.MostPerSave} rows are written by one save, so no save holds the write turn for long");

        (await OutboxOnce.AddAsync(contexts, Candidates(), Cancel)).Should().Be(0, "every key is there already");
        await using var db = await database.Contexts.CreateDbContextAsync(Cancel);
        (await db.Set<OutboxMessage>().CountAsync(Cancel)).Should().Be(count);
    }

    private sealed class SaveCounter : SaveChangesInterceptor
    {
        private int _count;

        public int Count => _count;

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }
}
