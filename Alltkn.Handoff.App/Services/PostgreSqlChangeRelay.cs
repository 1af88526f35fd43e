using System.Threading.Channels;
using Alltkn.Handoff.App.Data;
using Alltkn.Handoff.App.Notifications;
using Npgsql;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// Live updates across app instances on one PostgreSQL database: every change this instance publishes
/// (<see cref="ChangeNotifier.Published"/>) and every bell signal (<see cref="NotificationSignal.Published"/>) is sent with
/// <c>NOTIFY</c> on <see cref="ChannelName"/> (a <see cref="RelayedChange"/>: ids and kinds, never data), and a
/// dedicated connection doing <c>LISTEN</c> hands what the other instances sent to this instance's pages
/// (<see cref="ChangeNotifier.PublishFromElsewhere"/>, <see cref="NotificationSignal.PublishFromElsewhere"/>). Its own
/// notifications come back too and are dropped by <see cref="InstanceId"/>. Registered only when the provider is
/// PostgreSQL (<see cref="ServicesSetup.AddHandoffChangeRelay"/>); with SQLite there is one instance and pages hear in process.
/// </summary>
/// <remarks>
/// Sending never holds up a save: <see cref="ChangeNotifier.Publish"/> only queues the payload, and a loop sends the queue.
/// A lost connection is opened again after <see cref="ReconnectDelay"/>; what was sent meanwhile is not heard (live updates
/// are a courtesy: every page reads the database when it loads), and a payload that cannot be sent is logged and dropped.
/// </remarks>
public sealed class PostgreSqlChangeRelay(
    HandoffDatabase database,
    ChangeNotifier changes,
    NotificationSignal bell,
    ILogger<PostgreSqlChangeRelay> logger) : BackgroundService
{
    /// <summary>The channel every instance of one database listens on.</summary>
    public const string ChannelName = "handoff_changes";

    /// <summary>The listening connection's application name (in <c>pg_stat_activity</c>).</summary>
    public const string ApplicationName = "handoff-change-relay";

    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many changes wait to be sent at most. They are hints (pages reload what they show), so while the database
    /// cannot be reached the oldest are dropped rather than held without limit; pages catch up at their next load.
    /// </summary>
    public const int MaxQueued = 10_000;

    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(
        new BoundedChannelOptions(MaxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This instance, as its payloads name it.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Completes once the listening connection first runs <c>LISTEN</c> (for start-up checks and tests).</summary>
    public Task Listening => _listening.Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Published += Send;
        bell.Published += Send;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Published -= Send;
        bell.Published -= Send;
        _outgoing.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendQueuedAsync(stoppingToken));

    private void Send(WorkspaceChange change) => _outgoing.Writer.TryWrite(RelayedChange.Of(change, InstanceId).ToJson());

    private void Send(IReadOnlyList<string> userIds)
    {
        foreach (var part in RelayedChange.Bell(userIds, InstanceId))
        {
            _outgoing.Writer.TryWrite(part.ToJson());
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Its own connection, never pooled (LISTEN belongs to the session), with keep-alives so a dead server is noticed.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30, ApplicationName = ApplicationName }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, heard) => Heard(heard.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogWarning(failure, "Listening for other instances' changes failed; listening again in {Delay}", ReconnectDelay);
                try
                {
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Heard(string payload)
    {
        var relayed = RelayedChange.FromJson(payload);
        if (relayed is null)
        {
            logger.LogWarning("A notification on {Channel} was not a change and is ignored", ChannelName);
            return;
        }
        if (relayed.Origin == InstanceId)
        {
            return;
        }
        if (relayed.Kind == RelayedKind.Bell)
        {
            bell.PublishFromElsewhere(relayed.People ?? []);
        }
        else
        {
            changes.PublishFromElsewhere(relayed.ToWorkspaceChange());
        }
    }

    private async Task SendQueuedAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new NpgsqlConnection(database.ConnectionString);
                    await connection.OpenAsync(stoppingToken);
                    while (_outgoing.Reader.TryRead(out var payload))
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", ChannelName);
                        notify.Parameters.AddWithValue("payload", payload);
                        await notify.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
                catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(failure, "A change could not be sent to the other instances; their pages show it when they next load");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
