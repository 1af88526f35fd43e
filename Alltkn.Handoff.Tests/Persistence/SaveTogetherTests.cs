using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Persistence.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alltkn.Handoff.Tests.Persistence;

/// <summary>
/// Changes waiting for the write turn at the same moment are committed together (<see cref="WriteGate.SaveTogetherAsync"/>):
/// each under its own savepoint, so one failing never undoes another, and none reported saved before the one commit.
/// </summary>
public sealed class SaveTogetherTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_saved_together_keep_each_others_work_when_one_is_outraced_and_one_fails_half_way()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ids = new List<Guid>();
        for (var n = 0; n < 4; n++)
        {
            ids.Add((await database.SaveAsync(new OnboardingBuilder().Build())).Id);
        }
        var revisionsBefore = await Task.WhenAll(ids.Select(id => database.RevisionCountAsync(id)));
        var halfWay = new FailAfterRevisionInsert();
        var changes = new[]
        {
            await ChangeAsync(database.NewContext(), ids[0]),
            await ChangeAsync(database.NewContext(), ids[1]),
            await ChangeAsync(database.NewContext(halfWay), ids[2]),
            await ChangeAsync(database.NewContext(), ids[3]),
        };
        // Someone else saved the second onboarding's item since it was loaded: its save must find the stale version.
        await using (var other = database.NewContext())
        {
            var item = changes[1].Onboarding.ItemByKey("inquiry.contact-type");
            await other.HandoffItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.Version, i => i.Version + 1), Cancel);
        }

        var saves = await SaveAllTogetherAsync(changes.Select(c => c.Db).ToArray());

        saves[0].IsCompletedSuccessfully.Should().BeTrue();
        saves[1].Exception!.InnerException.Should().BeOfType<DbUpdateConcurrencyException>("the outraced change is told so, as when saved alone");
        saves[2].Exception!.InnerException.Should().BeAssignableTo<DbUpdateException>().Which.InnerException.Should().BeOfType<SqliteException>();
        halfWay.Failed.Should().BeTrue("the third change failed after its statements had run");
        saves[3].IsCompletedSuccessfully.Should().BeTrue();
        (await database.LoadAsync(ids[0])).ItemByKey("inquiry.contact-type").Status.Should().Be(ItemStatus.Done);
        (await database.LoadAsync(ids[1])).ItemByKey("inquiry.contact-type").Status.Should().NotBe(ItemStatus.Done);
        (await database.LoadAsync(ids[2])).ItemByKey("inquiry.contact-type").Status.Should().NotBe(ItemStatus.Done, "its savepoint was rolled back");
        (await database.LoadAsync(ids[3])).ItemByKey("inquiry.contact-type").Status.Should().Be(ItemStatus.Done,
            "a change saved after a failing one in the same commit is kept");
        (await database.RevisionCountAsync(ids[0])).Should().BeGreaterThan(revisionsBefore[0]);
        (await database.RevisionCountAsync(ids[1])).Should().Be(revisionsBefore[1]);
        (await database.RevisionCountAsync(ids[2])).Should().Be(revisionsBefore[2], "its revision entry went with its savepoint");
        (await database.RevisionCountAsync(ids[3])).Should().BeGreaterThan(revisionsBefore[3]);
        changes[0].Db.ChangeTracker.HasChanges().Should().BeFalse("a committed change is accepted");
        foreach (var change in changes)
        {
            await change.Db.DisposeAsync();
        }
    }

    [Fact]
    public async Task When_the_one_commit_fails_no_change_of_the_group_is_stored_or_reported_saved()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var first = await database.SaveAsync(new OnboardingBuilder().Build());
        var second = await database.SaveAsync(new OnboardingBuilder().Build());
        var revisionsBefore = await database.RevisionCountAsync();
        var atCommit = new FailAtCommit();
        // The group commits through the transaction of its first change's context: that one refuses to commit.
        var changes = new[] { await ChangeAsync(database.NewContext(atCommit), first.Id), await ChangeAsync(database.NewContext(), second.Id) };

        var saves = await SaveAllTogetherAsync(changes.Select(c => c.Db).ToArray());

        atCommit.Failed.Should().BeTrue();
        saves.Should().OnlyContain(s => s.IsFaulted, "nothing of the group was committed, so no change is reported saved");
        saves[1].Exception!.InnerException.Should().BeOfType<SqliteException>("the second change hears the group's commit failure");
        (await database.LoadAsync(first.Id)).ItemByKey("inquiry.contact-type").Status.Should().NotBe(ItemStatus.Done);
        (await database.LoadAsync(second.Id)).ItemByKey("inquiry.contact-type").Status.Should().NotBe(ItemStatus.Done);
        (await database.RevisionCountAsync()).Should().Be(revisionsBefore);
        changes[1].Db.ChangeTracker.HasChanges().Should().BeTrue("a change that was not committed is not accepted");
        foreach (var change in changes)
        {
            await change.Db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Changes_to_different_database_files_waiting_at_once_are_each_saved_to_their_own()
    {
        await using var one = await SqliteTestDatabase.CreateAsync();
        await using var two = await SqliteTestDatabase.CreateAsync();
        var inOne = await one.SaveAsync(new OnboardingBuilder().Build());
        var inTwo = await two.SaveAsync(new OnboardingBuilder().Build());
        var changes = new[] { await ChangeAsync(one.NewContext(), inOne.Id), await ChangeAsync(two.NewContext(), inTwo.Id) };

        var saves = await SaveAllTogetherAsync(changes.Select(c => c.Db).ToArray());

        saves.Should().OnlyContain(s => s.IsCompletedSuccessfully);
        (await one.LoadAsync(inOne.Id)).ItemByKey("inquiry.contact-type").Status.Should().Be(ItemStatus.Done);
        (await two.LoadAsync(inTwo.Id)).ItemByKey("inquiry.contact-type").Status.Should().Be(ItemStatus.Done);
        foreach (var change in changes)
        {
            await change.Db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Contexts_that_joined_a_group_are_back_on_a_connection_of_their_own_afterwards()
    {
        // The app's contexts are pooled: one that kept the group's connection would share it with its next user.
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ids = new List<Guid>();
        for (var n = 0; n < 3; n++)
        {
            ids.Add((await database.SaveAsync(new OnboardingBuilder().Build())).Id);
        }
        var changes = new[]
        {
            await ChangeAsync(database.NewContext(), ids[0]), await ChangeAsync(database.NewContext(), ids[1]), await ChangeAsync(database.NewContext(), ids[2]),
        };

        var saves = await SaveAllTogetherAsync(changes.Select(c => c.Db).ToArray());

        saves.Should().OnlyContain(s => s.IsCompletedSuccessfully);
        var connections = changes.Select(c => c.Db.Database.GetDbConnection()).ToList();
        connections.Should().OnlyHaveUniqueItems("each context has its own connection again");
        foreach (var change in changes)
        {
            change.Db.Database.GetConnectionString().Should().Be(database.ConnectionString);
            (await change.Db.HandoffItems.CountAsync(i => i.OnboardingId == change.Onboarding.Id, Cancel)).Should().BeGreaterThan(0,
                "the context reads through its own connection");
            await change.Db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pooled_contexts_that_joined_a_group_join_and_save_in_the_next_group_too()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ids = new List<Guid>();
        for (var n = 0; n < 6; n++)
        {
            ids.Add((await database.SaveAsync(new OnboardingBuilder().Build())).Id);
        }
        var firstRound = new[] { await ChangeAsync(database.NewContext(), ids[0]), await ChangeAsync(database.NewContext(), ids[1]), await ChangeAsync(database.NewContext(), ids[2]) };
        (await SaveAllTogetherAsync(firstRound.Select(c => c.Db).ToArray())).Should().OnlyContain(s => s.IsCompletedSuccessfully);
        var used = firstRound.Select(c => c.Db).ToList();
        foreach (var change in firstRound)
        {
            await change.Db.DisposeAsync();
        }

        // The pool hands the same instances out again: each must be able to join (and lead) a group once more.
        var secondRound = new[] { await ChangeAsync(database.NewContext(), ids[3]), await ChangeAsync(database.NewContext(), ids[4]), await ChangeAsync(database.NewContext(), ids[5]) };
        secondRound.Select(c => c.Db).Should().Contain(db => used.Contains(db), "the factory is pooled");
        var saves = await SaveAllTogetherAsync(secondRound.Select(c => c.Db).ToArray());

        saves.Should().OnlyContain(s => s.IsCompletedSuccessfully);
        foreach (var id in ids)
        {
            (await database.LoadAsync(id)).ItemByKey("inquiry.contact-type").Status.Should().Be(ItemStatus.Done);
        }
        foreach (var change in secondRound)
        {
            await change.Db.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_change_saved_by_the_group_saver_is_saved_in_its_writers_flow_not_in_the_flow_that_started_the_saver()
    {
        // The saver is one thread for the whole process, started by the first save that had to wait. It saves each change in
        // that change's writer's flow (its request's logging scope and trace, the line it holds, so an interceptor runs as
        // when the writer saves alone), never in the flow of whoever started it (in this test process, the test that
        // happened to, whose context is disposed by now; in the app, a long-finished request).
        await using var database = await SqliteTestDatabase.CreateAsync();
        var first = await database.SaveAsync(new OnboardingBuilder().Build());
        var second = await database.SaveAsync(new OnboardingBuilder().Build());
        var started = await ChangeAsync(database.NewContext(), first.Id);
        (await SaveAllTogetherAsync([started.Db])).Should().OnlyContain(s => s.IsCompletedSuccessfully, "the saver runs from here on");
        await started.Db.DisposeAsync();
        Writer.Value = $"writer {Guid.NewGuid():N}";
        var seen = new SeenBySave();
        var change = await ChangeAsync(database.NewContext(seen), second.Id);

        var saves = await SaveAllTogetherAsync([change.Db]);

        saves.Should().OnlyContain(s => s.IsCompletedSuccessfully);
        seen.Thread.Should().Be("Handoff group saver", "the change waited for the held turn, so the saver thread saved it");
        seen.Writer.Should().Be(Writer.Value, "the save runs in the flow of the writer whose change it is");
        await change.Db.DisposeAsync();
    }

    private static readonly AsyncLocal<string?> Writer = new();

    /// <summary>What the flow that saves looks like: its thread, and the writer it belongs to.</summary>
    private sealed class SeenBySave : SaveChangesInterceptor
    {
        public string? Thread { get; private set; }

        public string? Writer { get; private set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Thread = System.Threading.Thread.CurrentThread.Name;
            Writer = SaveTogetherTests.Writer.Value;
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Loads the onboarding into <paramref name="db"/> and completes one item through the domain, as a service would, unsaved.</summary>
    private static async Task<(AppDbContext Db, Onboarding Onboarding)> ChangeAsync(AppDbContext db, Guid onboardingId)
    {
        var onboarding = await db.Onboardings.Include(o => o.Items).SingleAsync(o => o.Id == onboardingId, Cancel);
        onboarding.CompleteItem("inquiry.contact-type");
        db.Revisions.AddRange(onboarding.PendingRevisions);
        db.ChangeTracker.DetectChanges();
        return (db, onboarding);
    }

    /// <summary>
    /// Starts every save while the write turn is held (so they all wait for it at once), lets the turn go once all of them
    /// wait, and returns every save's task, finished.
    /// </summary>
    private static async Task<Task[]> SaveAllTogetherAsync(AppDbContext[] contexts)
    {
        var groupsBefore = WriteGate.GroupsSaved;
        Task[] saves;
        using (await WriteGate.Save(Cancel))
        {
            var waitingBefore = WriteGate.WaitingTogether;
            saves = contexts.Select(db => WriteGate.SaveTogetherAsync(db, Cancel)).ToArray();
            for (var tries = 0; WriteGate.WaitingTogether < waitingBefore + contexts.Length && tries < 500; tries++)
            {
                await Task.Delay(10, Cancel);
            }
            WriteGate.WaitingTogether.Should().BeGreaterThanOrEqualTo(contexts.Length, "every save waits for the held turn");
            saves.Should().OnlyContain(s => !s.IsCompleted, "no save passes the held turn");
        }
        try
        {
            await Task.WhenAll(saves).WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        }
        catch (Exception failure) when (failure is DbUpdateException or SqliteException or InvalidOperationException)
        {
            // Each save's own outcome is checked by the test.
        }
        WriteGate.GroupsSaved.Should().BeGreaterThan(groupsBefore);
        return saves;
    }
}
