using Alltkn.Handoff.App.Identity;
using Alltkn.Handoff.App.Notifications;
using Alltkn.Handoff.App.Services;
using Alltkn.Handoff.Domain.Onboardings;
using Alltkn.Handoff.Tests.Builders;
using Alltkn.Handoff.Tests.Identity;
using Alltkn.Handoff.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alltkn.Handoff.Tests.Persistence.PostgreSql;

/// <summary>
/// Live updates between two whole app instances (WebApplicationFactory) on one PostgreSQL database: a change saved
/// through the service on one is heard by the other's pages within 2 s, and so is a bell signal, through
/// <see cref="PostgreSqlChangeRelay"/> (LISTEN/NOTIFY). With SQLite there is no relay. Skipped, saying why, without
/// <see cref="PostgreSqlDatabase.ServerVariable"/>.
/// </summary>
public sealed class PostgreSqlLiveUpdateTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ListeningAsync(IdentityTestApp app) =>
        await app.Services.GetRequiredService<PostgreSqlChangeRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(10), Ct);

    [Fact]
    public async Task A_change_saved_on_one_instance_reaches_a_page_listening_on_the_other_within_two_seconds()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var first = new IdentityTestApp(settings: database.Settings);
        await using var second = new IdentityTestApp(settings: database.Settings);
        await ListeningAsync(first);
        await ListeningAsync(second);
        var heard = new TaskCompletionSource<IReadOnlyList<WorkspaceChange>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = second.Services.GetRequiredService<ChangeNotifier>().SubscribeToList(ListKind.Onboardings, changes =>
        {
            heard.TrySetResult(changes);
            return Task.CompletedTask;
        });

        await using var admin = await first.ActingAsAsync(HandoffAppFactory.AdminEmail);
        var opened = await admin.ServiceProvider.GetRequiredService<OnboardingService>()
            .CreateAsync(Scenario.EnterpriseTrial, new DetailsBuilder().ForCustomer("Relayed Customer").Build(), Ct);
        opened.Succeeded.Should().BeTrue(opened.Message);

        var changes = await heard.Task.WaitAsync(Within, Ct);
        var change = changes.Should().ContainSingle().Which;
        change.OnboardingId.Should().Be(opened.Value);
        change.Stages.Should().Equal(Stage.Inquiry);
        change.EvidenceOnly.Should().BeFalse();
        var adminUser = await admin.ServiceProvider.GetRequiredService<UserManager<HandoffUser>>().FindByEmailAsync(HandoffAppFactory.AdminEmail);
        change.ActorId.Should().Be(adminUser!.Id);
    }

    [Fact]
    public async Task A_bell_signal_on_one_instance_reaches_the_person_s_bell_on_the_other_and_no_one_else_s()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var first = new IdentityTestApp(settings: database.Settings);
        await using var second = new IdentityTestApp(settings: database.Settings);
        await ListeningAsync(first);
        await ListeningAsync(second);
        var signal = second.Services.GetRequiredService<NotificationSignal>();
        var rang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherRang = 0;
        using var bell = signal.Subscribe("user-relayed", () =>
        {
            rang.TrySetResult();
            return Task.CompletedTask;
        });
        using var otherBell = signal.Subscribe("user-not-told", () =>
        {
            Interlocked.Increment(ref otherRang);
            return Task.CompletedTask;
        });

        first.Services.GetRequiredService<NotificationSignal>().Publish(["user-relayed"]);

        await rang.Task.WaitAsync(Within, Ct);
        otherRang.Should().Be(0);
    }

    [Fact]
    public async Task A_listener_whose_connection_is_killed_listens_again_and_hears_the_next_change()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var first = new IdentityTestApp(settings: database.Settings);
        await using var second = new IdentityTestApp(settings: database.Settings);
        await ListeningAsync(first);
        await ListeningAsync(second);
        await using var raw = await database.OpenRawConnectionAsync();
        var before = await ListenerPidsAsync(raw);
        before.Should().HaveCount(2, "one listening connection per instance");

        // The server drops every listening connection (a restart, a failover, an admin).
        await using (var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND datname = current_database()", raw))
        {
            kill.Parameters.AddWithValue("name", PostgreSqlChangeRelay.ApplicationName);
            (await kill.ExecuteScalarAsync(Ct)).Should().Be(2L);
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        List<int> after;
        do
        {
            await Task.Delay(200, Ct);
            after = await ListenerPidsAsync(raw);
        }
        while ((after.Count < 2 || after.Intersect(before).Any()) && DateTime.UtcNow < deadline);
        after.Should().HaveCount(2).And.NotIntersectWith(before, "each instance opened a new listening connection");

        var rang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var bell = second.Services.GetRequiredService<NotificationSignal>().Subscribe("user-after-reconnect", () =>
        {
            rang.TrySetResult();
            return Task.CompletedTask;
        });
        first.Services.GetRequiredService<NotificationSignal>().Publish(["user-after-reconnect"]);

        await rang.Task.WaitAsync(Within, Ct);
    }

    private static async Task<List<int>> ListenerPidsAsync(NpgsqlConnection raw)
    {
        await using var query = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE application_name = @name AND datname = current_database() AND query LIKE 'LISTEN%'", raw);
        query.Parameters.AddWithValue("name", PostgreSqlChangeRelay.ApplicationName);
        var pids = new List<int>();
        await using var reader = await query.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            pids.Add(reader.GetInt32(0));
        }
        return pids;
    }

    [Fact]
    public async Task An_instance_does_not_hear_its_own_changes_twice()
    {
        PostgreSqlDatabase.SkipUnlessAvailable();
        await using var app = new IdentityTestApp(settings: database.Settings);
        await ListeningAsync(app);
        var rang = 0;
        using var bell = app.Services.GetRequiredService<NotificationSignal>().Subscribe("user-once", () =>
        {
            Interlocked.Increment(ref rang);
            return Task.CompletedTask;
        });

        app.Services.GetRequiredService<NotificationSignal>().Publish(["user-once"]);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        rang.Should().Be(1, "the instance's own NOTIFY comes back to it and is dropped");
    }

    [Fact]
    public async Task With_SQLite_there_is_no_relay()
    {
        await using var app = new IdentityTestApp();

        app.Services.GetService<PostgreSqlChangeRelay>().Should().BeNull();
    }
}
