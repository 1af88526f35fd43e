using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Domain.People;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Notifications;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// The outbox on a real PostgreSQL server with several dispatchers claiming at once (as several app instances do): every
/// row delivered once, a claim that passes over rows another claim holds instead of waiting, and a dispatcher that dies
/// with rows leased losing nothing. Each test has a database of its own (they count every row). Skipped, saying why,
/// without <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgreSqlOutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<PostgreSqlDatabase> WithPeopleAsync()
    {
        var database = await PostgreSqlDatabase.CreateAsync();
        await database.Contexts.AddPersonAsync(Actors.TeamAdmin, language: "zh-CN");
        await database.Contexts.AddPersonAsync(Actors.TechLead, language: "en");
        await database.Contexts.AddPersonAsync(Actors.Finance);
        await database.Contexts.AddPersonAsync(Actors.ReleaseOwner);
        return database;
    }

    /// <summary>Moves onboardings to Trial through the service: one outbox row each (the tech lead is told).</summary>
    private static async Task StartTrialsAsync(PostgreSqlDatabase database, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var onboarding = await database.SaveAsync(new OnboardingBuilder().WithDetails(d => d.ForCustomer($"Customer {i}")).Build().CompleteRequiredItems());
            var outcome = await database.OnboardingServiceFor(Actors.TeamAdmin).FireAsync(onboarding.Id, Move.StartTrial, Stage.Inquiry, cancellationToken: Ct);
            outcome.Succeeded.Should().BeTrue(outcome.Message);
        }
    }

    [Fact]
    public async Task Three_dispatchers_claiming_at_once_deliver_every_row_exactly_once()
    {
        await using var database = await WithPeopleAsync();
        var count = OutboxDispatcher.BatchSize + 15;
        await StartTrialsAsync(database, count);
        var dispatchers = new[] { "one", "two", "three" }.Select(owner => database.Contexts.Dispatcher(database.Clock, owner)).ToList();

        // Each dispatcher drains twice at once: six claims race for more rows than one batch.
        await Task.WhenAll(dispatchers.Concat(dispatchers).Select(d => Task.Run(d.DrainAsync, Ct)));

        var rows = await database.Contexts.OutboxAsync();
        rows.Should().HaveCount(count).And.OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1);
        (await database.Contexts.NotificationsAsync()).Should().HaveCount(count, "one tech lead per onboarding; the team admin moved it")
            .And.OnlyHaveUniqueItems(n => n.OutboxMessageId);
        var attempts = await database.Contexts.AttemptsAsync();
        attempts.Should().HaveCount(count).And.OnlyContain(a => a.Succeeded);
        attempts.Select(a => a.MessageId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_claim_passes_over_a_row_another_claim_holds_instead_of_waiting_for_it()
    {
        await using var database = await WithPeopleAsync();
        await StartTrialsAsync(database, 3);
        var oldest = (await database.Contexts.OutboxAsync()).First();

        // Another instance's claim is between choosing the oldest row and committing its lease: the row is locked.
        await using var other = await database.OpenRawConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync(Ct);
        await using (var lockRow = new NpgsqlCommand("""SELECT "Id" FROM "OutboxMessages" WHERE "Id" = @id FOR UPDATE""", other, transaction))
        {
            lockRow.Parameters.AddWithValue("id", oldest.Id);
            (await lockRow.ExecuteScalarAsync(Ct)).Should().Be(oldest.Id);
        }
        var claim = database.Contexts.Dispatcher(database.Clock, "mine").ClaimAsync(Ct);
        var finished = await Task.WhenAny(claim, Task.Delay(TimeSpan.FromSeconds(5), Ct));

        finished.Should().BeSameAs(claim, "a claim skips a locked row; it does not wait for the other claim to commit");
        (await claim).Select(m => m.Id).Should().HaveCount(2).And.NotContain(oldest.Id);
        await transaction.RollbackAsync(Ct);
        (await database.Contexts.Dispatcher(database.Clock, "later").ClaimAsync(Ct)).Should().ContainSingle().Which.Id.Should().Be(oldest.Id,
            "once the other claim let it go, the row is free for the next claim");
    }

    [Fact]
    public async Task Rows_leased_by_a_dispatcher_that_died_are_delivered_once_by_another_after_the_lease()
    {
        await using var database = await WithPeopleAsync();
        await StartTrialsAsync(database, 4);

        // The first instance claims every row and is killed before it delivers anything: its leases stay in the table.
        (await database.Contexts.Dispatcher(database.Clock, "killed").ClaimAsync(Ct)).Should().HaveCount(4);
        var survivors = new[] { "survivor-a", "survivor-b" }.Select(owner => database.Contexts.Dispatcher(database.Clock, owner)).ToList();
        (await survivors[0].RunOnceAsync(Ct)).Should().Be(0, "the dead dispatcher's lease still holds");
        database.Clock.Advance(new NotificationOptions().Lease + TimeSpan.FromSeconds(1));
        await Task.WhenAll(survivors.Select(d => Task.Run(d.DrainAsync, Ct)));

        var rows = await database.Contexts.OutboxAsync();
        rows.Should().HaveCount(4).And.OnlyContain(m => m.State == OutboxState.Delivered && m.AttemptCount == 1 && m.LeaseOwner!.StartsWith("survivor-"));
        (await database.Contexts.NotificationsAsync()).Should().HaveCount(4).And.OnlyHaveUniqueItems(n => n.OutboxMessageId);
        (await database.Contexts.AttemptsAsync()).Should().HaveCount(4).And.OnlyContain(a => a.Owner.StartsWith("survivor-"));
    }
}
